"""Words around place names that tell what a capitalised word is, in English, Ukrainian and Russian.

Written for this project. All entries are folded (lower case, no apostrophes; see ``names.fold``)
except the regular expressions, which match raw text case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

__all__ = [
    "AFTER_NAME_OK",
    "AREA_CUES",
    "BEFORE_NAME_OK",
    "COMMON_ZIPF",
    "COUNTRY_NAMES",
    "DISTANCE_FROM",
    "LIST_JOIN",
    "LOCATIVE",
    "NEXT_TO",
    "PERSON_NAMES",
    "PERSON_TITLES",
    "PLURAL_SETTLEMENTS",
    "WEAPON_NAMES",
    "designator_after",
    "find_area_cues",
    "listed_designators",
    "marker_before",
    "relation_before",
    "settlement_after",
]

# Designators after a name, by the qualifier they give. Plural forms let "Donetsk and Luhansk
# oblasts" qualify both names. Matched on the text right after the name.
_AFTER = [
    (
        "oblast",
        r"oblasts?|regions?|regio|provinces?|oblt?\.?|област(?:ь|і|ю|и|ей|ях|ями|ям)|обл\.?|kra[iy]|кра(?:й|ю|ї|ем|е)|"
        r"ОВА|ОДА",  # "Харківської ОВА": the oblast's military (state) administration
    ),
    (
        "raion",
        r"raions?|rayons?|districts?|район(?:а|у|і|е|ом|и|ів|ах)?|р-н|"
        # a Russian municipal district: "Шебекинский городской округ", "в Грайворонском округе"
        r"(?:городск(?:ой|ого|ом)[ \t]+|муниципальн(?:ый|ого|ом)[ \t]+)?округ(?:а|е|у|ом)?",
    ),
    ("hromada", r"hromadas?|(?:territorial )?communit(?:y|ies)|громад(?:а|и|і|у|ою|ах|ами)?"),
    ("river", r"rivers?|річк(?:а|и|у|ою|і)|рек(?:а|и|е|у|ой)"),
    (
        "station",
        r"(?:railway |rail |train )?(?:station|junction)|(?:залізничн\w+ )?станці(?:я|ї|ю)|"
        r"вокзал\w*|станци(?:я|и|ю)",
    ),
    (
        "airport",
        r"(?:international )?(?:airport|airfield|air ?base)|аеропорт\w*|аэропорт\w*|аеродром\w*|аэродром\w*",
    ),
    (
        "plant",  # a power plant: "Zaporizhzhia nuclear power plant", "the Kurakhove TPP", "Запорізька АЕС"
        r"(?:(?:nuclear|thermal|hydroelectric|hydro|coal-fired|combined heat and)[ \t]+)?"
        r"power[ \t]+(?:plant|station)|"
        # "the Zaporizhzhia nuclear plant", "the Kakhovka hydropower plant"
        r"(?:nuclear|thermal|hydroelectric|hydropower)[ \t]+(?:plant|station)|"
        r"NPP|TPP|HPP|CHPP?|АЕС|АЭС|ТЕС|ТЭС|ТЕЦ|ТЭЦ|ГЕС|ГЭС|ГРЕС|ГРЭС",
    ),
    ("mine", r"(?:coal )?mines?|шахт(?:а|и|і|у|е|ой)"),
    ("height", r"height|hill|mound|висот(?:а|и|і|у|ою)|высот(?:а|ы|е|у|ой)|курган(?:а|у|і|е|ом)?"),
    (
        "direction",
        r"directions?|axis|axes|sector|front|salient|bridgehead|pocket|"
        r"напрям(?:ок|ку|ки|ках)|напрямк(?:у|ах)|направлени(?:е|я|и|ю|ии|ях|ем)|ділянц(?:і|я)|участк(?:е|а)",
    ),
]
_PLURALS = frozenset(
    "oblasts regions provinces raions rayons districts hromadas communities rivers directions axes "
    "області областей областях областями областям райони районів районах громади громад громадах".split()
)
_AFTER_RE = regex.compile(
    r"\A[ \t]*(?:" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _AFTER) + r")(?![\p{L}])",
    regex.IGNORECASE,
)

# Names of areas that are no gazetteer place but say which oblasts a text is about: the self-proclaimed
# republics and the Donbas. They qualify the places named beside them ("Pavlivka area of the DPR")
# as an oblast would, and are never mentions themselves. Group name: the oblasts' admin1 codes.
AREA_CUES = regex.compile(
    r"(?<![\p{L}])(?:"
    r"(?P<a05>Donetsk\s+(?:[Pp]eople['’]?s\s+)?[Rr]epublic|D[PN]R|ДНР|"
    r"Донецк(?:ой|ая|ую)\s+[Нн]ародн(?:ой|ая|ую)\s+[Рр]еспублик(?:и|а|у|е)|"
    r"Донецьк(?:ої|а|у)\s+[Нн]ародн(?:ої|а|у)\s+[Рр]еспублік(?:и|а|у|і))"
    r"|(?P<a14>Lu[hg]ansk\s+(?:[Pp]eople['’]?s\s+)?[Rr]epublic|L[PN]R|ЛНР|"
    r"Луганск(?:ой|ая|ую)\s+[Нн]ародн(?:ой|ая|ую)\s+[Рр]еспублик(?:и|а|у|е)|"
    r"Луганськ(?:ої|а|у)\s+[Нн]ародн(?:ої|а|у)\s+[Рр]еспублік(?:и|а|у|і))"
    r"|(?P<a05_14>Donetsk\s+and\s+Lu[hg]ansk\s+(?:[Pp]eople['’]?s\s+)?[Rr]epublics|"
    r"Donbass?|Донбас(?:с|і|у|е|а|ом)?|Donets\s+[Bb]asin)"
    r")(?![\p{L}])"
)
# Letters every match of AREA_CUES holds, as written there (D[PN]R, L[PN]R: "PR", "NR"): a text with
# none of them, as most are, needs no search, which costs several times these tests.
_AREA_CUE_PARTS = ("PR", "NR", "epublic", "Donbas", "asin", "ДНР", "ЛНР", "Донец", "Луган", "Донбас")


def find_area_cues(text: str) -> Iterator[regex.Match[str]]:
    """The matches of :data:`AREA_CUES` in ``text``.

    >>> [m.group(0) for m in find_area_cues("Shelling in the DPR and in Donbas; Donetsk, Luhansk")]
    ['DPR', 'Donbas']
    """
    if not any(map(text.__contains__, _AREA_CUE_PARTS)):
        return iter(())
    return AREA_CUES.finditer(text)


# A wire story's dateline opens a paragraph and says where the story was filed, not where its events
# happened: a place in capitals of up to three words, then a comma and a date or country, or a bracketed
# agency, then a dash ("KYIV, March 3 (Reuters) -", "KRAMATORSK, Ukraine (AP) —", "KHARKIV (Wire) -").
_DATELINE = regex.compile(
    r"^[ \t]*(\p{Lu}[\p{Lu}'’.-]+(?:[ ]\p{Lu}[\p{Lu}'’.-]+){0,2})"
    r"(?:,[^\n]{0,50}?|[ \t]*(?=\())(?:[ \t]*\([^)\n]{1,60}\))?[ \t]*[-–—]+[ \t]",
    regex.MULTILINE,
)


def datelines(text: str) -> list[tuple[int, int, int]]:
    r"""The wire datelines of ``text``: ``(start, end)`` of the place of each, and where the dateline
    ends (after its date, country or agency: "(Wire)" names no place).

    >>> text = "KYIV, March 3 (Reuters) - Shelling hit Kherson.\nKHARKIV (Wire) — Drones hit the city."
    >>> [(text[a:b], text[b:c]) for a, b, c in datelines(text)]
    [('KYIV', ', March 3 (Reuters) - '), ('KHARKIV', ' (Wire) — ')]
    >>> datelines("UKRAINE SAYS TROOPS SHELL KHARKIV - REPORT"), datelines("BREAKING - Kyiv")
    ([], [])
    """
    # most texts are one paragraph that opens with no word in capitals: no search needed
    if not (text[:2].isupper() or "\n" in text) or ("-" not in text and "–" not in text and "—" not in text):
        return []
    return [(*m.span(1), m.end()) for m in _DATELINE.finditer(text)]


# A wire story's credits name where its reporters and editors were, not where its events happened:
# "(Reporting by Olena Harmash in Kyiv; Additional reporting by Guy Faulconbridge in Moscow; Editing by
# …)", "Associated Press writer Hanna Arhirova in Kyiv contributed to this report."
_BYLINE = regex.compile(
    r"(?:(?:Additional|Further) reporting|Reporting|Writing|Editing|Compiled) by [^;()\n]{1,120}"
    r"|(?<![\p{L}])(?:[Ww]riters?|[Cc]orrespondents?|[Rr]eporters?|[Jj]ournalists?) "
    r"[^.;()\n]{1,160}?(?<![\p{L}])contributed(?![\p{L}])"
)
_BYLINE_HINTS = ("eporting by", "riting by", "diting by", "ompiled by", "contributed")


def bylines(text: str) -> list[tuple[int, int]]:
    r"""Where ``text`` credits its reporters: ``(start, end)`` of each credit, whose places are where
    the story was written, not where its events happened.

    >>> text = "Drones hit Sumy. (Reporting by Ann Lee in Kyiv; Editing by Bo Ek)"
    >>> [text[a:b] for a, b in bylines(text)]
    ['Reporting by Ann Lee in Kyiv', 'Editing by Bo Ek']
    >>> bylines("Shelling was reported by residents in Kherson; the bridge was rebuilt by volunteers.")
    []
    """
    if not any(map(text.__contains__, _BYLINE_HINTS)):
        return []
    return [m.span() for m in _BYLINE.finditer(text)]


# Talks, accords and summits named after the city that held them ("the Minsk agreements", "ahead of
# crunch Paris talks", "Мінські домовленості", "переговори у Стамбулі"): a place standing for diplomacy,
# not where an event happened. A truce named after a place abroad is one (the Minsk ceasefire); one
# named after a town of the war is a local truce there ("the Mariupol ceasefire collapsed").
_TALKS_AFTER = regex.compile(
    r"(?:\s*[-‐–]\s*(?:2|II)|\s+(?:2|II))?\s+(?:peace\s+|ceasefire\s+|cease-fire\s+)?"
    r"(?:talks|summit|agreements?|accords?|deal|protocols?|memorandum|format|negotiations|process"
    r"|(?P<truce>ceasefire|cease-fire|truce)|communiqu[eé]|declaration|peace\s+plan"
    r"|домовленост\p{L}*|угод\p{L}*|переговор\p{L}*|саміт\p{L}*|формат\p{L}*|протокол\p{L}*"
    r"|меморандум\p{L}*|соглашени\p{L}*|договор[её]нност\p{L}*|саммит\p{L}*)(?![\p{L}])",
    regex.IGNORECASE,
)
_TALKS_BEFORE = regex.compile(
    r"(?r)(?<![\p{L}])(?:talks|summit|negotiations|peace\s+conference|переговор\p{L}*|саміт\p{L}*"
    r"|саммит\p{L}*)\s+(?:in|at|у|в|во)\s+\Z",
    regex.IGNORECASE,
)
_TALKS_PREPOSITIONS = ("in", "at", "у", "в", "во")  # how the words before it end
# how the words after a name that may begin talks begin (after a dash: "Minsk-2", "Minsk II")
_TALKS_STARTS = tuple("2 ii ta su ag ac de pr me fo ne pe ce tr co до уг пе са фо пр ме со".split())
_DASHES_AND_SPACES = " \t\n\r\u00a0-‐–"


def names_talks(text: str, start: int, end: int, *, abroad: bool = True) -> bool:
    """Whether the place named at ``text[start:end]`` stands for talks or an accord held there (a truce
    only when the place is ``abroad``).

    >>> text = "Killed ahead of crunch Paris talks; rebels shell Avdiivka despite the Minsk - 2 deal."
    >>> at = lambda name: (text.index(name), text.index(name) + len(name))
    >>> talks = lambda name, abroad=True: names_talks(text, *at(name), abroad=abroad)
    >>> [talks(name) for name in ("Paris", "Avdiivka", "Minsk")]
    [True, False, True]
    >>> text = "Переговори у  Стамбулі завершилися; Мінські домовленості порушено під Авдіївкою."
    >>> [talks(name) for name in ("Стамбулі", "Мінські", "Авдіївкою")]
    [True, True, False]
    >>> text = "The Mariupol ceasefire collapsed; the Minsk ceasefire held."
    >>> [talks("Mariupol", abroad=False), talks("Minsk")]
    [False, True]
    """
    # (most names are followed by a stop, a comma or a word that begins no talks)
    if text[end : end + 1] in _DASHES_AND_SPACES and end < len(text):
        head = text[end : end + 12].lstrip(_DASHES_AND_SPACES)
        if head[:2].lower().startswith(_TALKS_STARTS):
            m = _TALKS_AFTER.match(text, end, min(len(text), end + 40))
            if m is not None and (abroad or m.group("truce") is None):
                return True
    # (most are after no "in", "at", "у", "в", "во")
    tail = text[max(0, start - 4) : start].rstrip().lower()
    return (
        tail.endswith(_TALKS_PREPOSITIONS)
        and _TALKS_BEFORE.search(text, max(0, start - 40), start) is not None
    )


# A designator that heads a list after a colon names what each item of the list is: "обстріляв 5 громад
# Сумщини: Білопільську, Краснопільську та Хотінську", "two communities: Bilopilska and Krasnopilska".
_LIST_HEAD = regex.compile(
    # (not the singular after its adjective: "населених пунктів Запорізької області: Гуляйполе, …" lists
    # villages of one oblast, "сіл Херсонської громади: …", "У Херсонській громаді: …" of one hromada)
    r"(?<![\p{L}])(?<!\p{L}(?:ої|ій)\s+)(?:(?P<hromada>громад(?:и|і|ах|ами)?|hromadas|communities)"
    r"|(?P<raion>район(?:и|ів|ах)|районов|районах|raions|districts)"
    r"|(?P<oblast>област(?:і|ей|ях)|областей|oblasts))"
    r"(?![\p{L}])[^.:;!?\n]{0,40}:[ \t]*(?P<items>[^.;!?\n]+)",
    regex.IGNORECASE,
)


def listed_designators(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, qualifier)`` of each list a plural designator heads after a colon: every name in
    it is of that kind.

    >>> text = "Ворог обстріляв 5 громад Сумщини: Білопільську та Хотінську. Далі: Суми."
    >>> [(text[a:b], q) for a, b, q in listed_designators(text)]
    [('Білопільську та Хотінську', 'hromada')]
    >>> listed_designators("Обстріляно 6 населених пунктів Запорізької області: Гуляйполе та Малу Токмачку.")
    []
    """
    if ":" not in text:
        return []
    out = []
    for m in _LIST_HEAD.finditer(text):
        kind = next(k for k in ("hromada", "raion", "oblast") if m.group(k))
        out.append((m.start("items"), m.end("items"), kind))
    return out


# A word after a name that says it is a settlement ("Ilovaisk village", "Pervomaisk town").
_SETTLEMENT_AFTER = regex.compile(
    r"\A[ \t]*(?:village|town|city|settlement|hamlet|urban-type settlement)(?![\p{L}])", regex.IGNORECASE
)


_SETTLEMENT_INITIALS = frozenset("vVtTcCsShHuU")


def settlement_after(text: str, pos: int = 0) -> int:
    """The length of a settlement word ("village", "town" …) right after a name at ``pos``; 0 if none.

    >>> settlement_after("Style village, Starobeshivskyi district", 5), settlement_after("Style, near", 5)
    (8, 0)
    """
    head = text[pos : pos + 30]
    if head.lstrip(" \t")[:1] not in _SETTLEMENT_INITIALS:
        return 0
    m = _SETTLEMENT_AFTER.match(head)
    return m.end() if m else 0


#: How frequent (Zipf, wordfreq) a Latin word is at least when it is an ordinary word rather than a name.
COMMON_ZIPF = 3.2

#: What may stand between a place and the raion or oblast that qualifies it: "Stepanivka, Shakhtarskyi
#: district, Donetsk region", "Hranitne (Volnovakha district) Donetsk region", "Pavlivka area of the …",
#: "Ivanivka, a village in the Bakhmut district"; and the words wire copy puts before an oblast: "in
#: Ukraine's eastern Donetsk region", "in the Russian-occupied part of Kherson region", "in Russia's
#: border Belgorod region"
NEXT_TO = regex.compile(
    r"\A[\s,;:()\-–]*(?:(?:(?:a|an|the)\s+(?:small\s+)?)?"
    r"(?:villages?|towns?|city|cities|settlements?|area|district)\b[\s,;()]*)?"
    r"(?:in|of|in the|of the|у|в|на|in the (?:district|raion|rayon) of)?"
    r"(?:\s+(?:(?:Ukraine|Russia)['’]s|(?:the\s+)?(?:(?:partially|partly|temporarily)\s+)?"
    r"(?:(?:Russian|Ukrainian|Kremlin|Kyiv|Kiev)[\s-])?(?:occupied|held|controlled|annexed)"
    r"(?:\s+part\s+of(?:\s+the)?)?|(?:the\s+)?(?:front-?line|embattled|border|"
    r"(?:north|south)?-?(?:east|west)ern|northern|southern|central)))*"
    r"[\s,()]*\Z",
    regex.IGNORECASE,
)

#: Words before the first name of a list that say each is a settlement: "the villages of X, Y and Z",
#: "в районах населених пунктів X, Y та Z", "н.п. X, Y".
PLURAL_SETTLEMENTS = regex.compile(
    r"(?r)(?<![\p{L}])(?:villages|settlements|towns|сіл|селах|сёл|населених пунктів|населених пунктах|"
    r"населенных пунктов|населенных пунктах|н\.\s?п\.)\s*(?:of\s+(?:the\s+)?)?\Z",
    regex.IGNORECASE,
)

#: What joins two names of a list: "X, Y", "X and Y", "X та Y", "X и Y", and ", and", the serial comma of
#: English wire copy ("near Novomykhailivka, Heorhiivka, and Krasnohorivka").
LIST_JOIN = regex.compile(r"\A\s*(?:,\s*(?:and|&)?|and|&|та|і|й|и)\s*(?:the\s+)?\Z", regex.IGNORECASE)

#: Cities' names that are also their regions' in the Ukrainian locative after "на" ("На Запоріжжі
#: окупанти обстріляли …": the region; the city is "у Запоріжжі").
REGION_LOCATIVES = frozenset(("запоріжжі",))

# Axes the Ukrainian General Staff and the Russian MoD name after regions, not towns, by their
# adjectives' stems (any case, either language), and the oblast each lies in: the Prydniprovske and
# Dnipro (Днепровское) axes are the river's front in Kherson oblast.
_REGION_AXES = (("prydniprovsk", "kherson"), ("pridneprovsk", "kherson"), ("придніпровськ", "kherson"),
                ("приднепровск", "kherson"), ("dniprovsk", "kherson"), ("dneprovsk", "kherson"),
                ("дніпровськ", "kherson"), ("днепровск", "kherson"))  # fmt: skip


def region_axis(key: str) -> str | None:
    """The oblast's name for an axis named after a region ("prydniprovske" → "kherson"), else None.

    >>> region_axis("придніпровському"), region_axis("kupianskyi")
    ('kherson', None)
    """
    return next((oblast for stem, oblast in _REGION_AXES if key.startswith(stem)), None)


#: The markers that say a name is a settlement's; a village's also says it is no city.
SETTLEMENT_MARKERS = frozenset(("settlement", "village"))


def settlement_marker_after(text: str, pos: int = 0) -> str | None:
    """The marker a settlement word right after a name at ``pos`` gives it: ``"village"`` for
    "village" or "hamlet", ``"settlement"`` for the others ("town", "city" …), None when there is none.

    >>> settlement_marker_after("Chumak village, Starobeshivskyi district", 6)
    'village'
    >>> settlement_marker_after("Pervomaisk town", 10), settlement_marker_after("Pervomaisk, near", 10)
    ('settlement', None)
    """
    n = settlement_after(text, pos)
    if not n:
        return None
    return "village" if text[pos : pos + n].strip().lower() in ("village", "hamlet") else "settlement"


# Words before a name that say what kind of place follows.
_MARKERS_BEFORE = regex.compile(
    r"(?r)(?:\b(?P<village>village|hamlet|село|села|селі|селом|деревня|деревни|хутор|хутора)"
    r"|\b(?P<settlement>city|town|settlement|urban-type settlement|villages|settlements|"
    r"місто|міста|місті|містом|селище|селища|селищі|смт|сіл|селах|"
    r"город|города|городе|поселок|посёлок|поселка|посёлка|поселке|сёл|"
    # "у районі населеного пункту", "в районах населенных пунктов": a settlement, or several
    r"населен\w* пункт\w*)"
    r"|(?<![\p{L}])(?P<village_abbr>с\.|сел\.)"
    r"|(?<![\p{L}])(?P<settlement_abbr>м\.|смт\.?|г\.|пос\.|н\.\s?п\.|п\.)"
    r"|\b(?P<river>river|the river|річки|річка|річці|річку|река|реки|реке|реку|"
    # "the east bank of the Dnipro", "на лівому березі Дніпра", "на левом берегу Днепра"
    r"banks? of the|banks? of|березі|берега|берегу|берег|лівобережжя|правобережжя|"
    r"левобережье|правобережье|левобережья|правобережья)"
    r"|\b(?P<station>station|станція|станції|станцію|станция|станции)"
    r"|\b(?P<airport>airport|airfield|аеропорт|аеропорту|аеропорті|аеропортом|аэропорт|аэропорта|"
    r"аэропорту|аэропорте|аэропортом)"
    # "in the district of Kupiansk": the raion (not "the Kyivskyi district of Donetsk", the city)
    r"|\b(?P<district>(?:the|a)\s+(?:district|raion|rayon)(?=\s+of\b))"
    r"|\b(?P<the>the))\s*(?:of\s+)?\Z",
    regex.IGNORECASE,
)

#: A distance from a place, which says the thing is near it: "10 km from", "a few kilometres away from",
#: "за 10 км від", "в 10 км от" (a pattern to build others with).
DISTANCE_FROM = (
    r"(?:[\d.,]+|a few|several)\s*(?:km|kilomet(?:re|er)s?|m|metres|meters|км|м)\s+(?:away\s+)?from"
    r"|(?:за|в)\s+[\d.,]+\s*(?:км|кілометр\w*|километр\w*)\s+(?:від|от)"
)

# Phrases before a name that place something relative to it. They are searched backwards from the
# name (reverse mode), where the first alternative that fits wins: compound directions come first so
# that "north-east of" is not read as "east of".
_RELATIONS = [
    ("northeast of", r"north-?east of|північно-східніше|северо-восточнее"),
    ("northwest of", r"north-?west of|північно-західніше|северо-западнее"),
    ("southeast of", r"south-?east of|південно-східніше|юго-восточнее"),
    ("southwest of", r"south-?west of|південно-західніше|юго-западнее"),
    ("north of", r"north of|(?:to the )?north of|північніше|на північ від|севернее|к северу от"),
    ("south of", r"south of|південніше|на південь від|южнее|к югу от"),
    ("east of", r"east of|східніше|на схід від|восточнее|к востоку от"),
    ("west of", r"west of|західніше|на захід від|западнее|к западу от"),
    ("outskirts of", r"(?:the )?outskirts of|on the edge of|околиц(?:і|ях|ями)|окраин(?:е|ах|ы)"),
    (
        "toward",
        r"toward|towards|in the direction of|"
        # "trying to cut the road to Chasiv Yar", "the main supply route to Kostiantynivka"
        r"(?:roads?|highways?|motorways?|routes?|supply (?:routes?|lines?)|rail(?:way)? lines?|railways?) "
        r"(?:leading )?to|"
        r"в напрямку|у напрямку|в направлении|"
        r"(?:на|по) (?:трасі|трассе|шосе|автодорозі|автодороге)",  # "на трасі Бахмут–Лисичанськ"
    ),
    (
        "near",
        r"near|nearby|outside|around|close to|in the vicinity of|in the area of|in the .{0,20}? area of|"
        rf"not far from|{DISTANCE_FROM}|"
        r"під|біля|поблизу|неподалік|в районі|у районі|в районах|у районах|под|возле|около|вблизи|в районе|"
        r"недалеко от",  # ("в районах" is Russian too)
    ),
]
#: What wire copy calls a town before its kind: "the frontline town of", "the eastern city of", "the
#: regional capital of".
TOWN_ADJECTIVES = (
    r"regional|provincial|oblast|rebel|separatist|key|industrial|front-?line|border|strategic|coastal|"
    r"port|mining|small|(?:north|south)?-?(?:east|west)ern|northern|southern"
)
_RELATION_RE = regex.compile(
    r"(?r)(?:\b|(?<=\s)|\A)(?:"
    + "|".join(f"(?P<r{i}>{pattern})" for i, (_, pattern) in enumerate(_RELATIONS))
    + r")(?:\s+(?:the\s+)?(?:(?:(?:occupied|(?:russian|ukrainian)[- ](?:held|controlled)|liberated)\s+)?"
    # "north of the Russian-held regional capital of Donetsk"
    + rf"(?:(?:{TOWN_ADJECTIVES})\s+)?"
    + r"(?:village|town|city|settlement|capital|centre|center|hub|stronghold)\s+of\s+)?"
    # "в районі населеного пункту", "в районах населенных пунктов", "поблизу села"
    + r"|\s+(?:населен\w*\s+пункт\w*|н\.\s?п\.|с\.|м\.|сіл|села|селом|селища|міста|містом|города|"
    + r"городом|поселка|посёлка|смт))?\s*"
    + r"(?:(?:occupied|(?:russian|ukrainian)[- ](?:held|controlled)|liberated|embattled|besieged|"
    + r"front-?line)\s+)?"
    + r"(?:[\d.,]+\s*(?:km|kilometres|kilometers|км)\s+(?:\w+\s+)?(?:of\s+)?)?\Z",
    regex.IGNORECASE,
)

#: Prepositions after which a capitalised common word is read as a place ("in Mission").
LOCATIVE = frozenset(
    "in near at from to toward towards outside around into of through via across between beyond "
    "у в під біля поблизу до з із зі від через за на под возле около вблизи до из со от через к".split()
)

#: Capitalised words that may stand before a place name in the same run of capitals.
BEFORE_NAME_OK = frozenset(
    "north south east west northern southern eastern western central greater upper lower new old "
    "northeastern northwestern southeastern southwestern ukrainian russian belarusian moldovan "
    "occupied liberated recaptured retaken frontline besieged embattled eastern".split()
)

#: Capitalised words that may follow a place name in the same run ("Kharkiv Governor").
AFTER_NAME_OK = frozenset(
    "governor mayor city town village council regional oblast region raion district military "
    "administration police railway station airport front direction axis sector area garrison "
    "thermal power plant hospital bridge reservoir highway road checkpoint court residents "
    "river reservoir hydroelectric dam station junction hub operational tactical grouping "
    "coke chemical metallurgical steel plant factory works mine port airport airfield checkpoint "
    "crossing market square street avenue district microdistrict cemetery bay harbour harbor lake island "
    "spit estuary gulf strait canal forest "
    "область області району район міська міський районна обласна облдержадміністрація".split()
)

#: Titles before a person's name; a place-like word after one is a surname.
PERSON_TITLES = frozenset(
    "president minister general gen lt lieutenant colonel col major maj captain capt sergeant sgt "
    "commander marshal admiral spokesman spokeswoman spokesperson governor mayor mr mrs ms dr "
    "prime premier chief deputy secretary ambassador senator adviser advisor analyst blogger "
    "президент міністр генерал полковник майор капітан командувач речник губернатор мер глава "
    "министр полковник командующий представитель".split()
)

#: First names and surnames of people often named in war reporting (romanised and Cyrillic). A
#: place-like word right after a first name is a surname; a surname here is never read as a place.
PERSON_NAMES = frozenset(
    "igor ihor sergei sergey serhii serhiy vladimir volodymyr oleksandr aleksandr alexander alexandr "
    "dmitry dmitri dmytro yevgeny evgeny yevhen andrii andriy andrei andrey oleh oleg valery valerii "
    "valeriy viktor victor vitaliy vitalii yuriy yuri yurii mykola nikolai nikolay pavlo pavel petro "
    "pyotr petr ivan ruslan roman denis denys anton maksym maxim mikhail mykhailo kyrylo kirill "
    "ramzan rustem sviatoslav stanislav vadym vadim vasyl vasily volodymyr leonid boris borys "
    "hennadiy gennady olena elena yelena iryna irina tetiana tatiana natalia nataliya oksana yulia "
    "yuliia anna maria olga olha svetlana liudmyla lyudmila marina kateryna ekaterina vitaly "
    "denis kyrylo budanov zaluzhnyi syrskyi konashenkov shoigu gerasimov lapin zelensky zelenskyy "
    "prigozhin putin kadyrov surovikin pushilin pasechnik syniehubov tereshchenko "
    "ігор сергій володимир олександр дмитро євген андрій олег валерій віктор юрій микола павло петро "
    "іван руслан роман денис антон максим михайло кирило вадим василь леонід борис олена ірина "
    "тетяна наталія оксана юлія анна марія ольга "
    "игорь сергей владимир александр дмитрий евгений андрей олег валерий виктор юрий николай павел "
    "петр иван руслан роман денис антон максим михаил кирилл вадим василий леонид борис елена ирина "
    "татьяна наталья оксана юлия анна мария ольга "
    "сирський сырский залужний залужный буданов шойгу герасимов лапін лапин зеленський зеленский "
    "пригожин путін путин кадиров кадыров суровікін суровикин пушилін пушилин пасічник пасечник".split()
)

#: The war's countries by name, in the cases reports use ("Сили оборони України", "армия России"): the
#: state, never a village named after it (Ukraina in Donetsk oblast) unless the words before say it is
#: one ("село Україна"). Folded forms, English, Ukrainian and Russian.
COUNTRY_NAMES = frozenset(
    "ukraine russia belarus moldova "
    "україна україни україні україну україною росія росії росію росією білорусь білорусі білоруссю "
    "молдова молдови молдові молдову "
    "украина украины украине украину украиной россия россии россию россией беларусь беларуси беларусью "
    "белоруссия белоруссии молдавия молдавии".split()
)

#: Weapon systems named in war reporting whose names GeoNames also holds ("Tor" was Sloviansk's name,
#: Iskandar is in Uzbekistan, Krasnopol a Russian spelling of Krasnopil): never a place unless the
#: words before say it is ("the village of Buk"). Folded forms, English and Cyrillic.
WEAPON_NAMES = frozenset(
    "iskander pantsir pantsyr kalibr kinzhal shahed geran himars bayraktar javelin lancet smerch uragan "
    "tochka tornado grad gvozdika akatsiya akatsia msta krasnopol tor osa buk strela igla kornet "
    "solntsepyok buratino oniks onyx tsirkon zircon "
    "искандер іскандер панцирь панцир калибр калібр кинжал кинджал шахед герань герань-2 ланцет смерч "
    "ураган торнадо гвоздика акация акація мста краснополь тор оса бук стрела стріла игла голка корнет "
    "солнцепек солнцепёк буратино оникс циркон".split()
)


# How every designator begins: text that starts with none of these needs no regular expression.
_AFTER_PREFIXES = tuple(
    "oblast regio provinc obl raion rayon district hromad communit territorial river railway rail "
    "train station junction direction axis axes sector front salient bridgehead pocket "
    "airport international airfield air аеропорт аэропорт аеродром аэродром mine coal шахт "
    "nuclear thermal hydroelectric hydro coal-fired combined power npp tpp hpp chp "
    "аес аэс тес тэс тец тэц гес гэс грес грэс "
    "height hill mound висот высот курган "
    "област обл район р-н громад річк рек залізничн станці вокзал станци напрям направлени ділянц "
    "участк kra кра ова ода округ городск муниципальн".split()
)


# Every character whose lower case begins like a designator: the first letter after a name decides
# most cases (a comma, a full stop, an ordinary word) without building the lower-case prefix.
# (no other character lower-cases to one of them but the Turkish dotted İ and the Kelvin sign K, added by
# hand: tests/test_mentions.py checks)
_AFTER_INITIALS = (
    frozenset(p[0] for p in _AFTER_PREFIXES)
    | frozenset(p[0].upper() for p in _AFTER_PREFIXES)
    | {"İ", "\u212a"}
)


def _by_initial(prefixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for prefix in prefixes:
        out.setdefault(prefix[0], []).append(prefix)
    return {initial: tuple(group) for initial, group in out.items()}


# The prefixes by their first letter: a lower-case head is compared with those of its own only.
_AFTER_PREFIXES_BY_INITIAL = _by_initial(_AFTER_PREFIXES)


def designator_after(text: str, pos: int = 0) -> tuple[str | None, int, bool]:
    """The qualifier a word right after a name (at ``pos`` in ``text``) gives it:
    ``(qualifier, length, plural)``."""
    head = text[pos : pos + 16]
    if head[:1] in (" ", "\t"):
        head = head.lstrip(" \t")
    if head[:1] not in _AFTER_INITIALS:
        return None, 0, False
    low = head[:12].lower()
    if not low.startswith(_AFTER_PREFIXES_BY_INITIAL.get(low[:1], ())):
        return None, 0, False
    m = _AFTER_RE.match(text[pos : pos + 40])
    if not m:
        return None, 0, False
    qualifier = m.lastgroup
    word = m.group(0).strip().lower()
    return qualifier, m.end(), word in _PLURALS


# The last word of every marker and relation phrase: when the word before a name is none of these,
# the (slower) phrase patterns need not run.
_MARKER_LAST_WORDS = frozenset(
    "city town village settlement hamlet of the river station місто міста місті містом село села селі "
    "селом селище селища селищі смт город города городе поселок посёлок поселка посёлка поселке деревня "
    "деревни хутор хутора м с сел г пос п річки річка річці річку река реки реке реку станція станції "
    "станцію станция станции airport airfield аеропорт аеропорту аеропорті аеропортом аэропорт аэропорта "
    "аэропорту аэропорте аэропортом villages settlements сіл селах сёл пункт пункту пункті пунктом пунктів "
    "district raion rayon "
    "березі берега берегу берег лівобережжя правобережжя левобережье правобережье левобережья правобережья "
    "пунктах пункта пункте пунктов".split()
)
_RELATION_LAST_WORDS = frozenset(
    "of near nearby outside around to toward towards km kilometres kilometers км під біля поблизу "
    "неподалік районі районе под возле около вблизи от від напрямку направлении околицях околицями "
    "околиці окраине окраинах окраины північніше південніше східніше західніше севернее южнее "
    "восточнее западнее північно-східніше північно-західніше південно-східніше південно-західніше "
    "северо-восточнее северо-западнее юго-восточнее юго-западнее area from occupied russian-held "
    "held controlled liberated embattled besieged frontline line трасі трассе шосе автодорозі "
    "автодороге районах пункту пунктів пункта пунктов п с м сіл села селом селища міста містом города "
    "городом поселка посёлка смт roads highways routes lines railways".split()
)


# Relations said in one word, which no longer phrase ends in: when such a word ends the text before a
# name, the phrase patterns would find just it.
_ONE_WORD_RELATIONS = {
    **dict.fromkeys(
        "near nearby outside around під біля поблизу неподалік под возле около вблизи".split(), "near"
    ),
    **dict.fromkeys(("toward", "towards"), "toward"),
}
# Relations said as "X of": the phrase patterns would find just that when it ends the text.
_OF_RELATIONS = {
    word: f"{word} of"
    for word in "north south east west northeast northwest southeast southwest outskirts".split()
}
# The words before a final "of" or "to" in a relation phrase ("north-east of", "outskirts of", "in the
# area of", "near the village of", "close to", "on the road to"); None when the letters before are
# not one word. After a distance any word may stand there ("5 km north-west of"): _KM finds those.
_RELATION_BEFORE_OF_TO = frozenset(
    [
        *_OF_RELATIONS,
        *"edge direction vicinity area village town city settlement close road highway motorway".split(),
        *"route line railway leading roads highways routes lines railways".split(),  # "the supply route to"
        *"capital centre center hub stronghold".split(),
        None,
    ]
)
_KM = regex.compile(r"km|kilomet|км", regex.IGNORECASE)
# Lower-cased, what every match of _KM holds ("lomet": the pattern's "i" also matches "İ", which lower-cases
# to two characters): most text before a name holds none, and this test costs a fraction of the search.
_KM_PARTS = ("km", "lomet", "км")
_BEFORE_OF_TO = regex.compile(r"(?r)(\p{L}+)\s*(?:of|to)\s*\Z", regex.IGNORECASE)
_MARKER_LAST_WORDS_OR_NONE = _MARKER_LAST_WORDS | {None}


def _before_of_to(text: str) -> str | None:
    """The letters before the "of" or "to" that ends ``text``, in lower case (``None`` if none).

    A phrase pattern that ends in "of" matches only when they are one of its words; else, as after
    "м. of", the pattern decides.
    """
    m = _BEFORE_OF_TO.search(text)
    return m.group(1).lower() if m else None


def _ends_with_words(text: str, words: str) -> bool:
    """Whether ``text`` ends in ``words`` (folded, lower case) after a space or nothing, then only spaces."""
    head = text.rstrip()
    start = len(head) - len(words)
    return start >= 0 and head[start:].lower() == words and (start == 0 or head[start - 1].isspace())


def marker_before(text: str, last_word: str | None = None) -> str | None:
    """What a word just before a name says it is: ``"village"`` (or hamlet), ``"settlement"`` (a town
    or any settlement), ``"river"``, ``"station"``, ``"airport"`` ("the airport of Luhansk",
    "аеропорту Донецька"), ``"district"`` ("the district of Kupiansk"), ``"the"``.

    ``last_word`` (folded), when known, lets the search be skipped when it cannot match, or be
    answered without it.

    >>> marker_before("shelling near the village of "), marker_before("обстріл с. "), marker_before("у смт ")
    ('village', 'village', 'settlement')
    """
    if last_word is not None:
        if last_word not in _MARKER_LAST_WORDS:
            return None
        if last_word == "the" and _ends_with_words(text, "the"):
            # "the east bank of the Dnipro": the river
            return (
                "river"
                if _ends_with_words(text, "bank of the") or _ends_with_words(text, "banks of the")
                else "the"
            )
    text = text[-40:]
    if last_word == "of" and _before_of_to(text) not in _MARKER_LAST_WORDS_OR_NONE:
        return None  # "the liberation of X": only "village of", "river of" … mark a place
    m = _MARKERS_BEFORE.search(text)
    if not m:
        return None
    kind = m.lastgroup
    return {"village_abbr": "village", "settlement_abbr": "settlement"}.get(kind or "", kind)


def _has_km(text: str) -> bool:
    low = text.lower()
    return any(map(low.__contains__, _KM_PARTS)) and _KM.search(text) is not None


_IN_AREAS = regex.compile(r"(?<![\p{L}])[ву]\s+район(?:і|ах|е)\s*\Z", regex.IGNORECASE)


def relation_before(text: str, last_word: str | None = None, *, oblast: bool = False) -> str | None:
    """How the words just before a name place something relative to it ("north of", "near" …); an
    ``oblast`` "in the areas of" is in it ("в районах Харківської області").

    ``last_word`` (folded), when known, lets the search be skipped when it cannot match, or be
    answered without it.
    """
    if last_word is not None and last_word not in _RELATION_LAST_WORDS:
        return None
    if oblast and _IN_AREAS.search(text, max(0, len(text) - 20)):
        return None
    text = text[-60:]
    # a distance may come between a relation and the name
    if last_word is not None and not _has_km(text):
        relation = _ONE_WORD_RELATIONS.get(last_word)
        if relation is not None and _ends_with_words(text, last_word):
            return relation
        if last_word in ("of", "to"):
            word = _before_of_to(text)
            if word not in _RELATION_BEFORE_OF_TO:
                return None  # "the liberation of X", "returned to X": no relation
            relation = _OF_RELATIONS.get(word) if word and last_word == "of" else None
            if relation is not None and _ends_with_words(text, f"{word} of"):
                return relation
    m = _RELATION_RE.search(text)
    if not m or not m.lastgroup:
        return None
    return _RELATIONS[int(m.lastgroup[1:])][0]
