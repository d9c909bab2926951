"""The words that make an event: actions and their ACLED sub-event types, the sides acting, who claims
what and how sure they are — in English, Ukrainian and Russian. Written for this project.

Patterns match raw text case-insensitively; every one is anchored to word starts, and stems are used
where Ukrainian and Russian inflect ("звільнили", "звільнено"; "освобождение", "освободили").
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

__all__ = [
    "ACTIONS",
    "CIVILIAN_WORDS",
    "CLAIMANTS",
    "CONFIRM",
    "DEATH_WORDS",
    "DENIAL",
    "HEDGE",
    "INTERVENTION",
    "KILLED",
    "REPORTING",
    "SIDE_WORDS",
    "Action",
    "Claimant",
    "find_actions",
    "reporting_cues",
]

_B = r"(?<![\p{L}\p{N}])"  # start of a word (\b misreads Cyrillic after some marks)
_E = r"(?![\p{L}\p{N}])"


def _re(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION1)


def _word(alternatives: str) -> str:
    """A pattern matching any of ``alternatives`` as a whole word (or words)."""
    return _B + f"(?:{alternatives})" + _E


def _words(alternatives: str) -> regex.Pattern[str]:
    return _re(_word(alternatives))


@dataclass(frozen=True, slots=True)
class Action:
    """A verb or noun that names an action of one kind (``kind`` is a key of :data:`KINDS`)."""

    kind: str
    start: int
    end: int
    text: str


#: Action kinds → (ACLED event type, sub-event type). ``capture`` becomes "Government regains
#: territory" or "Non-state actor overtakes territory" once the side and the country are known.
KINDS: dict[str, tuple[str, str]] = {
    "capture": ("Battles", "Non-state actor overtakes territory"),
    "clash": ("Battles", "Armed clash"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "air": ("Explosions/Remote violence", "Air/drone strike"),
    "mine": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "withdrawal": ("Strategic developments", "Non-violent transfer of territory"),
    "base": ("Strategic developments", "Headquarters or base established"),
    "intercept": ("Strategic developments", "Disrupted weapons use"),
    "looting": ("Strategic developments", "Looting/property destruction"),
    "attack": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "protest": ("Protests", "Peaceful protest"),
}

# Order matters where patterns overlap: earlier kinds win a span ("missile attack" is shelling, not a
# ground attack; "shot down" is an interception, not a shooting).
_ACTION_PATTERNS: list[tuple[str, str]] = [
    (
        "intercept",
        r"shot down|shoot(?:s|ing)? down|intercept(?:ed|s|ing|ion)?|downed|"
        r"air defen[cs]es? (?:destroyed|repelled)|destroyed \d+ (?:of (?:the )?\d+ )?(?:\S+ ){0,3}"
        r"(?:drones|missiles|Shaheds)|збил[иа]?|збито|знешкодил[иа]?|перехоплен\w*|"
        r"сбил[иа]?|сбиты|сбито|перехвачен\w*|уничтожены средствами ПВО|"
        # "знищено 27 шахедів", "уничтожено 12 беспилотников"
        r"(?:знищено|знешкоджено|уничтожено|уничтожены) (?:\d+ )?(?:\S+ ){0,2}?"
        r"(?:шахед\w*|дрон\w*|БпЛА|безпілотник\w*|ракет\w*|беспилотник\w*|БПЛА)",
    ),
    (
        "air",
        r"air ?strikes?|air raids?|(?:kamikaze |attack |combat )?drones?(?! operators?)|shaheds?|geran|"
        r"glide bombs?|guided (?:aerial )?bombs?|aerial bombs?|KABs?|FAB-?\d*|bomb(?:ed|ing|s)?|"
        r"авіаудар\w*|авіабомб\w*|КАБ\w*|дрон\w*|безпілотник\w*|БпЛА|шахед\w*|"
        r"авиаудар\w*|авиабомб\w*|беспилотник\w*|БПЛА",
    ),
    (
        "shelling",
        r"(?:missile |rocket )?strikes?|shell(?:ed|ing|s)?|artillery|mortars?|pound(?:ed|ing)|missiles?|"
        # "Russian forces struck Pokrovsk", "a missile hit Kharkiv"
        r"struck|hit(?:s|ting)?|"
        r"rockets?|MLRS|"
        r"multiple rocket launchers?|Grad|HIMARS|Iskanders?|Kh-\d+|S-300|ballistic|"
        r"обстріл\w*|обстріля\w*|ракет\w*|удар(?:у|ом|и|ів|ов|ами|ах)?|артилері\w*|РСЗВ|мінометн\w*|"
        r"обстрел\w*|ракетн\w*|артиллери\w*|РСЗО|реактивн\w+ систем\w* залпового огня|минометн\w*",
    ),
    (
        "mine",
        r"(?:land ?)?mines?|IEDs?|explosive devices?|tripwire|booby[- ]trap\w*|"
        r"підірвал\w+|підірвав\w*|мін[аіиу]|вибухов\w+ пристр\w+|подорвал\w+|подорвав\w*|мин[аеуы]|СВУ",
    ),
    (
        "capture",
        r"liberat(?:ed|e|es|ing|ion)|recaptur(?:ed|e|es|ing)|retook|retak(?:en|e|es|ing)|"
        r"regain(?:ed|s)? (?:full )?control|(?:full|complete|total) control (?:of|over)|"
        r"(?:took|taken|taking|take|seized|established) (?:full |complete )?control|"
        r"captur(?:ed|e|es|ing)|seiz(?:ed|e|es|ing)|overr(?:an|un)|fell to|"
        r"(?:has|have|had|to have) (?:now |fully )?taken|took the (?:town|village|city|settlement) of|"
        r"(?:pushed|drove|forced|knocked|drive|push) (?:\S+ ){0,3}out of|"
        r"entered|drove into|rolled into|pushed into|broke into|"
        r"raised the (?:\w+ )?flag|hoist(?:ed|ing) (?:a|the) (?:\w+ )?flag|"
        r"declared? victory|"
        r"звільнил\w*|звільнен\w*|звільненн\w*|взяли під контроль|взяли під повний контроль|"
        r"захопил\w*|захоплен\w*|увійшли|зайшли|"
        r"освобо\w+|взяли под контроль|взят\w* под (?:полный )?контроль|овладел\w*|заняли|захватил\w*|"
        r"захвачен\w*|вошли",
    ),
    (
        "withdrawal",
        r"withdr(?:ew|awn|aw|aws|awing|awals?)|retreat(?:ed|s|ing)?|pull(?:ed|s|ing)? (?:back|out)|"
        r"regroup(?:ed|ing)?|abandon(?:ed|s)?|left the (?:town|city|village)|"
        r"відступил\w*|відступ|відійшли|вийшли з|вихід|виходу|виходом|покинули|виведен\w*|"
        r"отступил\w*|отступлен\w*|отошли|отвели|отведен\w*|вывели|выведен\w*|покинули|оставили|"
        r"перегруппир\w*",
    ),
    (
        "base",
        r"set up (?:a |their |its )?(?:military )?(?:base|headquarters|command post)|"
        r"established (?:a |their |its )?(?:military )?(?:base|headquarters)|"
        r"(?:облаштували|розмістили) (?:базу|штаб)|(?:оборудовали|разместили) (?:базу|штаб)",
    ),
    (
        "looting",
        r"loot(?:ed|ing|ers)?|plunder(?:ed|ing)?|pillag\w+|(?:blew|blown|blowing) up|torched|"
        r"set (?:on )?fire to|мародер\w*|пограбува\w*|грабе\w*|підірвали міст|взорвали мост",
    ),
    (
        "attack",
        r"execut(?:ed|ion|ions)|massacre\w*|tortur(?:ed|e|ing)|killed civilians|shot (?:dead )?civilians|"
        r"розстріля\w*|катува\w*|расстреля\w*|пытк\w*",
    ),
    ("abduction", r"abduct(?:ed|ion|s)|kidnapp\w+|викрал\w*|викраден\w*|похитил\w*|похищен\w*"),
    (
        "protest",
        r"rall(?:y|ied|ies)|protest(?:s|ed|ers|ing)?|demonstrat(?:ors|ion|ions|ed)|мітинг\w*|протест\w*|митинг\w*",
    ),
    (
        "clash",
        r"fight(?:ing|s)?|fought|clash(?:es|ed)?|battles?|assault(?:s|ed|ing)?|(?:ground )?attacks?|"
        r"attacked|offensive|counteroffensive|counterattack(?:s|ed)?|counter-attack(?:s|ed)?|"
        r"advanc(?:e|ed|es|ing)|push(?:ing)? into|"
        r"push(?:ed|ing)? (?:(?:south|north|east|west)(?:ward)? )?(?:toward|towards|on)|"
        r"repel(?:led|s)?|repuls(?:ed|e)|"
        r"storm(?:ed|ing)|encircl\w+|street fighting|attempted to cross|hold(?:s|ing)? positions|"
        r"held out|reached the outskirts|"
        r"бо[йї]\w*|штурм\w*|наступ\w*|атак\w*|контрнаступ\w*|відбил\w*|просунул\w*|витісн\w*|вытесн\w*|"
        r"бо[ий]\w*|наступлен\w*|отразил\w*|отбил\w*|продвинул\w*|продвижени\w*",
    ),
]
ACTIONS: list[tuple[str, regex.Pattern[str]]] = [(k, _words(p)) for k, p in _ACTION_PATTERNS]
# One word boundary around all the kinds, not one per kind: the same matches, four times faster
_ALL_ACTIONS = _re(_word("|".join(f"(?P<{k}>{p})" for k, p in _ACTION_PATTERNS)))


def find_actions(sentence: str) -> list[Action]:
    """Every action word in ``sentence``, leftmost first; where two overlap, the earlier kind wins. A
    bare "struck" or "hit" is a strike only where the sentence names no weapon: "A Shahed drone hit
    Odesa" is the drone's.

    >>> [a.kind for a in find_actions("A drone hit Odesa.")], [a.kind for a in find_actions("Russia hit it.")]
    (['air'], ['shelling'])
    """
    found = [
        Action(m.lastgroup or "", m.start(), m.end(), m.group()) for m in _ALL_ACTIONS.finditer(sentence)
    ]
    bare = [a for a in found if a.text.lower() in _BARE_STRIKES]
    if bare and len(bare) < len(found) and any(a.kind in _ARMS for a in found if a not in bare):
        return [a for a in found if a not in bare]
    return found


_BARE_STRIKES = frozenset(("struck", "hit", "hits", "hitting"))
_ARMS = frozenset(("air", "shelling", "mine", "intercept"))


#: Words naming a side's forces. ``ENEMY`` and ``OWN`` are read against the voice of the statement.
SIDE_WORDS: list[tuple[str, regex.Pattern[str]]] = [
    ("WAGNER", _words(r"Wagner\w*|Prigozhin\w*|Вагнер\w*|ПВК|ЧВК|Пригожин\w*")),
    ("DPR", _words(r"DPR|DNR|ДНР|Donetsk People's Republic")),
    ("LPR", _words(r"LPR|LNR|ЛНР|Luhansk People's Republic|Lugansk People's Republic")),
    (
        "RU",
        _words(
            r"Russian|Russians|Russia(?:'?s)?|Moscow's|Kremlin|occupiers?|invaders?|pro-Russian|"
            r"російськ\w*|росіян\w*|окупант\w*|рашист\w*|российск\w*|русск\w*|ВС РФ|"
            r"Chechen|Kadyrov\w*"
        ),
    ),
    (
        "UA",
        _words(
            r"Ukrainian|Ukrainians|Ukraine(?:'?s)?|Kyiv's|Defen[cs]e Forces|Ground Forces|marines|"
            r"Khortytsia|ЗСУ|Сили оборони|Силами оборони|українськ\w*|ВСУ|украинск\w*|киевск\w* режим\w*"
        ),
    ),
    ("ENEMY", _words(r"enemy|противник\w*|ворог\w*|неприятел\w*")),
    (
        "OWN",
        _words(
            r"(?:our|its|their|his|her|наші|наших|нашими|наши|наших|нашим)\s+"
            r"(?:troops|forces|soldiers|units|defenders|воїни|війська|захисники|підрозділи|войска|"
            r"подразделения|бойцы|военные)"
        ),
    ),
]


@dataclass(frozen=True, slots=True)
class Claimant:
    """Who stands behind a statement: a canonical name and its side (``UA``, ``RU`` or empty)."""

    name: str
    side: str


# Canonical claimants: ministries, staffs, bloggers, officials. Checked in order; the first that
# matches near a reporting word is the claimant.
CLAIMANTS: list[tuple[Claimant, regex.Pattern[str]]] = [
    (
        Claimant("Ministry of Defence of Russia", "RU"),
        _re(
            r"(?:Russia(?:'?s)?|Russian|Moscow's) "
            r"(?:Defen[cs]e Ministry|Ministry of Defen[cs]e|defen[cs]e ministry|MoD)|"
            r"Ministry of Defen[cs]e of Russia|Shoigu|Konashenkov|Минобороны|Міноборони (?:Росії|РФ)|"
            r"МО РФ|министерств\w+ обороны|Конашенков\w*|Шойгу"
        ),
    ),
    (
        Claimant("Ministry of Defence of Ukraine", "UA"),
        _re(
            r"(?:Ukraine(?:'?s)?|Ukrainian|Kyiv's) "
            r"(?:Defen[cs]e Ministry|Ministry of Defen[cs]e|defen[cs]e ministry|MoD)|"
            r"(?:Ukraine(?:'?s)?|Ukrainian|Kyiv's) (?:deputy )?defen[cs]e minister|"
            r"(?:deputy )?defen[cs]e minister Hanna Maliar|Hanna Maliar|Maliar|Маляр|Міноборони(?! Р)|"
            r"Міністерств\w+ оборони"
        ),
    ),
    (
        Claimant("General Staff of Ukraine", "UA"),
        _re(r"General Staff|Генштаб\w*|Генеральн\w+ штаб\w*"),
    ),
    (Claimant("Wagner Group", "RU"), _re(r"Prigozhin|Wagner|Пригожин\w*|Вагнер\w*|ЧВК")),
    (
        Claimant("Russian military bloggers", "RU"),
        _re(
            r"(?:mil|military |war )bloggers?|milbloggers?|war correspondents?|bloggers close to|"
            r"Z-channels?|военкор\w*|воєнкор\w*|военн\w+ блогер\w*|Z-канал\w*"
        ),
    ),
    (
        Claimant("Russian-installed officials", "RU"),
        _re(
            r"Russian-installed|Russian-appointed|occupation (?:authorities|officials)|"
            r"Pushilin|Saldo|Balitsky|Пушилин\w*|Сальдо|Балицк\w*"
        ),
    ),
    (Claimant("Ukrainian Air Force", "UA"), _re(r"air force|Повітрян\w+ сил\w*|Ihnat|Ігнат")),
    (
        Claimant("Russian officials", "RU"),
        _re(
            r"Gladkov|Гладков\w*|Kremlin|Peskov|Песков|губернатор\w* (?:Белгород|Курск|Брянск)\w*|"
            r"Russian officials|Russia (?:said|says|claimed|claims)|Moscow (?:said|says|claimed)|"
            r"Belgorod (?:region )?governor|Kursk (?:region )?governor"
        ),
    ),
    (
        Claimant("Ukrainian local officials", "UA"),
        _re(
            r"governor|mayor|regional (?:military )?administration|military administration|"
            r"local (?:officials|authorities)|regional (?:officials|authorities)|"
            r"head of the .{0,40}administration|"
            r"city council|Syniehubov|Synehubov|Filashkin|Klitschko|Haidai|Prokudin|Kiper|Fedorov|Terekhov|"
            r"ОВА|обласн\w+ військов\w+ адміністраці\w+|військов\w+ адміністраці\w+|"
            r"губернатор\w*|мер\w*|Синєгубов\w*|Філашкін\w*|Кличко|Гайда\w*"
        ),
    ),
    (
        Claimant("Ukrainian officials", "UA"),
        _re(
            r"Syrskyi|Syrsky|Zaluzhnyi|Zaluzhny|Zelensky\w*|Budanov|Ground Forces|Khortytsia|"
            r"(?:operational )?command|army chief|commander-in-chief|"
            r"Ukrainian (?:officials|military|army|commander)|"
            r"Ukraine'?s (?:army|military|commander\w*)|Kyiv (?:said|says|denies|denied|claimed)|"
            r"State Emergency Service|emergency service|railway company|nuclear regulator|"
            r"Сирськ\w*|Залужн\w*|Зеленськ\w*|ДСНС|Укрзалізниц\w*|Сухопутн\w+ військ\w*|Хортиц\w*"
        ),
    ),
    (
        Claimant("Local residents", ""),
        _re(r"residents|witness(?:es)?|locals|місцеві жителі|мешканці|жители|очевидц\w+"),
    ),
]

#: Words that make a sentence a statement by someone ("X said", "according to X", "X:").
REPORTING = _re(
    _word(
        r"said|says|say|told|tells|claim(?:s|ed)?|report(?:s|ed)?|announc(?:ed|es)|stated|"
        r"confirm(?:s|ed)|den(?:y|ies|ied)|admit(?:s|ted)|acknowledg(?:es|ed)|wr(?:ote|ites)|posted|"
        r"according to|declared?|describe[sd]?|insist(?:s|ed)?|"
        r"повідоми\w*|заяви\w*|за даними|за словами|інформу\w*|стверджу\w*|"
        r"сообщи\w*|заяви\w*|по данным|по словам|утвержда\w*|доложи\w*"
    )
)
# "Гладков: …", "Іван Федоров: …" — tried only on sentences with a colon: at every position of every
# sentence this alternative cost more than all the reporting words together
_SPEAKER_COLON = _re(r"(?:^|\s)\p{L}[\p{L} ]{2,30}:\s")


def reporting_cues(sentence: str) -> list[tuple[int, int]]:
    """Spans of the words in ``sentence`` that make it a statement by someone (see :data:`REPORTING`)."""
    cues = [(m.start(), m.end()) for m in REPORTING.finditer(sentence)]
    if ":" in sentence:
        cues += [(m.start(), m.end()) for m in _SPEAKER_COLON.finditer(sentence)]
        cues.sort()
    return cues


#: Hedges: the report does not stand behind the statement.
HEDGE = _words(
    r"reportedly|allegedly|unconfirmed|unverified|rumou?rs?|purportedly|likely|probably|"
    r"could not (?:be )?(?:independently )?(?:verif|confirm)\w*|"
    r"(?:has|have) not been (?:independently )?(?:verif|confirm)\w*|"
    r"(?:there (?:has|have) been |there is |there was )?no (?:independent )?confirmation|"
    r"нібито|імовірно|ймовірно|не підтверджен\w*|якобы|предположительно|не подтвержден\w*|"
    r"по неподтвержденным данным"
)
#: Evidence the report itself stands on.
CONFIRM = _words(
    r"geolocated|geo-located|confirm(?:s|ed)|satellite imagery|verified footage|"
    r"підтверди\w*|подтверди\w*"
)
#: Denials: the other side says it did not happen.
DENIAL = _words(
    r"den(?:y|ies|ied)|rejected the claim|refuted|dismissed the claim|"
    r"спростува\w*|заперечу\w*|опроверг\w*|отрица\w*"
)
#: Security forces breaking up a protest.
INTERVENTION = _words(
    r"dispers\w+|stun grenades?|tear gas|fired (?:shots|into)|detain\w*|arrest\w*|"
    r"розігна\w*|затрима\w*|разогна\w*|задержа\w*"
)
#: Civilians as the target of a strike.
CIVILIAN_WORDS = _words(
    r"civilians?|residential|apartment|homes?|houses?|school|hospital|shop|store|market|"
    r"hypermarket|children|evacuat\w+|цивільн\w+|житлов\w+|будин\w+|багатоповерхов\w+|діти|"
    r"мирн\w+ жител\w+|жил\w+ дом\w*|дет\w+"
)
_NUM_WORDS_UK_RU = (
    "один|одна|одного|одну|одну людину",
    "двоє|двое|два|дві|двох|двух",
    "троє|трое|три|трьох|трех|трёх",
    "четверо|чотири|четыре|чотирьох|четырех|четырёх",
    "п'ятеро|пʼятеро|пятеро|п'ять|пʼять|пять",
    "шестеро|шість|шесть",
    "семеро|сім|семь",
    "восьмеро|восемь|вісім",
)
_NUM_UK_RU = "|".join(_NUM_WORDS_UK_RU)
_NUM = r"\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|a dozen|dozens"
#: Deaths: "killing at least 12 people", "12 people were killed", "загинула 21 людина", "погибли 14".
KILLED = _re(
    r"(?:kill(?:ed|ing)|left) (?:at least |more than |over |about )?(?P<n1>"
    + _NUM
    + r")(?: \w+)?(?: people| civilians| soldiers| residents)?"
    r"|(?P<n2>" + _NUM + r") (?:people|civilians|residents|persons) (?:were |have been |had been )?killed"
    r"|(?:загину\w*|загибл\w*|погиб\w*|убит\w*)[^.\d]{0,20}?(?P<n3>\d+)"
    r"|(?P<n4>\d+) (?:людин\w*|люд\w*|человек\w*) (?:загину\w*|погиб\w*)"
    # "загинула одна людина", "погибли двое", "двоє людей загинули", "убиты три человека"
    r"|(?:загину\w*|загибл\w*|погиб\w*|убит\w*|вбит\w*)\s+(?:\w+\s+){0,2}?(?P<n5>"
    + _NUM_UK_RU
    + r")"
    + _E
    + r"|"
    + _B
    + r"(?P<n6>"
    + _NUM_UK_RU
    + r")\s+(?:\w+\s+){0,2}?(?:загину\w*|погиб\w*|вбит\w*|убит\w*)"
)
#: Ukrainian and Russian number words for the dead, their value.
DEATH_WORDS: dict[str, int] = {}
for _value, _forms in enumerate(_NUM_WORDS_UK_RU, 1):
    DEATH_WORDS.update(dict.fromkeys(_forms.split("|"), _value))
