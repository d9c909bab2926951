"""Which place mentions of a sentence are places something happened, and which action each one takes.

A name is not a place acted on when it stands for a government ("Kyiv denies it", "giving Kyiv
control"), a river ("the left bank of the Dnipro"), a region that only locates a town ("Novoshakhtinsk,
Rostov region"), a town that only describes another ("Marinka, a town west of Donetsk"), the name of a
facility ("the Zaporizhzhia nuclear power plant in Enerhodar"), an origin ("the assault came from
Andriivka") or the destination of a move ("regrouping toward Donetsk"). Each place takes the action
nearest to it in its sentence; one before it counts three times nearer (the verb usually comes before
its object). "The town", "the city", "the site" stand for the last settlement named before.

>>> bool(ANAPHOR.search("Troops entered the town on Friday.")), bool(ANAPHOR.search("Troops advanced."))
(True, False)
>>> assign([], [], 0)
[]
"""

from __future__ import annotations

from functools import lru_cache

import regex

from gazetteer import Mention, fold

from .lexicon import Action
from .sentences import Sentence

__all__ = ["ANAPHOR", "acted_on", "assign", "places_in", "region_name"]

#: Words standing for the last settlement named: "the town", "місто", "город".
ANAPHOR = regex.compile(
    r"(?<![\p{L}])(?:the (?:town|city|village|settlement|site|plant)|місто|міста|місті|села|селі|селище|"
    r"город|города|городе|поселок|посёлок)(?![\p{L}])",
    regex.I,
)
_APPOSITION = regex.compile(r",\s+(?:a|an|the|which|where|що|который|которая)\b[^,;]{0,60}\Z", regex.I)
_ORIGIN = regex.compile(r"(?<![\p{L}])(?:from|з|із|зі|из|со)\s+(?:the\s+)?\Z", regex.I)
_DESTINATION = regex.compile(
    # "drove into Izium" is the entry itself, not a heading
    r"(?<![\p{L}])(?:to|toward|towards|(?<!(?:drove|rolled|pushed|broke|burst) )into|back to|до|к|в сторону|"
    r"у напрямку|в направлении)\s+(?:the\s+)?"
    # "withdrew … to positions near Orlivka", "відійшли на позиції біля Орлівки"
    r"(?:(?:new |prepared |defensive |better |more (?:advantageous|favourable|favorable) )?"
    r"(?:positions?|lines?)\s+(?:(?:near|around|outside|in|at|closer to|west of|east of|north of|south of)"
    r"\s+)?)?\Z"
    r"|(?<![\p{L}])(?:на|к)\s+(?:нов\w+ |більш вигідн\w+ |более выгодн\w+ |заздалегідь підготовлен\w+ )?"
    r"(?:позиці\w+|рубеж\w*|позици\w+)\s+(?:біля|поблизу|под|у|в|около|возле)?\s*\Z",
    regex.I,
)
_FACILITY = regex.compile(
    r"\A[\s-]*(?:nuclear |thermal |hydroelectric |hydro )?(?:power (?:plant|station)|NPP|TPP|HPP|"
    r"airport|airbase|air base|АЕС|АЭС|ТЕС|ТЭС|ГЕС|ГЭС|аеропорт|аэропорт)",
    regex.I,
)
_METONYM = regex.compile(
    r"\A\s*(?:has |have )?(?:said|says|denies|denied|claims|claimed|insists|insisted|announced|ordered|"
    r"заявил\w*|заявив|заперечу\w*|отрица\w*)(?![\p{L}])",
    regex.I,
)
# A capital as the government that gains or loses something: "giving Kyiv control of the rail lines".
_METONYM_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:giv(?:e|es|ing)|gave|hand(?:s|ed|ing)?|den(?:y|ies|ied|ying)|cost(?:s|ing)?|"
    r"allow(?:s|ed|ing)?|for|to) \Z",
    regex.I,
)
_RIVER_CONTEXT = regex.compile(
    r"(?:(?:left|right|east|west|eastern|western|opposite|other) banks? of (?:the )?|the river )\Z", regex.I
)
_RIVER_AFTER = regex.compile(r"\A\s*(?:River|river|річк\w*|рек\w*)(?![\p{L}])")
_FOCUS = frozenset(("UA", "RU", "BY", "MD"))
# A group of forces named after a place: "the Tavria group", "угруповання «Таврія»", "группировка «Днепр»".
_GROUP_AFTER = regex.compile(
    r"\A[»\"”']?\s*(?:(?:operational[- ]strategic |operational |joint )?(?:group|grouping|task force)"
    r"|(?:оперативно-стратегічн\w+ |оперативн\w+ )?угрупован\w+|группировк\w+)(?![\p{L}])",
    regex.I,
)
_GROUP_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:group|grouping|угруповання|угрупованням|угрупованню|группировк\w*|ОСУВ|ОТУ)"
    r"(?: (?:of forces|військ|войск))?\s*[«\"“']?\s*\Z",
    regex.I,
)
# Rivers a text names with "the" ("crossed the Dnipro"); cities take no article in English.
_RIVER_NAMES = regex.compile(
    r"\A(?:dnipro|dnieper|dnepr|desna|oskil|oskol|donets|siverskyi donets|inhulets|ingulets|pripyat|"
    r"vorskla|psel|seim|seym|kalmius|southern bug)\Z",
    regex.I,
)
# Compass relations place something relative to a reference point: "Synkivka, east of Kupiansk".
_COMPASS = frozenset(
    (
        "north of",
        "south of",
        "east of",
        "west of",
        "northeast of",
        "northwest of",
        "southeast of",
        "southwest of",
    )
)
_EDGE_GAP = regex.compile(
    r"\A\s+(?:on|at) the (?:(?:north|south|east|west)\w* )?(?:edge|outskirts|side) of "
    r"(?:the (?:town|city) of )?\Z",
    regex.I,
)
_LOCATING_GAP = regex.compile(r"\s*[,(–—-]|\s+(?:on|at) the ", regex.I)
_GROUND = frozenset(("capture", "withdrawal", "clash", "base"))


@lru_cache(maxsize=4096)
def _common_english(word: str) -> bool:
    """A word English uses often ("Wire", "Some"): a place only when written as the place's own name."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= _COMMON_ZIPF


_COMMON_ZIPF = 4.0
_LATIN_WORD = regex.compile(r"\A[A-Za-z]+\Z")


def _not_a_place(m: Mention, before: str, after: str, text: str) -> bool:
    """Names that stand for something else here: a group of forces, a river, a dateline, an English word
    the gazetteer read as a transliterated name. (A country's name, "Сили оборони України", the
    gazetteer already reads as the state, not the village Ukraina.)"""
    p = m.place
    assert p is not None
    exact = fold(m.text) in (fold(p.name), fold(p.geonames_name))
    return (
        # "the Tavria group", "группировка войск «Днепр»"
        bool(_GROUP_AFTER.match(after) or _GROUP_BEFORE.search(before))
        # "crossed the Dnipro near Krynky"
        or bool(_RIVER_NAMES.match(m.text) and regex.search(r"(?<![\p{L}])the\s+\Z", before, regex.I))
        # "KYIV (Wire) - …", "(Reporting by … in Kyiv)": where the story was written
        or m.qualifier in ("dateline", "byline")
        # "Wire" is not Vyry, "Some" is not Shchomy
        or (bool(_LATIN_WORD.match(m.text)) and not exact and _common_english(m.text.lower()))
    )


def _usable(m: Mention, sentence: Sentence, text: str, mentions: list[Mention]) -> bool:
    p = m.place
    if p is None or p.feature_class not in "PA":
        return False
    before = text[sentence.start : m.start]
    after = text[m.end : m.end + 40]
    if (
        _not_a_place(m, before, after, text)
        or m.qualifier in ("government", "talks")
        or _METONYM.match(after)
    ):
        return False  # "Kyiv denies it", "Kiev forces", "Moscow said", "the Minsk agreements": not a place
    if _METONYM_BEFORE.search(before) and regex.match(r"\s+control\b", after):
        return False  # "giving Kyiv control of the rail lines": the government again
    if m.qualifier == "river" or _RIVER_CONTEXT.search(before) or _RIVER_AFTER.match(after):
        return False  # "the left bank of the Dnipro", "Siverskyi Donets River"
    if p.country_code not in _FOCUS and fold(m.text) not in (fold(p.name), fold(p.geonames_name)):
        return False  # far from the theatre and only like the word written ("Late" is not Lahti)
    others = [o for o in mentions if o is not m and o.place]
    if m.qualifier in ("oblast", "raion", "hromada") and any(
        o.place.feature_class == "P" for o in others if o.place
    ):
        return False  # "Novoshakhtinsk, Rostov region": the region only locates the town
    if m.qualifier == "direction" and any(o.qualifier is None for o in others):
        return False  # "Andriivka on the Bakhmut direction": the direction locates Andriivka
    if _APPOSITION.search(before) and any(o.end <= m.start and o.place for o in mentions):
        return False  # "Marinka, a town west of Donetsk": Donetsk only describes Marinka
    if _FACILITY.match(after) and len(mentions) > 1:
        return False  # "the Zaporizhzhia nuclear power plant in Enerhodar"
    # the oblast of a named town: the town is the place acted on
    return not (p.feature_class == "A" and any(o.place.feature_class == "P" for o in others if o.place))


def region_name(admin1: str) -> str:
    """A region's name without its kind, as reports and ACLED's admin1 give it ("Kharkiv Oblast" →
    "Kharkiv", "Krasnodar Krai" → "Krasnodar", "Gomel Region" → "Gomel")."""
    for kind in (" Oblast", " Krai", " Region"):
        if admin1.endswith(kind):
            return admin1[: -len(kind)]
    return admin1


def _admin_of_previous(m: Mention, prev: Mention | None, text: str) -> bool:
    """ "Bilohorivka, Luhansk": a city named right after a place of its oblast names the oblast."""
    if prev is None or prev.place is None or m.place is None:
        return False
    gap = text[prev.end : m.start]
    if not regex.fullmatch(r"\s*(?:,|\(|in|у|в)\s*", gap):
        return False
    oblast = region_name(prev.place.admin1).strip().lower()
    return bool(oblast) and m.place.name.lower() == oblast and prev.place.feature_class == "P"


def places_in(sentence: Sentence, here: list[Mention], text: str) -> list[Mention]:
    """The mentions ``here`` (those of ``sentence`` in ``text``) that may be places acted on."""
    out: list[Mention] = []
    prev: Mention | None = None
    for m in here:
        if (
            not _admin_of_previous(m, prev, text)
            and not _reference_point(m, out, text, sentence.start)
            and _usable(m, sentence, text, here)
        ):
            out.append(m)
        prev = m
    return out


def _reference_point(m: Mention, kept: list[Mention], text: str, s0: int) -> bool:
    """ "Synkivka, east of Kupiansk", "Krasna Hora on the northern edge of Bakhmut": a compass relation
    or an edge right after a settlement only says where that settlement lies; so does a compass
    relation after "the town" (of the sentence starting at ``s0``) with no place between: "the town,
    which lies 60 km northwest of Donetsk"."""
    if m.relation in _COMPASS:
        since = text[kept[-1].end if kept else s0 : m.start]
        if any(True for _ in ANAPHOR.finditer(since)):
            return True
    if not kept or (m.relation not in _COMPASS and not _EDGE_GAP.search(text[kept[-1].end : m.start])):
        return False
    last = kept[-1]
    gap = text[last.end : m.start]
    return bool(last.place and last.place.feature_class == "P" and _LOCATING_GAP.match(gap))


def assign(mentions: list[Mention], actions: list[Action], s0: int) -> list[tuple[Mention, Action]]:
    """Each place with the action nearest to it (one before it preferred at equal distance); ``s0`` is
    where the sentence the actions were found in starts in the text."""
    out = []
    for m in mentions:
        start, end = m.start - s0, m.end - s0
        best: tuple[float, Action] | None = None
        for a in actions:
            distance = start - a.end if a.end <= start else (a.start - end) * 3 if a.start >= end else 0
            if best is None or distance < best[0]:
                best = (distance, a)
        if best is not None:
            out.append((m, best[1]))
    return out


def acted_on(kind: str, m: Mention, sentence: Sentence, text: str, *, anaphor: bool = False) -> bool:
    """Whether an action of ``kind`` happened at the place of ``m`` rather than starting or heading
    there; with ``anaphor``, ``m`` is the settlement "the town" of ``sentence`` stands for."""
    place = m.place
    assert place is not None
    if not anaphor:
        before = text[sentence.start : m.start]
        if kind != "withdrawal" and _ORIGIN.search(before):
            return False  # "the assault came from Andriivka"
        if kind in ("withdrawal", "capture") and _DESTINATION.search(before):
            return False  # "regrouping toward Donetsk"
        if kind == "capture" and (m.relation not in (None, "outskirts of") or m.qualifier == "direction"):
            return False  # "reached the border north of Kharkiv" captured no Kharkiv
        if kind in _GROUND and m.relation in _COMPASS:
            return False  # "fighting just north of Russian-held Donetsk" is not in Donetsk
    # control changes are about settlements, not whole oblasts
    return not (place.feature_class == "A" and kind in ("capture", "withdrawal", "base"))
