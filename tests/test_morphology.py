from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazetteer.morphology import adjective_to_town, dictionary_lemmas, lemma_candidates
from gazetteer.names import fold


@pytest.mark.parametrize(
    ("inflected", "lemma"),
    [
        ("у Куп'янську", "Куп'янськ"),
        ("під Ізюмом", "Ізюм"),
        ("в Купянске", "Купянск"),
        ("из Изюма", "Изюм"),
        ("у Лимані", "Лиман"),
        ("в Лимане", "Лиман"),
        ("звільнили Балаклію", "Балаклія"),
        ("у Балаклії", "Балаклія"),
        ("под Балаклеей", "Балаклея"),
        ("з Харкова", "Харків"),
        ("у Києві", "Київ"),
        ("в Олександрівці", "Олександрівка"),
        ("у Шевченковому", "Шевченкове"),
        ("в Рубежном", "Рубежное"),
        ("у Великому Бурлуці", "Великий Бурлук"),
        ("зі Старого Салтова", "Старий Салтів"),
        ("на Харківщині", "Харківщина"),
        ("по Гуляйполю", "Гуляйполе"),  # a neuter noun (Гуляйполь, a village of Cherkasy oblast, also fits)
        ("біля Гуляйполя", "Гуляйполе"),
        ("Донецької", "Донецька"),
        ("Харьковской", "Харьковская"),
    ],
)
def test_inflected_names_lead_to_their_dictionary_form(inflected: str, lemma: str) -> None:
    word = inflected.split(" ", 1)[-1] if inflected[0].islower() else inflected
    assert fold(lemma) in lemma_candidates(fold(word))


def test_the_key_itself_comes_first() -> None:
    assert lemma_candidates("лиман")[0] == "лиман"
    assert lemma_candidates("") == []


def test_direction_adjectives_lead_to_towns() -> None:
    assert "купянськ" in adjective_to_town("купянському")
    assert "лиман" in adjective_to_town("лиманському")
    assert "бахмут" in adjective_to_town("бахмутському")


def test_morphological_analyser_lemmas() -> None:
    assert "ізюм" in dictionary_lemmas("ізюмом")


@given(st.text(alphabet="абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэё ", max_size=30))
def test_candidates_never_fail(text: str) -> None:
    key = fold(text)
    candidates = lemma_candidates(key)
    if key and len(key.split(" ")) <= 4:
        assert candidates[0] == key  # the key itself first, then distinct proposals
        assert len(set(candidates)) == len(candidates)
        assert all(len(c.split(" ")) == len(key.split(" ")) for c in candidates)
    else:
        assert candidates == []
