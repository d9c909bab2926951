"""Dictionary forms of inflected Ukrainian and Russian place names.

Telegram posts and Ukrainian or Russian news put names in grammatical cases: "у Куп'янську",
"під Ізюмом", "в Купянске", "из Изюма", "у Великому Бурлуці", "на Харківщині". The gazetteer
stores dictionary forms, so :func:`lemma_candidates` proposes the forms an inflected name may come
from; the caller keeps those the gazetteer knows. Proposals are generous on purpose — a wrong one
matches nothing.

Place names decline by a few regular patterns (masculine in a consonant: Ізюм, Куп'янськ, Харків
with its і/о alternation; feminine in -а/-я and -ка with к/ц alternation; neuter adjectival in -е/-ое;
adjectives in multiword names), which the suffix rules below cover. ``pymorphy3`` is consulted
only for words the rules leave unexplained (loaded on first use, about 0.2 s).

Keys are folded (see :func:`gazetteer.names.fold`): lower case, apostrophes removed, ґ→г, ё→е.

>>> lemma_candidates("харкова")  # the key itself first, then every form it may come from
['харкова', 'харков', 'харків', 'харково']
>>> dictionary_forms = {
...     "купянську": "купянськ",
...     "ізюмом": "ізюм",
...     "балаклії": "балаклія",
...     "великому бурлуці": "великий бурлук",
...     "шевченковому": "шевченкове",
...     "часового яру": "часів яр",
...     "кривому розі": "кривий ріг",
...     "валуек": "валуйки",
... }
>>> [key for key, lemma in dictionary_forms.items() if lemma not in lemma_candidates(key)]  # none missed
[]
>>> lemma_candidates("")
[]
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from .names import fold

__all__ = ["adjective_to_town", "area_to_town", "lemma_candidates"]

# (ending of the inflected form, ending of the dictionary form). Ukrainian and Russian together.
_NOUN_RULES: tuple[tuple[str, str], ...] = (
    # masculine, consonant stem: Ізюм-а/-у/-ом/-і, Изюм-а/-у/-ом/-е, Куп'янськ-а/-у/-ом
    ("ом", ""),
    ("ем", ""),
    ("ем", "ь"),
    ("а", ""),
    ("у", ""),
    ("і", ""),
    ("е", ""),
    ("ю", "ь"),
    ("я", "ь"),
    ("ю", "е"),  # neuter: Гуляйполе → Гуляйполю, Гуляйполя (not the Гуляйполь of Cherkasy oblast)
    ("я", "е"),
    ("і", "ь"),
    ("е", "ь"),
    ("ові", ""),
    ("еві", ""),
    # Ukrainian і/о and ї/є alternation: Харків → Харкова, Салтів → Салтова, Київ → Києва
    ("ова", "ів"),
    ("ову", "ів"),
    ("овом", "ів"),
    ("ові", "ів"),
    ("ева", "ів"),
    ("єва", "їв"),
    ("єві", "їв"),
    ("єву", "їв"),
    ("євом", "їв"),
    ("ода", "ід"),
    ("оду", "ід"),
    ("оді", "ід"),
    ("ора", "ір"),
    ("ору", "ір"),
    ("орі", "ір"),
    ("оля", "іль"),
    ("олі", "іль"),
    ("олю", "іль"),
    ("ока", "ік"),
    ("оку", "ік"),
    ("оці", "ік"),
    ("оса", "іс"),
    ("осі", "іс"),
    ("ога", "іг"),
    ("огу", "іг"),
    ("озі", "іг"),
    # к/ц, г/з, х/с alternation before -і: Бурлук → Бурлуці, Олександрівка → Олександрівці
    ("ці", "к"),
    ("ці", "ка"),
    ("зі", "г"),
    ("зі", "га"),
    ("сі", "х"),
    ("сі", "ха"),
    # feminine in -а: -и/-і/-у/-ою (uk), -ы/-е/-у/-ой (ru)
    ("и", "а"),
    ("і", "а"),
    ("у", "а"),
    ("ою", "а"),
    ("ы", "а"),
    ("е", "а"),
    ("ой", "а"),
    # feminine in -я: Балаклія → Балаклії/-ю/-єю; Балаклея → Балаклеи/-е/-ю/-ей
    ("ї", "я"),
    ("ю", "я"),
    ("єю", "я"),
    ("и", "я"),
    ("е", "я"),
    ("ей", "я"),
    ("ею", "я"),
    ("і", "я"),
    # neuter in -е/-о/-ое: Шевченкове → -ого/-ому/-ім/-им; Рубежное → -ого/-ом/-ому/-ым
    ("ого", "е"),
    ("ому", "е"),
    ("ім", "е"),
    ("им", "е"),
    ("ого", "ое"),
    ("ом", "ое"),
    ("ому", "ое"),
    ("ым", "ое"),
    ("ем", "ое"),
    ("е", "о"),
    ("а", "о"),
    ("у", "о"),
    ("ом", "о"),
    ("і", "е"),
    ("ого", "о"),
    ("ому", "о"),
    ("ого", "є"),
    ("ому", "є"),
    ("ім", "є"),
    ("ього", "є"),
    ("ьому", "є"),
    # plural names: Святі Гори → Святих Гір (rare; the common oblique forms only)
    ("ах", "и"),
    ("ях", "і"),
    ("ах", "ы"),
    ("ами", "и"),
    # … and the genitive of those in -ки: Липки → Липок, Валуйки → Валуек (uk Валуйок)
    ("ок", "ки"),
    ("ек", "ки"),
    ("ек", "йки"),
    ("йок", "йки"),
)
_ADJECTIVE_RULES: tuple[tuple[str, str], ...] = (
    # masculine: Великий → Великого/Великому/Великим/Великім; Ru Старый → Старого/Старом/Старым
    ("ого", "ий"),
    ("ому", "ий"),
    ("им", "ий"),
    ("ім", "ий"),
    ("ого", "ый"),
    ("ому", "ый"),
    ("ом", "ый"),
    ("ым", "ый"),
    ("ого", "ой"),
    ("ом", "ой"),
    ("ьому", "ій"),
    ("ього", "ій"),
    # possessive: Часів (Яр) → Часового/Часовому/Часовим, Київ-like in -їв → -євого
    ("ового", "ів"),
    ("овому", "ів"),
    ("овим", "ів"),
    ("євого", "їв"),
    ("євому", "їв"),
    # feminine: Нова → Нової/Новій/Нову/Новою; Ru Новая → Новой/Новую
    ("ої", "а"),
    ("ій", "а"),
    ("у", "а"),
    ("ою", "а"),
    ("ой", "ая"),
    ("ую", "ая"),
    ("ей", "яя"),
    # neuter: Велике → Великого/Великому/Великім
    ("ого", "е"),
    ("ому", "е"),
    ("ім", "е"),
    ("ого", "ое"),
    ("ом", "ое"),
    ("ому", "ое"),
)
_MIN_STEM = 2


def _rules_for(word: str) -> set[str]:
    out = {word}
    for ending, base in _NOUN_RULES + _ADJECTIVE_RULES:
        stem = len(word) - len(ending)
        # a one-letter stem only where the і/о alternation gives the base its vowel: Рогу, Розі → Ріг
        alternation = base.startswith("і") and not ending.startswith("і")
        if word.endswith(ending) and (stem >= _MIN_STEM or (stem == 1 and alternation)):
            out.add(word[:stem] + base)
    return out


@lru_cache(maxsize=1)
def _analyzers() -> tuple:
    import pymorphy3

    return (pymorphy3.MorphAnalyzer(lang="uk"), pymorphy3.MorphAnalyzer(lang="ru"))


@lru_cache(maxsize=65_536)
def dictionary_lemmas(word: str) -> tuple[str, ...]:
    """Lemmas ``pymorphy3`` gives a single folded word, both languages, best parses first."""
    out: list[str] = []
    for analyzer in _analyzers():
        for parse in analyzer.parse(word)[:3]:
            lemma = fold(parse.normal_form)
            if lemma and lemma not in out:
                out.append(lemma)
    return tuple(out)


_MAX_COMBINATIONS = 64


@lru_cache(maxsize=65_536)
def _lemma_candidates(key: str) -> tuple[str, ...]:
    words = key.split(" ")
    if not key or len(words) > 4:
        return ()
    # shortest proposals first, ties alphabetically: the same combinations survive the cut in every
    # process (a set's order changes with the hash seed)
    per_word = [[w, *sorted(_rules_for(w) - {w}, key=lambda c: (len(c), c))] for w in words]
    combos = itertools.islice(itertools.product(*per_word), _MAX_COMBINATIONS)
    return tuple(dict.fromkeys(" ".join(combo) for combo in combos))


def lemma_candidates(key: str) -> list[str]:
    """Dictionary forms a folded Cyrillic name (one to four words) may be an inflection of.

    The key itself comes first; suffix-rule proposals follow. Use :func:`dictionary_lemmas` for the
    morphological analyser's opinion when none of these is a known place.
    """
    return list(_lemma_candidates(key))


_TOWN_ADJECTIVE_RULES: tuple[tuple[str, str], ...] = (
    ("ському", "ськ"),
    ("ського", "ськ"),
    ("ський", "ськ"),
    ("ськом", "ськ"),
    ("ском", "ск"),
    ("ском", "ское"),
    ("ськім", "ськ"),
    ("ському", ""),
    ("ського", ""),
    ("ський", ""),
    ("ском", ""),
    ("ского", ""),
    ("ский", ""),
    ("івському", "івка"),
    ("івському", "ів"),
    ("івському", "ове"),  # Курахівському → Курахове
    ("овском", "овка"),
    ("овском", "ов"),
    ("пільському", "поле"),  # Гуляйпільському → Гуляйполе
    ("польском", "поле"),
    ("жском", "жье"),  # Запорожском → Запорожье
    ("зькому", "жжя"),  # Запорізькому → Запоріжжя
    ("ецькому", "ецьк"),
    ("ецький", "ецьк"),
    ("ецького", "ецьк"),
    ("ецком", "ецк"),
    ("ецкий", "ецк"),
    ("ецкого", "ецк"),
    # Russian adjectives of towns in -ино, -ово, -ево, -а: districts ("Шебекинский", "Глушковского",
    # "Суджанском") and axes ("Кураховском" → Курахово)
    *(
        (stem + case, town)
        for case in ("ский", "ского", "скому", "ском", "ской")
        for stem, town in (("ин", "ино"), ("ов", "ово"), ("ев", "ево"), ("ан", "а"))
    ),
)


def adjective_to_town(key: str) -> list[str]:
    """Town names behind a relative adjective: "купянському (напрямку)" → "купянськ".

    Used when an adjective stands before a word such as "напрямок"/"направление" (direction).

    >>> "купянськ" in adjective_to_town("купянському")
    True
    >>> "лиман" in adjective_to_town("лиманському")
    True
    """
    out: list[str] = []
    for ending, base in _TOWN_ADJECTIVE_RULES:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            out.append(key[: len(key) - len(ending)] + base)
    return list(dict.fromkeys(out))


# The area around a town, in one word ("Куп'янщина", "на Ізюмщині", "Донеччина", Russian "Купянщина",
# "Донетчина"): the ending and what the town's name ends in instead, tried in turn.
_AREA_ENDINGS = re.compile(r"(щин|ччин|тчин)(?:а|и|і|у|ою|ы|е|ой)\Z")
_AREA_TOWN_ENDINGS = {"щин": ("ськ", "", "ск"), "ччин": ("цьк", "цк"), "тчин": ("цк", "цьк")}


def area_to_town(key: str) -> list[str]:
    """Town names behind a word for the area around a town: "куп'янщині" → "куп'янськ", "ізюмщину" →
    "ізюм", "донеччина" → "донецьк". Folded keys in, folded keys out, likeliest first.

    >>> area_to_town("ізюмщині")[:2]
    ['ізюмськ', 'ізюм']
    >>> area_to_town("донеччина")[0]
    'донецьк'
    >>> area_to_town("ізюм")
    []
    """
    m = _AREA_ENDINGS.search(key)
    if m is None or m.start() < _MIN_STEM:
        return []
    stem = key[: m.start()]
    return [stem + ending for ending in _AREA_TOWN_ENDINGS[m.group(1)]]
