"""Issue 17's claims model and the "Noticed" rules: one test per rule, each on the sentence that broke."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.cli import app
from frontline.confidence import Wording, corroborate_sources, decide, follow_up
from frontline.extract import Report, extract_events, read_reports
from frontline.extract.drafts import fatalities

DAY = date(2024, 5, 10)


def events(gaz, text: str, *, source: str = "Test wire", named: bool = True) -> list:
    report = Report(text, DAY, source, "", "r1", source_named=named)
    return extract_events(report, gaz, timestamp=0)


def places(gaz, text: str, **kw) -> set[str]:
    return {e.location for e in events(gaz, text, **kw)}


# -- the three levels of support ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "named", "confidence", "claim_by"),
    [
        ("Test wire", True, "reported", ""),  # an independent source's own voice
        ("notes", False, "unconfirmed", ""),  # only a file's name: nobody stands behind it
        ("", True, "unconfirmed", ""),
        ("Ukraine's General Staff", True, "claimed", "General Staff of Ukraine"),  # a party's release
    ],
)
def test_unattributed_text_takes_its_support_from_the_source(
    embedded, source: str, named: bool, confidence: str, claim_by: str
) -> None:
    (e,) = events(embedded, "Russian forces shelled Kharkiv overnight.", source=source, named=named)
    assert (e.x_confidence, e.x_claim_by) == (confidence, claim_by)


def test_a_release_opening_names_its_party(embedded) -> None:
    text = "Минобороны России: подразделения группировки войск «Центр» освободили населенный пункт Очеретино."
    (e,) = events(embedded, text, source="", named=False)
    assert (e.x_confidence, e.x_claim_by) == ("claimed", "Ministry of Defence of Russia")
    # a wire quoting the ministry in its first sentence does not make the next sentences the ministry's
    wire = "Russia's Defence Ministry said its troops shelled Kherson. Ukrainian forces shelled Donetsk."
    found = {e.location: e for e in events(embedded, wire)}
    assert found["Donetsk"].x_confidence == "reported" and found["Donetsk"].x_claim_by == ""


def test_visual_confirmation_and_several_sources_confirm(embedded) -> None:
    (e,) = events(
        embedded, "Geolocated footage shows Russian troops shelling Kharkiv.", source="", named=False
    )
    assert e.x_confidence == "confirmed"
    assert corroborate_sources([("Wire A", "reported"), ("Wire B", "reported")]) == "confirmed"
    assert corroborate_sources([("Wire A", "reported"), ("wire a", "reported")]) == "reported"
    assert corroborate_sources([("Wire A", "reported"), ("RU MoD", "claimed")]) == "reported"
    assert corroborate_sources([("Wire A", "claimed"), ("Wire B", "claimed")]) == "claimed"


def test_decide_never_confirms_an_unattributed_statement() -> None:
    for wording in (Wording(), Wording(hedged=True), Wording(denied=True)):
        for independent in (False, True):
            assert decide(wording, claimant_side=None, independent=independent) != "confirmed"
    # a hedge after a reported statement takes the report's word back
    assert follow_up("reported", Wording(hedged=True), claimant_side=None, speaker_side=None) == "unconfirmed"


# -- organisations and words are not places ------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize(
    ("text", "not_there", "there"),
    [
        ("Сили оборони України відбили атаку біля Вовчанська.", "Ukraina", "Vovchansk"),
        ("KYIV (Wire) - Russian forces shelled Kherson overnight.", "Vyry", "Kherson"),
        ("KYIV (Wire) - Russian forces shelled Kherson overnight.", "Kyiv", "Kherson"),  # the dateline
        ("Ukrainian forces attacked near Krynky, Tavria group spokesman said.", "Tavriia", "Krynky"),
        ("Some of the bodies were found in Izium after the Russian withdrawal.", "Shchomy", "Izium"),
    ],
)
def test_organisations_and_words_are_not_places(ua, text: str, not_there: str, there: str) -> None:
    found = places(ua, text)
    assert there in found
    assert not_there not in found


def test_the_dnipro_river_is_not_the_city(embedded) -> None:
    found = places(embedded, "Russian drones struck boats on the Dnipro near Kherson.")
    assert "Kherson" in found
    assert "Dnipro" not in found
    assert "Dnipro" in places(embedded, "Russian missiles struck Dnipro overnight.")


# -- reference points are not events -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "not_there", "there"),
    [
        ("Ukrainian forces advanced near Synkivka, east of Kupiansk.", "Kupiansk", "Synkivka"),
        ("Ukrainian units withdrew from Krasnohorivka to positions near Ocheretyne.", "Ocheretyne", None),
        ("Fighting continued just north of Russian-held Donetsk.", "Donetsk", None),
    ],
)
@pytest.mark.shared
def test_reference_points_are_not_events(ua, text: str, not_there: str, there: str | None) -> None:
    found = places(ua, text)
    assert not_there not in found
    if there:
        assert there in found


def test_a_compass_relation_still_locates_a_strike(embedded) -> None:
    assert "Kharkiv" in places(embedded, "Russian missiles struck an industrial site north of Kharkiv.")


# -- fatalities, phrasings, the summary ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        ("Внаслідок обстрілу загинула одна людина.", 1),
        ("В результате обстрела погибли двое.", 2),
        ("Троє людей загинули внаслідок удару.", 3),
        ("Погибли четыре человека.", 4),
        ("Загинули 12 людей.", 12),
        ("Ніхто не загинув.", 0),
    ],
)
def test_ukrainian_and_russian_fatalities(sentence: str, dead: int) -> None:
    assert fatalities(sentence) == dead


def test_fatalities_reach_the_event(embedded) -> None:
    (e,) = events(embedded, "Внаслідок обстрілу Херсона загинула одна людина.")
    assert e.fatalities == 1


@pytest.mark.parametrize(
    ("text", "place", "sub"),
    [
        ("Ukrainian forces declared victory in Kupiansk.", "Kupiansk", "Government regains territory"),
        ("Ukrainian troops are advancing on Lyman.", "Lyman", "Armed clash"),
        ("Russian troops are regrouping from Izyum.", "Izium", "Non-violent transfer of territory"),
    ],
)
def test_the_seed_phrasings(embedded, text: str, place: str, sub: str) -> None:
    found = {e.location: e for e in events(embedded, text)}
    assert found[place].sub_event_type == sub


def test_extract_summary_accounts_for_every_event(tmp_path: Path) -> None:
    uk = tmp_path / "uk.txt"
    ru = tmp_path / "ru.txt"
    uk.write_text("Російські війська обстріляли Харків. Окупанти обстріляли Херсон.", encoding="utf-8")
    ru.write_text("ВСУ обстреляли Донецк. Российские войска обстреляли Харьков.", encoding="utf-8")
    store = tmp_path / "events.gpkg"
    args = [
        "extract",
        str(uk),
        str(ru),
        "--date",
        "2024-05-10",
        "--source",
        "Test wire",
        "--store",
        str(store),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    # Kharkiv is told by both files: four events found, three stored
    assert "4 events from 2 reports: 3 new, 0 merged with events already stored, 0 already there" in (
        result.output
    )
    assert "1 told again by another of these reports" in result.output
    again = CliRunner().invoke(app, args)
    assert "0 new, 0 merged with events already stored, 3 already there, 1 told again" in again.output


def test_a_file_name_is_not_a_named_source(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Russian forces shelled Kharkiv.", encoding="utf-8")
    (report,) = read_reports(path, default_date=DAY)
    assert (report.source, report.source_named) == ("notes", False)
    (named,) = read_reports(path, default_date=DAY, source="Eastline Wire")
    assert named.source_named


# -- found on the tuning part of the evaluation ------------------------------------------------------


def test_a_headline_gives_way_to_the_body(embedded) -> None:
    text = "Missiles hit Kharkiv homes\n\nRussian missiles struck Kharkiv early on Tuesday, the mayor said."
    (e,) = events(embedded, text)
    assert (e.x_confidence, e.x_claim_by, e.event_date) == (
        "claimed",
        "Ukrainian local officials",
        date(2024, 5, 7),
    )


def test_a_wire_footer_is_not_reporting() -> None:
    from frontline.extract import clean_text

    story = (
        "Shelling in Kharkiv.\n\nReporting by A. Writer; Editing by B. Desk\nOur Standards: The Principles."
    )
    assert clean_text(story + "\nMost read\nRussian troops advance near Avdiivka") == "Shelling in Kharkiv."


def test_a_capital_that_orders_is_the_government(embedded) -> None:
    text = "Ukrainian troops entered Kherson, two days after Moscow ordered its forces to retreat."
    assert places(embedded, text) == {"Kherson"}


def test_pushed_into_is_an_entry_and_an_edge_is_a_reference(embedded) -> None:
    (e,) = events(embedded, "Ukrainian forces pushed into Izium on Saturday.")
    assert e.sub_event_type == "Government regains territory"
    found = places(
        embedded, "Wagner fighters captured Soledar on the northern edge of Bakhmut, Prigozhin said."
    )
    assert found == {"Soledar"}
