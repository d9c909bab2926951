"""Russian-style Latin spellings of Ukrainian place names, mapped to the Ukrainian forms GeoNames holds.

Much reporting on the war reaches English through Russian: a village Ukrainians call *Зайцеве*
(Zaitseve) is written *Zaitsevo* or *Zaytsevo*, *Шиpокине* (Shyrokyne) *Shirokino*, *Новомар'ївка*
*Novomaryevka*, *Первомайське* *Pervomaiskoye*. GeoNames keeps the Russian name of a village only
now and then, so these spellings often meet no key — or meet a Crimean or Russian namesake that
does carry its Russian name. The two languages differ in a few regular ways, above all in the
endings of place names (Russian neuter adjectives in *-oye*, *-skoye*, *-noye*; village names in
*-ovka/-evka*, *-ovo/-evo*, *-ino*; short masculine forms in *-ny(y)*), which :func:`ukrainian_keys`
maps to their Ukrainian counterparts; differences of vowels (e/i/y) and of g/h are already merged by
:func:`gazetteer.names.phonetic`.

The keys are *candidates*: looked up beside the spelling as written, never instead of it (Novoazovsk
ends in *-ovsk* in both languages; Kupiansk is a town, and "Ivanivsk" a village Ivanivske written
short).

>>> ukrainian_keys("zaitsevo")
('zaitseve',)
>>> ukrainian_keys("novaya maryevka")
('nova marivka', 'novaya marivka', 'nova maryevka')
>>> ukrainian_keys("pervomaiskoye"), ukrainian_keys("dvurechnoye")
(('pervomaiske', 'pervomaiskaya'), ('dvurechne', 'dvurechnaya'))
>>> ukrainian_keys("shirokino")
('shirokyne',)
>>> ukrainian_keys("ugledar"), ukrainian_keys("elenovka")
(('vuhledar',), ('olenivka', 'olenovka', 'elenivka'))
>>> ukrainian_keys("trudovskiye"), ukrainian_keys("ivanivsk")  # a plural, a truncated neuter
(('trudivske',), ('ivanivske',))
>>> ukrainian_keys("kupiansk"), ukrainian_keys("lyman"), ukrainian_keys("")
(('kupianske',), (), ())

Axes of the front are named by adjectives of their towns ("the Krasnolimansky direction", "Svativ
direction"); :func:`town_keys` gives the towns' keys:

>>> town_keys("krasnolimansky")[:3]
('krasnoliman', 'krasnolimansk', 'krasnolimana')
>>> "krasnyi liman" in town_keys("krasnolimansky"), "svatove" in town_keys("svativ")
(True, True)
>>> town_keys("")
()
"""

from __future__ import annotations

import itertools
from functools import lru_cache

__all__ = ["town_keys", "ukrainian_keys"]

# Word endings, Russian-style → Ukrainian, longest first: the first that fits a word applies (with
# the word left as it is as the other choice). One per line: the ending, then its Ukrainian ones.
_ENDING_TABLE = """
ovatoye uvate
evatoye uvate
ovatoe uvate
evatoe uvate
ovataya uvata
evataya uvata
ovatka uvatka
evatka uvatka
ovskoye ivske
evskoye ivske
ovskoe ivske
evskoe ivske
ovskiye ivske
evskiye ivske
skoye ske
skiye ske
skiie ske
skoje ske
skoie ske
skoe ske
skaya ska
skaja ska
syolka silka
selka silka
syolki silky
selki silky
yevka ivka
ievka ivka
jevka ivka
noye ne
noje ne
noie ne
ovka ivka
evka ivka
yevo ieve
ievo ieve
ovske ivske
evske ivske
ovsk ivsk ivske
evsk ivsk ivske
gorsk hirsk
nyy ne nyi
niy ne nyi
noe ne
oye e
oje e
oie e
aya a
aja a
aia a
ovo ove
evo eve
ino yne
yno yne
ye ia
ny ne nyi
oe e
sk ske
"""
_ENDINGS = tuple((row[0], tuple(row[1:])) for row in map(str.split, _ENDING_TABLE.strip().splitlines()))
# Word beginnings, Russian → Ukrainian (Aleksandrovka → Oleksandrivka, Nikolayevka → Mykolaivka …).
_BEGINNINGS: tuple[tuple[str, str], ...] = (
    ("aleksandr", "oleksandr"),
    ("alexandr", "oleksandr"),
    ("yekaterin", "kateryn"),
    ("ekaterin", "kateryn"),
    ("nikola", "mykola"),
    ("nikol", "mykil"),
    ("ugle", "vuhle"),
    ("yele", "ole"),
    ("ele", "ole"),
    ("kamen", "kamian"),
    # the linking vowel of compounds: Russian Верхне-/Нижне-/Средне-, Ukrainian Верхньо-/Нижньо-/Середньо-
    # (Verkhnetoretskoye, Verkhnietoretske → Verkhnotoretske; Nizhneteploye → Nyzhnoteple)
    ("verkhnie", "verkhno"),
    ("verkhnyo", "verkhno"),
    ("verkhnio", "verkhno"),
    ("verkhne", "verkhno"),
    ("nizhnie", "nyzhno"),
    ("nyzhnie", "nyzhno"),
    ("nizhnyo", "nyzhno"),
    ("nyzhnyo", "nyzhno"),
    ("nyzhnio", "nyzhno"),
    ("nizhne", "nyzhno"),
    ("sredne", "seredno"),
    # Russian л before a consonant where Ukrainian has в: Долгое → Довге, Волчанск → Вовчанськ
    ("dolg", "dovh"),
    ("volch", "vovch"),
)
# Russian adjectival names in the other gender: reports write *Dvurechnoye* where GeoNames keeps
# Dvorichna's Russian name as *Dvurechnaya*. Tried for one-word names, after the Ukrainian forms.
_GENDERS: tuple[tuple[str, str], ...] = (
    ("skoye", "skaya"),
    ("skoe", "skaya"),
    ("skaya", "skoye"),
    ("noye", "naya"),
    ("noe", "naya"),
    ("naya", "noye"),
)
_MIN_WORD = 4
_MAX_KEYS = 16
_BEGINNING_KEYS = tuple(russian for russian, _ in _BEGINNINGS)
_ENDING_KEYS = tuple(russian for russian, _ in _ENDINGS)


def _word_forms(word: str) -> list[str]:
    """The word as written, then its Ukrainian forms (beginning and ending mapped)."""
    if len(word) < _MIN_WORD or not word.isascii():
        return [word]
    starts = [word]
    if word.startswith(_BEGINNING_KEYS):  # one C-level test first: most words match no rule
        for russian, ukrainian in _BEGINNINGS:
            if word.startswith(russian) and len(word) - len(russian) >= 2:  # a beginning, not the word
                starts.append(ukrainian + word[len(russian) :])
                break
    forms = list(starts)
    for start in starts:
        if not start.endswith(_ENDING_KEYS):
            continue
        for russian, ukrainian_endings in _ENDINGS:
            if start.endswith(russian) and len(start) - len(russian) >= 2:
                forms.extend(start[: -len(russian)] + end for end in ukrainian_endings)
                break
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=65_536)
def ukrainian_keys(key: str) -> tuple[str, ...]:
    """Folded keys the Ukrainian form of a Russian-style folded Latin ``key`` may have, best first
    (the key itself left out; empty when no rule applies)."""
    if not key or not key.isascii():
        return ()
    per_word = [_word_forms(w) for w in key.split(" ")]
    if all(len(forms) == 1 for forms in per_word):
        return ()
    out: list[str] = []
    for combo in itertools.islice(itertools.product(*per_word), _MAX_KEYS + 1):
        joined = " ".join(combo)
        if joined != key:
            out.append(joined)
    # the form with every word mapped is the likeliest: first
    full = " ".join(forms[-1] for forms in per_word)
    if full != key and full in out:
        out.remove(full)
        out.insert(0, full)
    if len(per_word) == 1:
        out += [key[: -len(ending)] + other for ending, other in _GENDERS if key.endswith(ending)][:1]
    return tuple(out[:_MAX_KEYS])


# Adjective endings of towns' names in Latin spellings, longest first.
_ADJECTIVE_ENDINGS = (
    "skoye",
    "skogo",
    "skoho",
    "skiy",
    "skyi",
    "skyy",
    "skij",
    "skoe",
    "skaya",
    "sky",
    "ski",
    "sk",
)
# What a town's name may add to the stem of its adjective (Lyman → lymanskyi, Kupiansk → kupianskyi,
# Svatove → svativskyi, Kreminna → kreminskyi, Izium → iziumskyi).
_TOWN_ENDINGS = ("", "sk", "a", "e", "o", "ka", "ivka", "ovka", "ove", "ovo", "yne", "ino", "na", "naya")
# Compound adjectives of two-word names: "krasnolymanskyi" is the adjective of Krasnyi Lyman.
_COMPOUND_HEADS = {"krasno": ("krasnyi", "krasny", "krasnyy"), "novo": ("novyi", "nova", "nove")}


@lru_cache(maxsize=4096)
def town_keys(adjective: str) -> tuple[str, ...]:
    """Folded keys of the towns a Latin relative adjective (before "direction") may be made from."""
    if not adjective or not adjective.isascii() or " " in adjective:
        return ()
    stem = adjective
    for ending in _ADJECTIVE_ENDINGS:
        if adjective.endswith(ending) and len(adjective) - len(ending) >= 3:
            stem = adjective[: -len(ending)]
            break
    stems = [stem]
    if stem.endswith("iv"):  # Ukrainian i of a closed syllable: Svatove → Svativskyi
        stems.append(stem[:-2] + "ov")
    out = [s + end for s in stems for end in _TOWN_ENDINGS]
    for head, words in _COMPOUND_HEADS.items():
        if stem.startswith(head) and len(stem) - len(head) >= 3:
            out.extend(f"{word} {stem[len(head) :]}" for word in words)
    return tuple(k for k in dict.fromkeys(out) if k != adjective)
