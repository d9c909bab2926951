"""Finding place names in text: spans with character offsets, their candidate places, and the cues
around them that resolution weighs.

Names are looked for in runs of capitalised words ("Velykyi Burluk", "Kupiansk-Vuzlovyi", "Staryi
Saltiv", "KUPIANSK"), longest match first, by exact key, then — for Latin spellings — by phonetic
key, and — for Cyrillic — by the dictionary forms of inflected words ("у Великому Бурлуці").
A designator after the name ("Oblast", "region", "raion", "River", "station", "direction",
"області", "напрямку") says what kind of place it is and, for areas, rivers and stations, becomes
part of the span. Cues that a capitalised word is *not* a place are recorded or applied here:
people ("Igor Konashenkov", "Gen. Lapin"), organisations and outlets ("Kyiv Independent",
"Donetsk People's Republic"), ordinary words ("Zone", "Mission", "Over") and sentence-initial
capitals. Highway numbers (P07, H26) never match: names have no digits.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

from .index import (
    ADMIN_PHONETIC,
    ADMIN_STEM,
    FOCUS_COUNTRIES,
    KIND_NAMES,
    NAME,
    OWNER_MIN_POPULATION,
    PHONETIC,
    ROMANISATION,
    PlaceIndex,
)
from .morphology import adjective_to_town, area_to_town, dictionary_lemmas, lemma_candidates
from .names import fold, phonetic
from .records import Place
from .spelling import town_keys, ukrainian_keys
from .translit import guess_language, romanisations, romanise_uk
from .vocabulary import (
    AFTER_NAME_OK,
    AREA_CUES,
    BEFORE_NAME_OK,
    COMMON_ZIPF,
    COUNTRY_NAMES,
    LIST_JOIN,
    LOCATIVE,
    PERSON_NAMES,
    PERSON_TITLES,
    PLURAL_SETTLEMENTS,
    REGION_LOCATIVES,
    SETTLEMENT_MARKERS,
    WEAPON_NAMES,
    designator_after,
    find_area_cues,
    listed_designators,
    marker_before,
    region_axis,
    relation_before,
    settlement_after,
    settlement_marker_after,
)

__all__ = ["NameMemo", "Span", "find_spans", "text_chunks", "worded_as_state"]

# Not inside a word: no letter, digit or underscore before (with its marks), nor a letter and an apostrophe
# ("Kup'Yansk"); an apostrophe used as an opening quote ('Kharkiv region') is fine, and so is an emoji
# with its variation selector, a mark after no letter ("❗️Курахове").
_CAP_WORD = regex.compile(
    r"(?<![\p{L}\p{N}_]\p{M}*)(?<![\p{L}\p{M}\p{N}]['’ʼ`])[\p{Lu}\p{Lt}][\p{L}\p{M}]*"
    r"(?:['’ʼ`][\p{L}\p{M}]+)*(?:[-‐‑][\p{L}\p{M}]+(?:['’ʼ`][\p{L}\p{M}]+)*)*"
)
_POSSESSIVES = ("'s", "’s")
# A headline in title case: at least this many words of four letters or more, this share of them capitalised
_LONG_WORD = regex.compile(r"\p{L}{4,}")
_TITLE_WORDS, _TITLE_SHARE, _TITLE_MAX_CHARS = 4, 0.8, 200
# (?r): searched backwards from the end of the text before a name, where they are anchored
_SENTENCE_START = regex.compile(r"(?r)(?:\A|[.!?…:;\n][\"'“”«»)\]]*)[\s\"'“”«»(\[*#•–—-]*\Z")
_PREV_WORD = regex.compile(r"(?r)([\p{L}'’]+)[^\p{L}\n]{0,3}\Z")
_SENTENCE_ENDS = frozenset(".!?…:;")  # the marks that end a sentence in _SENTENCE_START, less \n
_ADJECTIVE_SUFFIXES = ("controlled", "held", "occupied", "based", "installed", "backed", "led", "born")
# "… и Курской областей", "… та Сумській областях": a second oblast and a plural designator after a name
# "Брянской, Курской и Белгородской областей", "Марганецька, Покровська та Червоногригорівська громади":
# a list of adjectives before a plural designator, each the name of one such area
_AREAS_FOLLOW = regex.compile(
    r"(?:[ \t]*,[ \t]*[\p{L}'’-]+)*[ \t]*(?:,|[ \t]+(?:и|і|та|й))[ \t]+[\p{L}'’-]+[ \t]+"
    r"(?:(?P<oblast>областей|областях|областями|областям|області|области)|(?P<hromada>громади|громад|громадах))"
    r"(?![\p{L}])",
    regex.IGNORECASE,
)
_COMMA = regex.compile(r"\A\s*[,(]\s*\Z")
_BRACKET = regex.compile(r"\s*\(\s*\Z")
_SHORT_GAP = 8  # characters between two spans that need no counting of the words in them
_LIST_GOES_ON = regex.compile(r"\s*(?:,\s*(?:and\s)?|and\s|та\s|і\s|й\s|и\s)\s*\p{Lu}")
_MAX_WORDS = 4
# endings of Russian place names that Ukrainian spells otherwise (-ино/-ово → -ине/-ове, -евка → -іївка …);
# adjectival names (-ое, -ая, -ий) are left out: at a sentence's start "Российская", "Крымский" are words
_RUSSIAN_ENDINGS = regex.compile(r"(?:ино|ово|ево|евка|овка|ёвка|инка|елка|ёлка)\Z")
# … and of Ukrainian ones, whose Ukrainian spelling GeoNames often lacks (Drobysheve: only "Дробышево")
_UKRAINIAN_ENDINGS = regex.compile(r"(?:ове|еве|єве|ине|іне|їне|ське|цьке|зьке)\Z")
# a Latin adjective's ending after its stem's -sk, any gender ("Pervomaisky", "Pervomaiska", "-skoye")
_ADJECTIVE_GENDER = regex.compile(r"sk(?:yi|iy|yy|ij|y|a|e|oye|oe|aya|oy|oi)\Z")
_ADJECTIVE_CASE = regex.compile(r"(?:а|ої|ій|у|ою|і|их|им|ими)\Z")  # a Ukrainian adjective's endings
_ADJECTIVAL = regex.compile(r"(?:ое|ая|ий|ый|ой)\Z")
# an oblast's or a republic's adjective right after a name: "Крохмальное Харьковской области", "Новое
# Донецкой Народной Республики"
_OBLAST_FOLLOWS = regex.compile(r"[ \t]+\p{Lu}[\p{L}'’-]+[ \t]+(?:област|обл\.|Народн|район)")
_MARKED = "marked"  # the memo's designator slot for names looked up as a settlement's (see _try)
_CAPITAL_SIZE = 150_000
# A street or square named after a place is no mention of the place: "Sovetskaya Street", "вулиця
# Харківська", "ул. Донецкая", "Kharkivske Avenue", "Independence Square", "площа Конституції".
_STREET_AFTER = regex.compile(
    r"[ \t]*(?:streets?|st\.(?![ \t]*(?-i:\p{Lu}))|avenue|ave\.|boulevard|blvd\.?|lane|prospekt|prospect|"
    r"squares?)"
    r"(?![\p{L}])",
    regex.IGNORECASE,
)
_BRIDGE_AFTER = regex.compile(r"[ \t]*bridge(?![\p{L}])", regex.IGNORECASE)
# The first two letters of every street or bridge word above, lower-cased ("ſ" is an "s" to the pattern):
# text after a name that begins otherwise, as nearly all does, needs no match, which costs several times
# this.
_STREET_STARTS = frozenset(("st", "ſt", "av", "bo", "bl", "la", "pr", "sq", "br"))
_ROAD_AFTER = regex.compile(
    r"(?:[ \t]*[-–—][ \t]*(?-i:\p{Lu})[\p{L}'’]*)*[ \t]+(?P<word>highway|road|motorway|route)(?![\p{L}])",
    regex.IGNORECASE,
)
_DASHES, _ROAD_STARTS = "-–—", frozenset(("hi", "ro", "mo"))  # (what _ROAD_AFTER's text begins with)
_AFTER_STARTS = "(-–—"  # … and what the words of a relation after a name may begin with (see _relation_after)
# A military formation named after a place is no mention of it: "the Azov battalion", "Skhid task force",
# "the Kherson group of forces", "the Yug group", "батальйон" after "Донбас" — where the unit fought is
# named otherwise.
_UNIT_AFTER = regex.compile(
    r"[\"'»”’]?[ \t]*(?:battalions?|brigades?|regiments?|task[ \t]force|group[ \t]of[ \t]forces|groups?|"
    r"operational[ \t-](?:tactical|strategic)[ \t]group|tactical[ \t]group|OTG|OSGT?|"
    r"батальй?он\w*|бригад\w*|полк\w*|угруповання|группировк\w*|"
    # Russia's military and federal districts: "Южный военный округ", "в Южном военном округе"
    r"(?:военн|федеральн|військов)\w*[ \t]+округ\w*)"
    r"(?![\p{L}])",
    regex.IGNORECASE,
)
# The first two letters of every unit word above, lower-cased: as for streets, most text needs no match.
_UNIT_STARTS = frozenset(
    ("ba", "br", "re", "ta", "gr", "op", "ot", "os", "oſ", "ба", "бр", "по", "уг", "гр", "во", "фе", "ві")
)
# An authority of an oblast after a name says the name is the oblast's: "Kharkiv Governor", "the Donetsk
# regional military administration", "Zaporizhzhia regional council" speak for the oblast, not its city.
_AUTHORITY_AFTER = regex.compile(
    r"[ \t]*(?:governor|gov\.|(?:regional|provincial)[ \t]+(?:(?:civil-)?military[ \t]+|state[ \t]+)?"
    r"(?:administration|governor|council|authorities|police|prosecutor))(?![\p{L}])",
    regex.IGNORECASE,
)
_AUTHORITY_STARTS = frozenset(("go", "re", "pr"))
_WORD_AFTER_STARTS = _STREET_STARTS | _UNIT_STARTS | _AUTHORITY_STARTS
# … and so is one named after a formation's word: "группировки «Днепр»", "угруповання «Хортиця»", "ОСУВ
# «Таврія»", "Grouping "Vostok""
_UNIT_BEFORE = frozenset((
    "группировка", "группировки", "группировку", "группировкой", "группировке", "угруповання",
    "угрупованням", "угрупованню", "осув", "оту", "отг", "osuv", "otu", "otg", "group", "grouping",
))  # fmt: skip
# A vessel's name after its kind is no place: "the cruiser Moskva", "the landing ship Novocherkassk",
# "крейсер «Москва»" (Russian warships are named after cities).
_VESSEL_BEFORE = frozenset((
    "ship", "cruiser", "frigate", "corvette", "submarine", "vessel", "warship", "tanker", "flagship",
    "minesweeper", "tug", "крейсер", "крейсера", "крейсері", "крейсере", "корабель", "корабля", "кораблі",
    "корабль", "корабле", "фрегат", "фрегата", "корвет", "корвета", "субмарина", "субмарину", "човен",
    "човна", "лодка", "лодку", "лодки", "бдк", "танкер", "танкера", "судно", "судна",
))  # fmt: skip
# … nor a mine's after its word: "на терриконе шахты Центральная" (as "the Butivka mine" is no village).
_MINE_BEFORE = frozenset(("шахта", "шахти", "шахті", "шахту", "шахтою", "шахты", "шахте", "шахтой"))
# The words right before a name that make it a formation's, a vessel's or a mine's.
_NAMED_THING_BEFORE = _UNIT_BEFORE | _VESSEL_BEFORE | _MINE_BEFORE
# A sea named by its adjective: "у Чорному морі", "в Азовском море" (not the village Chorne).
_SEA_AFTER = regex.compile(r"[ \t]+(?:мор(?:е|і|я|ем|ю)|озер(?:о|і|а|ом))(?![\p{L}])", regex.IGNORECASE)
_STREET_BEFORE = frozenset(
    "вулиця вулиці вулицю вулицею вул провулок провулку проспект проспекту проспекті бульвар бульвару "
    "улица улице улицу улицы ул переулок переулке проспекте площа площі площу площею площадь площади "
    "площадью пл".split()
)
# Markers before a name that say what kind of place it is: "the airport of Luhansk", "the district of
# Kupiansk" (a raion)
_MARKER_QUALIFIERS = {"airport": "airport", "district": "raion"}
#: Markers that make a name a place's whatever the words around it say ("village of X", "X river").
_PLACE_MARKERS = SETTLEMENT_MARKERS | {"river", "station", "airport"}
# A capital standing for its state: "Kyiv says", "Kiev forces", "Moscow-backed", "Kyiv's troops",
# "Київ заявив", "Москва обвинила Киев", "official Kyiv", "accused Kyiv", "pro-Kiev", and the source
# closing a wire headline ("… killed in past day: Kiev."). Words a city's own
# administration is named with ("Kyiv military administration", "Kyiv authorities") are left out:
# they report strikes on the city.
# (plain word tests: they run for every span, and a pattern of these alternatives costs ~7 ms to compile)
# Names that stand for a person, a weapon or a country ("Сили оборони України": the state, not the
# village Ukraina), unless the words before say a place is meant
_NOT_PLACES = PERSON_NAMES | WEAPON_NAMES | COUNTRY_NAMES
_STATE_WORDS = frozenset(
    "forces troops army regime government leadership loyalists says said claims claimed denies denied "
    "accuses accused insists insisted announced announces confirms confirmed warns warned vows vowed "
    "blames blamed rejects rejected admits admitted demands demanded reports soldiers servicemen "
    "urges urged asks asked calls hopes fears expects wants plans prepares refuses refused seeks sought "
    "intends agrees agreed pledges pledged threatens threatened preparing planning trying seeking "
    "refusing did does commented responded".split()
)
# what a capital's possessive owns when it stands for its state: "Kiev's strike on a civilian car"
_STATE_OWNS = frozenset(
    "strike strikes attack attacks shelling provocation provocations offensive counteroffensive "
    "allies backers partners authorities officials request envoy delegation negotiators war invasion "
    "aggression occupation annexation propaganda".split()
)
_STATE_STEMS = (
    "заявив", "заявил", "заявля", "повідоми", "сообщи", "звинува", "обвини", "заперечу", "отрица",
    "вимага", "требу", "визнав", "визнала", "визнає", "признал", "признав",
)  # fmt: skip
_STATE_SUFFIXES = frozenset("backed controlled held led loyal installed appointed allied".split())
_AUXILIARIES = frozenset("has have had also now is was will would".split())
# … and words before it: "official Kyiv", "accused Kyiv", "let Kyiv use the weapons", "urged Kyiv to"
_STATE_BEFORE = frozenset(
    "official accused accuses accusing blamed blames blaming let lets letting urged urges urging".split()
)
_STATE_BEFORE_STEMS = ("офіційн", "официальн", "обвини", "обвиня", "звинува")
# "Five Ukrainian soldiers killed in past day: Kiev." — the wire's source, closing a headline about
# losses (a bare "Air raid alert: Kyiv" names the place)
_SOURCE_BEFORE = regex.compile(
    r"\b(?:killed|wounded|injured|die[sd]?|dead|death|casualties|truce|ceasefire)\b[^:.;\n]*:\s*\Z",
    regex.IGNORECASE,
)
_SOURCE_AFTER = regex.compile(r"\s*(?:military|army)?\s*(?:[.;\n]|\Z)", regex.IGNORECASE)
_NEAR_AFTER = regex.compile(r"\s*\((?:near|nearby|area)\)", regex.IGNORECASE)
_HYPHEN = regex.compile(r"[-‐‑]")
_HYPHENS = ("-", "‐", "‑")  # what _HYPHEN matches, for a test without a match
# designators that name the kind of place and become part of its span ("Luhansk airport")
_DESIGNATOR_IN_SPAN = ("oblast", "raion", "hromada", "river", "station", "airport", "plant", "mine", "height")
# designators beside which administrative and airport stems count ("Izyum Raion" → izyum)
_STEM_DESIGNATORS = ("oblast", "raion", "hromada", "airport", "plant")
_MIN_KEY = 3
_HIGH_FREQUENCY = 5.0  # function words capitalised in headlines ("On", "And", "The")
# common words after a place's name that make it an outlet's or a group's name, not a place: "the Kyiv
# Post reported", "the Kharkiv Human Rights Protection Group documented"
_OUTLET_WORDS = frozenset("post times news daily today herald tribune journal human".split())
_COMMON = COMMON_ZIPF


@dataclass(slots=True)
class Span:
    """A stretch of text that names a place, before resolution."""

    start: int
    end: int
    text: str
    key: str
    hits: dict[int, tuple[int, str]]  # geonameid → (key kind, how it matched)
    qualifier: str | None = None
    relation: str | None = None
    marker: str | None = None
    plural_designator: bool = False
    locative_before: bool = False  # a preposition comes before it ("in Mission")
    # it opens a sentence, after a locative word ("… fled in. Over …"); looked for only there
    sentence_initial: bool = False
    common_zipf: float = 0.0
    allcaps: bool = False  # written in capitals ("KUPIANSK", "NATO")
    admin_follows: bool = False  # the next span is its oblast ("Bilohorivka, Luhansk")
    cue: bool = False  # an area cue ("DPR", "Donbas"): it qualifies other spans, is no mention itself


def text_chunks(text: str, size: int = 60_000) -> Iterator[tuple[int, str]]:
    """Split long text at paragraph or sentence ends into pieces of about ``size`` characters."""
    n = len(text)
    pos = 0
    while pos < n:
        end = min(pos + size, n)
        if end < n:
            cut = max(text.rfind("\n", pos + size // 2, end), text.rfind(". ", pos + size // 2, end))
            end = cut + 1 if cut > pos else end
        yield pos, text[pos:end]
        pos = end


# A capitalised word of a run: (start, end, end without a possessive "'s", the word).
_Word = tuple[int, int, int, str]


def _runs(text: str) -> Iterator[list[_Word]]:
    """Runs of capitalised words separated by one space (or no-break space); a hashtag ("#Vovchansk")
    is a run of its own."""
    run: list[_Word] = []
    prev_end = -1
    tagged = False  # the run is a hashtag
    hashtags = "#" in text
    for m in _CAP_WORD.finditer(text):
        start, end = m.span()
        tag = hashtags and start > 0 and text[start - 1] == "#"
        if run and (tag or tagged or start != prev_end + 1 or text[prev_end] not in " \u00a0"):
            yield run
            run = []
        word = m.group(0)
        run.append((start, end, end - 2 if len(word) > 3 and word.endswith(_POSSESSIVES) else end, word))
        prev_end, tagged = end, tag
    if run:
        yield run


Hits = dict[int, tuple[int, str]]
# The candidates of a Latin word that names no place whatever follows it ("Ministry", "Tuesday"): a
# single such word needs no look at the words after it. Never changed, like every candidate dict.
_NOWHERE: Hits = {}
_MEMO_LIMIT = 100_000


def _merge(a: Hits, b: Hits) -> Hits:
    """Hits of ``a`` and ``b``; a place in both keeps the better (lower) kind."""
    if not a:
        return b
    out = dict(a)
    for g, h in b.items():
        if g not in out or h[0] < out[g][0]:
            out[g] = h
    return out


class NameMemo:
    """What finding names learnt of each name, kept between texts (names repeat across reports): by
    (key, designator), its candidates, and what the designator makes of them (``_Finder._qualified``)."""

    def __init__(self) -> None:
        self.candidates: dict[tuple[str, str | None], Hits] = {}
        self.qualified: dict[tuple[str, str | None], tuple[Hits, str | None]] = {}
        # words that name no place on their own, whatever is around them ("On", "Russian", "Rescue"):
        # a run of one such word needs no look at all
        self.nowhere: set[str] = set()

    def clear(self) -> None:
        self.candidates.clear()
        self.qualified.clear()
        self.nowhere.clear()


class _Finder:
    def __init__(self, index: PlaceIndex, text: str, memo: NameMemo | None = None) -> None:
        self.index = index
        self.text = text
        self.memo = NameMemo() if memo is None else memo
        self._titled: dict[int, bool] = {}  # line start → whether the line is in title case
        # lists a plural designator heads after a colon ("5 громад Сумщини: Білопільську, …")
        self._listed = listed_designators(text)
        self._cues: list[Span] | None = None  # see area_cues

    def lookup(self, keys: dict[str, str]) -> dict[int, tuple[int, str]]:
        """Hits of several keys (key → how it was derived) merged per place, best kind first."""
        hits: dict[int, tuple[int, str]] = {}
        found = self.index.lookup(keys)
        for key, rows in found.items():
            how = keys[key]
            for gid, kind in rows:
                label = how if how != "exact" else KIND_NAMES[kind]
                if gid not in hits or kind < hits[gid][0]:
                    hits[gid] = (kind, label)
        return hits

    def candidates(self, key: str, *, designator: str | None) -> Hits:
        memo_key = (key, designator)
        hits = self.memo.candidates.get(memo_key)
        if hits is None:
            if len(self.memo.candidates) > _MEMO_LIMIT:
                self.memo.clear()
            hits = self.memo.candidates[memo_key] = self._candidates(key, designator)
        return hits

    def _named_after_hits(self, key: str) -> Hits:
        """What a Cyrillic word beside "аеропорт" or "ТЕС" may stand for: the stem of the town the
        airport or plant is named after, from its case form or adjective ("аеропорту Донецька",
        "Донецький аеропорт", "аэропорт Донецка", "Кураховская ТЭС"), also romanised (GeoNames gives
        many airports only Latin names)."""
        return self._romanised_hits([*lemma_candidates(key)[1:], *adjective_to_town(key)])

    def _romanised_hits(self, forms: list[str]) -> Hits:
        """Places of the Cyrillic ``forms`` and of their romanisations."""
        latin = [r for f in forms for r in sorted(romanisations(f))]
        return self.lookup(dict.fromkeys([*forms, *latin], "inflected"))

    def _unlisted_spelling_hits(self, key: str, designator: str | None, *, known: bool) -> Hits:
        """Places of a Cyrillic spelling GeoNames does not list for them, as weakly as a phonetic key.

        A Russian spelling of a place GeoNames names only in Ukrainian and Latin ("Работино",
        "Клещеевка"): its romanisations are read as the Latin Russian-style spellings are ("Rabotino"
        → Robotyne). Nominative forms only: inflected ones went through the lemmas already, and a form
        of each is among them. Adjectival names ("Первомайское") only when ``known`` as a place's name:
        other such words ("Российская") are adjectives. A Ukrainian spelling ("Дробишеве", where
        GeoNames has only "Дробышево") counts only where its national romanisation is a place's key
        exactly: sound-alikes of made-up Ukrainian-looking words would meet villages all over the
        country; so does a ``known`` name in Ukrainian letters whatever its ending ("Ямпіль")."""
        found: Hits = {}
        for form in (key, *lemma_candidates(key)[1:3]):
            # a name of several words ("Великая Новоселка") is tried whatever it ends in
            russian = (
                " " in form
                or bool(_RUSSIAN_ENDINGS.search(form))
                or (known and bool(_ADJECTIVAL.search(form)))
            )
            # a known name in Ukrainian letters may also be a namesake's that GeoNames spells only in
            # Latin ("Ямпіль": Yampil' of Sumy oblast has no Cyrillic name there)
            language = guess_language(form) if known else None  # ("" where both languages write it so)
            ukrainian = bool(_UKRAINIAN_ENDINGS.search(form)) or language == "uk"
            # … and one in letters both languages share ("Терни") only a namesake's own name: the
            # Terny of Donetsk oblast, whose Cyrillic name GeoNames gives only in Russian ("Терны")
            shared = not ukrainian and language == ""
            if not russian and not ukrainian and not shared:
                continue
            if not russian:
                hits = self.lookup({fold(romanise_uk(form, "national")): "exact"})
                if shared:
                    hits = {g: h for g, h in hits.items() if h[0] == NAME}
                found = _merge(found, {g: (max(k, PHONETIC), how) for g, (k, how) in hits.items()})
                continue
            for latin in sorted(romanisations(form))[:2]:
                if latin.isascii():
                    hits = self.candidates(latin, designator=designator)
                    found = _merge(found, {g: (max(k, PHONETIC), how) for g, (k, how) in hits.items()})
        return found

    def _candidates(self, key: str, designator: str | None) -> Hits:
        # Administrative stems ("Kupianska" of Kupianska hromada) count only beside a designator. They
        # are dropped before deciding whether to try other forms: the genitive "Куп'янська" is also
        # such a stem, and must still lead to Kupiansk.
        admin_ok = designator in _STEM_DESIGNATORS

        def usable(hits: Hits) -> Hits:
            return {g: h for g, h in hits.items() if admin_ok or h[0] not in (ADMIN_STEM, ADMIN_PHONETIC)}

        exact = self.lookup({key: "exact"})
        hits = usable(exact)
        if not key.isascii():
            if not hits:
                lemmas = {k: "inflected" for k in lemma_candidates(key)[1:]}
                if designator in ("direction", "raion", "hromada"):
                    # the town an axis or a district is named after (a district the gazetteer lacks —
                    # "Шебекинский городской округ" — stands for its town)
                    lemmas.update({k: "inflected" for k in adjective_to_town(key)})
                hits = usable(self.lookup(lemmas))
            if not hits and " " not in key and len(key) > 4:
                hits = usable(self.lookup({k: "inflected" for k in dictionary_lemmas(key) if k != key}))
            if designator in ("airport", "plant"):
                hits = _merge(hits, usable(self._named_after_hits(key)))
            elif designator in ("raion", "hromada"):
                # a city's districts are often named only in Latin ("Saltivskyi district")
                hits = _merge(hits, usable(self._romanised_hits(lemma_candidates(key))))
            if len(key) > 4:
                # also where GeoNames gives some namesakes the Russian spelling and not others: a
                # village's Russian name is often missing ("Первомайское" near Avdiivka)
                hits = _merge(hits, self._unlisted_spelling_hits(key, designator, known=bool(hits)))
        else:
            variants = ukrainian_keys(key)
            found: Hits = {}
            # areas are named by adjectives spelt every way (Kirovskyi, Kirovskiy, Kirovsky): their
            # phonetic keys always count
            # a sound-alike of fewer than four letters is met by chance ("Year" sounds like Yar)
            if (not hits or admin_ok) and len(sound := phonetic(key)) >= 4:
                found = self.lookup({sound: "phonetic"})
                hits = _merge(hits, {g: (max(k, PHONETIC), how) for g, (k, how) in usable(found).items()})
            if variants:
                hits = _merge(hits, self._variant_hits(variants, usable, weak=self._a_towns_own(hits)))
            if designator in ("raion", "hromada") and (stem := _ADJECTIVE_GENDER.sub("sk", key)) != key:
                # "Pervomaisky community" for the Pervomaiska hromada: the adjective in any gender
                hits = _merge(hits, usable(self.lookup({stem: "phonetic"})))
            # "the Krasnolimansky direction": the towns behind the adjective; "Kupianskyi raion", where
            # the gazetteer lacks the raion: its town
            if designator == "direction" or (designator in ("raion", "hromada") and not hits):
                towns = town_keys(key)
                found_towns = usable(self.lookup(dict.fromkeys(towns, "inflected")))
                hits = _merge(hits, found_towns or self._variant_hits(towns, usable))
            if not hits and not exact and not found and not variants:
                return _NOWHERE
        return hits

    def _a_towns_own(self, hits: Hits) -> bool:
        """Whether one of ``hits`` is a town of :data:`OWNER_MIN_POPULATION` or more by its own name."""
        own = [g for g, (k, _) in hits.items() if k == NAME]
        towns = self.index.places(own).values() if own else ()
        return any(p.population >= OWNER_MIN_POPULATION for p in towns)

    def _variant_hits(
        self, variants: tuple[str, ...], usable: Callable[[Hits], Hits], *, weak: bool = False
    ) -> Hits:
        """Places whose Ukrainian name a Russian-style spelling maps to (see ``spelling.py``): as good
        as a romanisation when the mapped form is one of their keys, as a phonetic key otherwise — or
        always (``weak``) where the spelling is a town's own name, and so less surely another's
        Russian-style one: "Tavriisk" is the town of 10,000 before a village called Tavriiske (but
        "the village of Luhansk" is Luhanske, so the variant stays)."""
        exact = usable(self.lookup(dict.fromkeys(variants, "variant")))
        phonetic_keys = {phonetic(v): "variant" for v in variants if len(v) >= 4}
        loose = usable(self.lookup(phonetic_keys))
        out = {g: (max(k, PHONETIC), how) for g, (k, how) in loose.items()}
        best = PHONETIC if weak else ROMANISATION
        return _merge(out, {g: (max(k, best), how) for g, (k, how) in exact.items()})

    def spans(self) -> list[Span]:
        cues = self.area_cues()
        out: list[Span] = []
        nowhere = self.memo.nowhere
        for run in _runs(self.text):
            if len(run) == 1:  # most runs: one word, tried once
                bare = self._designator(run[0][0], run[0][2]) is None
                if bare and run[0][3] in nowhere:
                    continue
                span = self._try(run, 0, 1)
                if span is not None:
                    if not self._context(span, run, 0, 1):
                        out.append(span)
                elif any(map(run[0][3].__contains__, _HYPHENS)):
                    out.extend(self._hyphen_parts(run[0]))
                elif bare and self._nowhere(fold(self.text[run[0][0] : run[0][2]])):
                    if len(self.memo.nowhere) > _MEMO_LIMIT:
                        self.memo.nowhere.clear()
                    self.memo.nowhere.add(run[0][3])
            else:
                out.extend(self._run_spans(run))
        if cues:
            out = sorted(
                [*cues, *(s for s in out if not any(c.start < s.end and s.start < c.end for c in cues))],
                key=lambda s: s.start,
            )
        if len(out) > 1:  # (a name alone is linked to none)
            self._link_areas(out)
        return out

    def area_cues(self) -> list[Span]:
        """The DPR, LPR and Donbas named in the text, as oblast spans that are no mentions (AREA_CUES);
        found once per text (the finder asks again of each longer name: see :meth:`_try`)."""
        if self._cues is None:
            self._cues = []
            for m in find_area_cues(self.text):
                admin = self.index.admin1()
                codes = (m.lastgroup or "")[1:].split("_")
                hits = {admin[("UA", c)].geonameid: (0, "name") for c in codes if ("UA", c) in admin}
                if hits:
                    span = Span(m.start(), m.end(), m.group(0), fold(m.group(0)), hits, "oblast", cue=True)
                    self._cues.append(span)
        return self._cues

    def _adm1(self, hits: dict[int, tuple[int, str]]) -> dict[int, tuple[int, str]]:
        """The oblasts among ``hits`` (told by id: no place is read)."""
        oblasts = self.index.adm1_ids()
        return {g: h for g, h in hits.items() if g in oblasts}

    def _link_areas(self, spans: list[Span]) -> None:
        """Read "Donetsk and Luhansk oblasts" as two oblasts, "Bilohorivka, Luhansk" as a village and
        its oblast, and "near Balakliia and Izium" as near both."""
        # a plural designator reaches back along the list ("Lyman, Siversk and Kupiansk directions"),
        # an axis's designator to each town of it ("the Kupyansk-Lyman direction")
        for a, b in reversed(list(itertools.pairwise(spans))):
            joint = self.text[a.end : b.start]
            axis = b.qualifier == "direction" and joint in _HYPHENS
            # (a list of hromadas' adjectives takes in no town: "Нікополь, Марганецька та Покровська громади")
            if (
                a.qualifier is None
                and ((b.plural_designator and LIST_JOIN.match(joint)) or axis)
                and not (
                    b.qualifier == "hromada" and not a.key.isascii() and not _ADJECTIVE_CASE.search(a.key)
                )
            ):
                hits, qualifier = self._qualified(a.key, b.qualifier)
                # "в Харкові та Харківській області", "у місті Києві та …": a city and the oblast named
                # after it ("області" is also a plural), not two oblasts
                city = qualifier == "oblast" and (
                    a.marker in SETTLEMENT_MARKERS or self._same_areas(hits, b.hits)
                )
                if hits and not city:
                    a.hits, a.qualifier, a.plural_designator = hits, qualifier, b.plural_designator
        gaps = _list_gaps(self.text, spans)
        if any(s.relation for s in spans):  # (most texts place nothing relative to a name)
            _share_relations(spans, gaps)
        carried = False  # whether the last span is a settlement by a plural word before its list
        for (a, b), gap in zip(itertools.pairwise(spans), gaps, strict=True):
            if gap is None:
                carried = False
                continue
            # "у районах населених пунктів Мирноград, Промінь та Лисівка": each is a settlement
            carried = (
                b.marker is None
                and a.marker in SETTLEMENT_MARKERS
                and (carried or bool(PLURAL_SETTLEMENTS.search(self.text, max(0, a.start - 40), a.start)))
                and LIST_JOIN.match(gap) is not None
            )
            if carried:
                b.marker = "settlement"
            if b.plural_designator:
                continue
            if (
                a.qualifier in (None, "raion", "hromada")  # "Ivanivka, Luhansk", "Kramatorsk raion, Donetsk"
                and b.qualifier is None
                and _COMMA.match(gap)
                and not _LIST_GOES_ON.match(self.text, b.end)
                and not self.text.startswith(_POSSESSIVES, b.end)  # "Lozove (Donetsk's north-western suburb)"
            ):
                admin = self._adm1(self.candidates(b.key, designator="oblast"))
                places = self.index.places(a.hits).values()
                inside = {(p.country_code, p.admin1_code) for p in places}
                oblasts = [(p.country_code, p.admin1_code) for p in self.index.places(admin).values()]
                if admin and (
                    any(o in inside for o in oblasts)
                    # a Ukrainian oblast's name alone in brackets after a village of many namesakes is
                    # its oblast, though the gazetteer has none of them there: "Ivanivka (Kharkiv)" is
                    # one it lacks, not a namesake elsewhere (a town, or a place of its own name, is that
                    # place, its oblast mistaken or the bracket another town: "Velyka Novosilka
                    # (Zaporizhzhia)", "Kherson (Mykolaiv)")
                    or (
                        _bracketed(self.text, gap, b)
                        and any(c == "UA" for c, _ in oblasts)
                        and len(places) > 1
                        and not any(_a_town(p) for p in places)
                    )
                ):
                    b.hits, b.qualifier = admin, "oblast"
                    a.admin_follows = True
            elif (
                a.qualifier == b.qualifier == "oblast"
                and _COMMA.match(gap)
                and not _LIST_GOES_ON.match(self.text, b.end)
            ):
                self._raion_of(a, b)
        for a, b in itertools.pairwise(spans):
            if (
                a.qualifier is None
                and b.qualifier is None
                and b.admin_follows
                and _BRACKET.match(self.text, a.end, b.start)
            ):
                self._town_as_raion(b)

    def _same_areas(self, a: Hits, b: Hits) -> bool:
        """Whether two names said to be oblasts may be the same oblast: by their oblasts, else by the
        cities that stand for one (see :meth:`_qualify`)."""
        return not self._regions(a).isdisjoint(self._regions(b))

    def _regions(self, hits: Hits) -> set[tuple[str, str]]:
        """The oblasts among ``hits``, else those their cities that stand for one are in."""
        oblasts = self._oblasts(hits)
        if oblasts:
            return oblasts
        places = self.index.places(hits).values()
        return {
            (p.country_code, p.admin1_code)
            for p in places
            if p.feature_code in ("PPLA", "PPLC") or p.population >= _CAPITAL_SIZE
        }

    def _oblasts(self, hits: Hits) -> set[tuple[str, str]]:
        """``(country, admin1 code)`` of the oblasts among ``hits``."""
        return {(p.country_code, p.admin1_code) for p in self.index.places(self._adm1(hits)).values()}

    def _town_as_raion(self, b: Span) -> None:
        """ "Ivanivka (Kramatorsk, Donetsk)": the town named in brackets after a place, with the oblast
        after it, names the raion the place lies in (the town is its seat), not a second place."""
        hits, qualifier = self._qualified(b.key, "raion")
        oblasts = {(p.country_code, p.admin1_code) for p in self.index.places(b.hits).values()}
        raions = self.index.places(hits).values()
        if qualifier == "raion" and any(
            p.feature_class == "A" and (p.country_code, p.admin1_code) in oblasts for p in raions
        ):
            b.hits, b.qualifier = hits, "raion"

    def _raion_of(self, a: Span, b: Span) -> None:
        """ "Sverdlovsk region, Luhansk region", "Amvrosievsky region, Donetsk region": a region named before
        an oblast that holds a raion of that name, and is no oblast beside it, is that raion (translations
        from Russian call a raion a "region"); "Kharkiv region, Donetsk region" stays two oblasts."""
        areas = self._oblasts(b.hits)
        if not areas or self._oblasts(a.hits) & areas:
            return
        hits, _ = self._qualified(a.key, "raion")
        places = self.index.places(hits).values()
        if any(p.feature_class == "A" and (p.country_code, p.admin1_code) in areas for p in places):
            a.hits, a.qualifier = hits, "raion"
            a.admin_follows = True

    def _hyphen_parts(self, word: _Word) -> list[Span]:
        """The places of a hyphenated word that names none as a whole: a route or an axis
        ("Mariupol-Manhush-Berdiansk", "Svatovo-Kremenskoye direction")."""
        out = []
        start = word[0]
        for part in _HYPHEN.split(self.text[word[0] : word[2]]):
            part_word = (start, start + len(part), start + len(part), part)
            start += len(part) + 1
            if len(part) < _MIN_KEY or not part[:1].isupper():
                continue
            span = self._try([part_word], 0, 1)
            if span is not None and not self._context(span, [part_word], 0, 1):
                out.append(span)
        return out

    def _qualified(self, key: str, designator: str | None) -> tuple[Hits, str | None]:
        """The candidates of a name and what its designator makes of it: "the Balakleya and Izyum
        regions" name no oblasts but the areas around two towns, read as raions."""
        found = self.memo.qualified.get((key, designator))
        if found is None:
            found = self.memo.qualified[key, designator] = self._qualify(key, designator)
        return found

    def _qualify(self, key: str, designator: str | None) -> tuple[Hits, str | None]:
        if designator == "direction" and (region := region_axis(key)) is not None:
            # an axis named after a region, not a town: "the Prydniprovske axis" is the Dnipro's front
            # in Kherson oblast, not the village of Prydniprovske 150 km up the river
            return self._qualified(region, "oblast")
        hits = self.candidates(key, designator=designator)
        if designator is None and hits and len(self._adm1(hits)) == len(hits):
            return hits, "oblast"  # a name of oblasts alone ("Донеччини", "Kharkivshchyna") is an oblast's
        if not hits and designator is None and not key.isascii():
            # "на Куп'янщині", "Ізюмщина": the area around a town, read as the town's raion
            for town in area_to_town(key):
                hits = self.candidates(town, designator="raion")
                if hits:
                    return hits, "raion"
        if designator == "oblast" and hits and not self._adm1(hits):
            # an oblast's capital (a seat, or a city as big as one where cities500 has no feature
            # codes) stands for the oblast GeoNames may lack ("the Kursk region")
            places = self.index.places(hits).values()
            towns = [p for p in places if p.feature_class == "P"]
            if not any(p.feature_code in ("PPLA", "PPLC") or p.population >= _CAPITAL_SIZE for p in towns):
                return self.candidates(key, designator="raion"), "raion"
        return hits, designator

    def _run_spans(self, run: list[_Word]) -> list[Span]:
        found: list[Span] = []
        i = 0
        length = 1
        while i < len(run):
            span = None
            for length in range(min(_MAX_WORDS, len(run) - i), 0, -1):
                span = self._try(run, i, length)
                if span is not None:
                    break
            if span is None:
                i += 1
                continue
            if not self._context(span, run, i, length):
                found.append(span)
            i += length
        return found

    def _try(self, run: list[_Word], i: int, length: int) -> Span | None:
        start = run[i][0]
        _, _, end, last_word = run[i + length - 1]
        key = fold(self.text[start:end])
        if len(key) < _MIN_KEY:
            return None
        designator, dlen, plural = designator_after(self.text, end)
        if designator is None and self._listed:  # "5 громад Сумщини: Білопільську, …"
            designator = self._designator(start, end)
            plural = designator is not None
        # a Russian adjectival name the words say is a settlement's: "населенный пункт Крохмальное",
        # "заняли Крохмальное Харьковской области" (GeoNames may spell it only in Ukrainian and Latin)
        marked = (
            length == 1
            and designator is None
            and not key.isascii()
            and _ADJECTIVAL.search(key) is not None
            and (_OBLAST_FOLLOWS.match(self.text, end) is not None or self._settlement_before(start))
        )
        # a word with no candidates of its own may still have some as a raion's, a hromada's …: "Chuguevsky
        # district" is found whether "Chuguevsky" alone was met before or not
        if length == 1 and designator is None and not marked and self._nowhere(key):
            return None
        if length > 1 and (
            designator == "oblast"
            or (self.area_cues() and AREA_CUES.match(self.text, run[i + length - 1][0]))
        ):
            # "Николаевка Донецкой области", "… Донецкой Народной Республики": the last word begins the
            # oblast's name, not part of a longer one (a station "Mykolaivka-Donetska" matched the two)
            return None
        if length > 1 and designator is None:
            designator, _, plural = designator_after(" " + last_word)
            if designator == "direction":  # "Kupiansk Direction": the name is the shorter span
                return None
            if designator is not None:  # "Donetsk Oblast" as one run: look the name up without it
                key = fold(self.text[start : run[i + length - 2][1]])
                dlen = 0
        hits, designator = self._qualified(key, designator)
        if (
            not hits
            and designator is None
            and not key.isascii()
            and (areas := _AREAS_FOLLOW.match(self.text, end))
        ):
            # "Брянской и Курской областей": the first of two oblasts, an adjective no town is named by
            hits, designator = self._qualified(key, areas.lastgroup or "oblast")
            plural = True
        if not hits and marked:
            hits = self._marked_adjective_hits(key)
        if not hits:
            return None
        if designator in _DESIGNATOR_IN_SPAN and dlen:
            end += dlen
        return Span(start, end, self.text[start:end], key, hits, designator, None, None, plural)

    def _words_before(self, start: int) -> tuple[str, regex.Match[str] | None, str]:
        """The text before ``start`` that markers and relations are read in, its last word's match, and
        that word folded ("" when there is none)."""
        before = self.text[max(0, start - 60) : start]
        prev = _PREV_WORD.search(before)
        return before, prev, fold(prev.group(1)) if prev else ""

    def _settlement_before(self, start: int) -> bool:
        """Whether the words before ``start`` say a settlement's name follows ("село", "населенный пункт")."""
        before, _, last = self._words_before(start)
        return marker_before(before, last) in SETTLEMENT_MARKERS

    def _marked_adjective_hits(self, key: str) -> Hits:
        """Places a Russian adjectival name may be where the words say it is a settlement's (memoised)."""
        memo_key = (key, _MARKED)
        hits = self.memo.candidates.get(memo_key)
        if hits is None:
            if len(self.memo.candidates) > _MEMO_LIMIT:
                self.memo.clear()
            hits = self.memo.candidates[memo_key] = self._unlisted_spelling_hits(key, None, known=True)
        return hits

    def _designator(self, start: int, end: int) -> str | None:
        """What a designator right after the name ``text[start:end]``, or heading the list it is in,
        says it is (None when nothing does)."""
        designator = designator_after(self.text, end)[0]
        if designator is None and self._listed:
            designator = next((q for a, b, q in self._listed if a <= start < b), None)
        return designator

    def _nowhere(self, key: str) -> bool:
        """Whether ``key`` names no place alone whatever is around it: too short, or no candidates at
        all (known once it was looked up)."""
        return len(key) < _MIN_KEY or self.memo.candidates.get((key, None)) is _NOWHERE

    def _named_as_place(self, span: Span, last: str | None) -> bool:
        """Whether a name that is no place (a person's, a weapon's, a country's) is a place here: a first
        name written as one (:func:`_first_name_as_place`), and then only by a place's own name — no
        sound-alike — in the oblast named after it, if any ("Serhii (Kharkiv)" is no Serho of Kharkiv
        oblast, nor the Serhii of Chernivtsi oblast). Keeps those hits in ``span``."""
        oblast = _first_name_as_place(self.text, span, last)
        if oblast is None:
            return False
        own = {g: h for g, h in span.hits.items() if h[0] == NAME}
        if oblast:  # the oblast's name as the finder reads one ("Kherson", "Херсонська")
            named = self.index.places(self._adm1(self.candidates(fold(oblast), designator="oblast")))
            codes = {p.admin1_code for p in named.values() if p.country_code == "UA"}
            places = self.index.places(own)
            own = {g: h for g, h in own.items() if g in places and places[g].admin1_code in codes}
        span.hits = own
        return bool(own)

    def _context(self, span: Span, run: list[_Word], i: int, length: int) -> bool:
        """Record the cues around ``span`` in it; True when they say it names no place."""
        text = self.text
        before, prev, last = self._words_before(span.start)
        span.marker = marker_before(before, last)
        if span.marker is None:
            span.marker = settlement_marker_after(text, span.end)  # "Ilovaisk village"
        elif span.qualifier is None and (said := _MARKER_QUALIFIERS.get(span.marker)):
            span.hits, span.qualifier = self._qualified(span.key, said)
        # one look at the two letters after the name tells whether a street, unit or authority may follow
        head = text[span.end : span.end + 14].lstrip(" \t\"'»”’")[:2].lower()
        words_after = len(head) < 2 or head in _WORD_AFTER_STARTS
        if span.qualifier is None and _oblast_by_words(text, span, last, words_after):
            hits, qualifier = self._qualified(span.key, "oblast")
            if qualifier == "oblast" and self._adm1(hits):  # "Kharkiv Governor": the oblast's governor
                span.hits, span.qualifier = hits, "oblast"
        span.relation = relation_before(before, last, oblast=span.qualifier == "oblast")
        if span.relation is None and (head[:1] in _AFTER_STARTS or head in _ROAD_STARTS):
            span.relation = _relation_after(text, span.end, last == "the")
        span.locative_before = last in LOCATIVE
        span.sentence_initial = span.locative_before and i == 0 and _opens_sentence(before, prev)
        span.allcaps = span.text.isupper() and len(span.text) > 1
        if " " not in span.key:
            span.common_zipf = self.index.zipf(span.key)
        # (a formation's or a vessel's word right before the name: "the group Vostok", "the cruiser Moskva",
        # not "… group. Maryinka")
        named_before = (
            last in _NAMED_THING_BEFORE and prev is not None and not before[prev.end(1) :].strip(" \t«\"'“")
        )
        if (
            last in _STREET_BEFORE
            or named_before
            or (words_after and (_street_after(text, span.end, span.key) or _unit_after(text, span.end)))
            or (not span.key.isascii() and _SEA_AFTER.match(text, span.end) is not None)
        ):
            return True  # a street, a military unit, a ship or a sea named after the place
        if span.marker in _PLACE_MARKERS or span.qualifier is not None:
            return False  # "village of X", "X Oblast": a place whatever the words around say
        if last in PERSON_TITLES or (span.key in _NOT_PLACES and not self._named_as_place(span, last)):
            return True
        # in a line written in capitals ("ВИБУХИ У ХАРКОВІ") or in title case ("Russian Shelling Of Kharkiv
        # Kills Two") the words around say nothing by their case
        shouted = span.allcaps
        if (
            i > 0
            and not (shouted and run[i - 1][3].isupper())
            and not self._ok_before(fold(run[i - 1][3]), run[i - 1], i - 1 == 0)
            and not self._title_case(span.start)
        ):
            return True
        after = i + length
        # an acronym after the name, declined or not, is no part of it ("Костянтинівку КАБами", "Bakhmut
        # HIMARS strike"); nor is what the place owns ("Chasiv Yar's Kanal microdistrict"), unless that
        # is a place itself, the event's ("Kyiv's Boryspil airport"), other than a district of it
        if after < len(run) and text.startswith(_POSSESSIVES, span.end):
            if designator_after(text, run[after][1])[0] in ("raion", "hromada", "oblast"):
                return False  # "Kharkiv's Kyivskyi district": the city says which district
            owned = self.index.places(self.candidates(fold(run[after][3]), designator=None)).values()
            return any(p.country_code in FOCUS_COUNTRIES and p.feature_class in "PS" for p in owned)
        if after < len(run) and not (
            run[after][3].isupper() if shouted else sum(map(str.isupper, run[after][3])) > 1
        ):
            return self._in_another_name(span, run[after])
        return False

    def _in_another_name(self, span: Span, w: _Word) -> bool:
        """Whether the capitalised word ``w`` right after ``span`` makes the span part of another name:
        a person's or an outlet's ("the Kyiv Post", "the Kharkiv Human Rights Protection Group") —
        not a word that places take ("Kharkiv Governor"), an oblast's name ("Петропавловка Харьковской
        области", "у Бахмуті Донеччини") or a headline's capitals."""
        word = fold(w[3])
        if word in _OUTLET_WORDS:
            return not self._title_case(span.start)
        return (
            word not in AFTER_NAME_OK
            and self.index.zipf(word) < _HIGH_FREQUENCY
            and designator_after(self.text, w[1])[0] not in ("oblast", "raion", "hromada")
            and self._qualified(word, None)[1] != "oblast"
            and not AREA_CUES.match(self.text, w[0])  # "Калиновое Донецкой Народной Республики"
            and not self._title_case(span.start)
        )

    def _title_case(self, pos: int) -> bool:
        """Whether the line around ``pos`` is a headline in title case: nearly all its words of four
        letters or more begin with a capital (memoised per line)."""
        start = self.text.rfind("\n", 0, pos) + 1
        titled = self._titled.get(start)
        if titled is None:
            end = self.text.find("\n", pos)
            end = len(self.text) if end < 0 else end
            titled = False
            # a headline is a short line of one sentence; most text comes in long lines of several
            if end - start <= _TITLE_MAX_CHARS and self.text.find(". ", start, end) < 0:
                words = _LONG_WORD.findall(self.text, start, end)
                capitals = sum(1 for w in words if w[0].isupper())
                titled = len(words) >= _TITLE_WORDS and capitals >= _TITLE_SHARE * len(words)
            self._titled[start] = titled
        return titled

    def _ok_before(self, word: str, w: _Word, first_in_run: bool) -> bool:
        if word in PERSON_NAMES or word in PERSON_TITLES:
            return False
        if word in BEFORE_NAME_OK or word.endswith(_ADJECTIVE_SUFFIXES) or w[3].endswith(_POSSESSIVES):
            return True
        sentence_start = first_in_run and _SENTENCE_START.search(self.text[max(0, w[0] - 10) : w[0]])
        # "Near Kupiansk", "After Izium", "Жители Соледара" — a word capitalised only because it opens
        # the sentence: a common word, or one that names no place at all
        return bool(sentence_start) and (
            word in LOCATIVE or self.index.zipf(word) >= _COMMON or not self.candidates(word, designator=None)
        )


# Where a name that is also a first name is the place: "in Stanislav", "shelled Stanislav (Kherson)",
# "Stanislav, Kherson region" — the Stanislav of Kherson oblast, not a person ("we spoke to Serhii",
# "the wife of Serhii", "Serhii (Reuters) said" are people).
_PLACED_BEFORE = frozenset("in near outside around у в під біля поблизу под возле около".split())
_PLACED_AFTER = regex.compile(
    r"[ \t]*\([ \t]*(?P<oblast>\p{Lu}\p{L}+)[ \t]*\)"
    r"|,[ \t]*(?P<oblast_word>\p{Lu}\p{L}+)[ \t]+(?:region|oblast|область|області|области)\b"
)


def _bracketed(text: str, gap: str, span: Span) -> bool:
    """Whether ``span`` stands alone in brackets that open in ``gap``, right before it."""
    return _BRACKET.match(gap) is not None and text.startswith(")", span.end)


_SEATS = frozenset(("PPLC", "PPLA", "PPLA2", "PPLA3"))


def _a_town(place: Place) -> bool:
    """A seat of a raion or more, or a settlement of :data:`OWNER_MIN_POPULATION` or more."""
    return place.feature_code in _SEATS or place.population >= OWNER_MIN_POPULATION


def _first_name_as_place(text: str, span: Span, last: str | None) -> str | None:
    """Where a first name (PERSON_NAMES: surnames too) is written as a place: after "in", "near" … (``""``:
    anywhere), or with its oblast after it in brackets or before "region" (the oblast's name as written)
    — and never with a surname or possessive after it ("Stanislav Kovalenko", "in Stanislav's view"):
    None."""
    if span.key not in PERSON_NAMES:
        return None
    after = text[span.end : span.end + 3]
    if after[:1] in ("'", "’") or (after[:1].isspace() and after[1:2].isupper()):
        return None
    if last in _PLACED_BEFORE:
        return ""
    m = _PLACED_AFTER.match(text, span.end)
    return (m.group("oblast") or m.group("oblast_word")) if m else None


def _street_after(text: str, pos: int, key: str) -> bool:
    """Whether a street word ("Street", "Ave.") follows a name that ends at ``pos`` — or a bridge word
    an adjective (``key``): "the Antonivskyi bridge" names the bridge by Kherson, not the village of
    Antonivske 200 km off ("the Kerch bridge" is by Kerch)."""
    head = text[pos : pos + 12].lstrip(" \t")
    if len(head) >= 2 and head[:2].lower() not in _STREET_STARTS:
        return False
    if _STREET_AFTER.match(text, pos) is not None:
        return True
    return _ADJECTIVE_GENDER.search(key) is not None and _BRIDGE_AFTER.match(text, pos) is not None


def _oblast_by_words(text: str, span: Span, last: str | None, words_after: bool) -> bool:
    """Whether the words around a town's name make it its oblast's: an authority after it ("Kharkiv
    Governor"), or Ukrainian "на" before the region a city's name also is ("На Запоріжжі": "у
    Запоріжжі" is the city)."""
    if last == "на" and span.key in REGION_LOCATIVES:
        return True
    return words_after and _authority_after(text, span.end)


def _list_gaps(text: str, spans: list[Span]) -> list[str | None]:
    """What lies between each name and the next (after a settlement word: "X village and Y"); None where
    more than a list's words do: neither a list ("X and Y", "X, Y") nor a village and its oblast
    ("X, Y")."""
    gaps: list[str | None] = []
    for a, b in itertools.pairwise(spans):
        gap = text[a.end + settlement_after(text, a.end) : b.start]
        gaps.append(None if len(gap) > _SHORT_GAP and len(gap.split(None, 2)) > 2 else gap)
    return gaps


def _share_relations(spans: list[Span], gaps: list[str | None]) -> None:
    """Give each name of a list the relation of the one before it: "north of X and Y", "near X (south of
    Y) and Z" (the list taken up after an aside in brackets, where a word joins it: after a bare comma
    it may be another list — "near Amvrosiivka (Donetsk region), Marynivka checkpoint"). ``gaps``: what
    lies between each name and the next, None where it is more than a list's words."""
    aside: Span | None = None  # the name before an aside in brackets
    for (a, b), gap in zip(itertools.pairwise(spans), gaps, strict=True):
        if gap is None:
            aside = None
            continue
        closed = gap.find(")")
        if closed >= 0 and aside is not None:
            after = gap[closed + 1 :]
            if (
                aside.relation
                and not b.relation
                and LIST_JOIN.match(after)
                and after.strip(" \t,") != ""  # (a word joins it: not a bare comma)
                and _shares_relation(aside.relation, after)
            ):
                b.relation = aside.relation
            aside = None
        elif a.relation and not b.relation and _shares_relation(a.relation, gap):
            b.relation = a.relation
        if closed < 0 and "(" in gap:
            aside = a


def _shares_relation(relation: str, gap: str) -> bool:
    """Whether the name after ``gap`` stands in the ``relation`` of the name before it: a list ("north
    of X and Y"), or the other end of a road ("на трасі Бахмут–Лисичанськ")."""
    dash = gap.strip()
    return LIST_JOIN.match(gap) is not None or (relation == "toward" and dash != "" and dash in _DASHES)


def _relation_after(text: str, pos: int, the_before: bool) -> str | None:
    """How the words just after a name that ends at ``pos`` place something relative to it: "near" for
    "Pervomaisk (near)", "toward" for a road named after it ("on the Lysychansk highway", "the
    Bakhmut-Lysychansk road": somewhere along it, not in the town; ``the_before``: "the" before the
    name)."""
    if _near_after(text, pos):
        return "near"
    return "toward" if _road_after(text, pos, the_before) else None


def _road_after(text: str, pos: int, the_before: bool) -> bool:
    """Whether a road word follows a name that ends at ``pos``, or follows the names joined to it by
    dashes ("the Bakhmut–Lysychansk highway"). "Road" and "route" count only after "the" or a dash
    ("the Lysychansk road", "Mariupol-Berdiansk route"): "in Kherson road infrastructure was hit"."""
    head = text[pos : pos + 4].lstrip(" \t")
    dash = head[:1] in _DASHES and head != ""
    if not dash and head[:2].lower() not in _ROAD_STARTS:
        return False
    m = _ROAD_AFTER.match(text, pos)
    return m is not None and (dash or the_before or m.group("word").lower() in ("highway", "motorway"))


def _unit_after(text: str, pos: int) -> bool:
    """Whether a military unit word ("battalion", "task force") follows a name that ends at ``pos``."""
    head = text[pos : pos + 12].lstrip(" \t\"'»”’")
    if len(head) >= 2 and head[:2].lower() not in _UNIT_STARTS:
        return False
    return _UNIT_AFTER.match(text, pos) is not None


def _letters(text: str) -> str:
    """The letters ``text`` begins with, in lower case."""
    n = 0
    while n < len(text) and text[n].isalpha():
        n += 1
    return text[:n].lower()


def worded_as_state(text: str, start: int, end: int) -> bool:
    """Whether the words around the name ``text[start:end]`` make it a state, not a place ("Kyiv says",
    "Kiev forces", "Moscow-backed", "official Kyiv", "pro-Kiev", "…: Kiev." closing a headline). Asked
    only of national capitals (see resolution._mention), not of every span the finder weighs."""
    before = text[max(0, start - 60) : start]
    prev = _PREV_WORD.search(before)
    last = fold(prev.group(1)) if prev else ""
    if (
        last in _STATE_BEFORE
        or last.startswith(_STATE_BEFORE_STEMS)
        or (last == "pro" and before[-1:] == "-")
    ):
        return True
    after = text[end : end + 60]
    owner = after[:2] in ("'s", "’s", "\ufffds")  # (the last: an apostrophe lost to a wrong encoding)
    if owner:
        after = after[2:]
    if after[:1] == "-":
        return _letters(after[1:]) in _STATE_SUFFIXES
    if after[:1].isspace():
        words = [_letters(w) for w in after.split(None, 3)[:3]]
        if owner and words and words[0] in _STATE_OWNS:
            return True
        if words and words[0] in _AUXILIARIES:
            words = words[1:]
        if words and (words[0] in _STATE_WORDS or words[0].startswith(_STATE_STEMS)):
            return True
        if words and words[0] == "military" and not (len(words) > 1 and words[1] == "administration"):
            return True
    return bool(
        before.rstrip()[-1:] == ":" and _SOURCE_AFTER.match(text, end) and _SOURCE_BEFORE.search(before)
    )


def _authority_after(text: str, pos: int) -> bool:
    """Whether an oblast's authority ("Governor", "regional military administration") follows a name
    that ends at ``pos``."""
    head = text[pos : pos + 12].lstrip(" \t")
    if len(head) >= 2 and head[:2].lower() not in _AUTHORITY_STARTS:
        return False
    return _AUTHORITY_AFTER.match(text, pos) is not None


def _near_after(text: str, pos: int) -> bool:
    """Whether "(near)" or "(area)" follows a name that ends at ``pos`` (what ``str.strip`` strips is
    all that ``\\s`` matches, and more)."""
    head = text[pos : pos + 8].lstrip()
    return (not head or head[0] == "(") and _NEAR_AFTER.match(text, pos) is not None


def _opens_sentence(before: str, prev: regex.Match | None) -> bool:
    """Whether text ending in ``before`` is at a sentence start (``prev``: _PREV_WORD's match in it).

    A sentence ends after the last letter of ``before``; when the word before the name ends in a
    letter, that is within the three non-letters after it (never a newline), so text with no stop
    there needs no search.
    """
    if prev is not None and prev.group(1).strip("'’") and _SENTENCE_ENDS.isdisjoint(before[prev.end(1) :]):
        return False
    return _SENTENCE_START.search(before) is not None


def find_spans(text: str, index: PlaceIndex, *, memo: NameMemo | None = None) -> list[Span]:
    """Place-name spans of one piece of text (see :func:`text_chunks` for long texts).

    ``memo`` keeps what was learnt of each name between calls (pass the same one each time).
    """
    if not text or text.isspace():
        return []
    return _Finder(index, text, memo).spans()
