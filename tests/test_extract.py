"""Extraction: reports in, ACLED events out — types, places, sides, claims, dates, bad input."""

from __future__ import annotations

import doctest
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frontline.confidence
from frontline.confidence import CONFIDENCES, Confidence, merge
from frontline.errors import InputError
from frontline.events import EVENT_TYPES, events_frame
from frontline.extract import Report, acled, attribution, clean_text, drafts, extract_events, read_reports
from frontline.extract import places as extract_places
from frontline.extract import sentences as extract_sentences
from frontline.store import merge_events
from gazetteer import Place

DAY = date(2022, 9, 10)


def events(gaz, text: str, *, when: date = DAY, source: str = "Test wire") -> list:
    return extract_events(Report(text, when, source, "https://example.org/r", "r1"), gaz, timestamp=0)


def by_place(found: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for e in found:
        out.setdefault(e.location, []).append(e)
    return out


DESIGN_REPORT = (
    'Russia\'s Defence Ministry announced that its troops near Balakleya and Izyum are "regrouping" '
    "toward Donetsk, as Ukrainian forces declare victory in Kupiansk — a rail hub at the junction of the "
    "P07 and P79 highways — and advance on Lyman and Lysychansk. Bloggers close to the Russian army "
    'describe "tactical withdrawals" from Izyum and Lyman. There has been no confirmation that Kupiansk '
    "is fully under Ukrainian control."
)


def test_design_report(any_gazetteer) -> None:
    found = by_place(events(any_gazetteer, DESIGN_REPORT))
    assert "Donetsk" not in found  # the direction of a retreat is not where it happened
    izium = {e.sub_event_type for e in found["Izium"]}
    assert izium == {"Non-violent transfer of territory"}
    assert found["Izium"][0].x_control_from == "RU" and found["Izium"][0].x_control_to == "UA"
    assert "Ministry of Defence of Russia" in found["Izium"][0].x_claim_by
    kupiansk = found["Kupiansk"][0]
    assert kupiansk.sub_event_type == "Government regains territory"
    assert kupiansk.x_confidence == "claimed"  # a declaration with no confirmation stays a claim
    assert (kupiansk.x_control_from, kupiansk.x_control_to) == ("RU", "UA")
    lyman = {e.sub_event_type: e for e in found["Lyman"]}
    assert set(lyman) == {"Armed clash", "Non-violent transfer of territory"}
    assert lyman["Armed clash"].admin1 == "Donetsk"  # Lyman of Donetsk oblast, not a namesake
    assert {e.sub_event_type for e in found["Lysychansk"]} == {"Armed clash"}
    for group in found.values():
        for e in group:
            assert e.event_date == DAY and e.time_precision == 1
            assert e.sub_event_type in EVENT_TYPES[e.event_type]
            assert e.x_quote and e.x_quote in " ".join(DESIGN_REPORT.split())
            assert e.source == "Test wire" and e.x_report_id == "r1"


@pytest.mark.shared
def test_most_specific_place_is_acted_on(ua) -> None:
    found = events(ua, "Russian forces shelled Bilohorivka, Luhansk, throughout the day.")
    assert [e.location for e in found] == ["Bilohorivka"]
    e = found[0]
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert e.actor1 == "Military Forces of Russia (2000-)"
    assert e.admin1 == "Luhansk" and e.geo_precision == 1
    # an independent wire's own voice: reported, not confirmed (issue 17's claims model)
    assert e.x_confidence == "reported" and e.x_claim_by == ""


def test_claim_without_place_makes_no_event(embedded) -> None:
    assert events(embedded, "The Defence Ministry says over 2,000 fighters were destroyed.") == []


@pytest.mark.parametrize(
    ("text", "confidence", "claim_by"),
    [
        # an independent wire's own voice (issue 17: unattributed text is never confirmed)
        ("Russian forces shelled Kharkiv overnight.", "reported", ""),
        ("Reportedly, Russian forces shelled Kharkiv overnight.", "unconfirmed", ""),
        (
            "Russian forces shelled Kharkiv overnight, the regional governor said.",
            "claimed",
            "Ukrainian local officials",
        ),
        ("According to the General Staff, the enemy shelled Kharkiv.", "claimed", "General Staff of Ukraine"),
        (
            "Russian milbloggers claimed that Russian forces captured Kupiansk. Kyiv denied the claim.",
            "disputed",
            "Russian military bloggers",
        ),
        (
            "Ukraine's army chief said he ordered troops to withdraw from Kupiansk.",
            "confirmed",  # a side admitting its own loss
            "Ukrainian officials",
        ),
        ("Geolocated footage shows Russian troops in Kupiansk after heavy fighting.", "confirmed", ""),
        ("Ukrainian forces likely advanced near Kupiansk.", "unconfirmed", ""),
        (
            "Russian military bloggers wrote of tactical withdrawals from Kupiansk.",
            "confirmed",  # Russia's own side admitting a Russian withdrawal
            "Russian military bloggers",
        ),
    ],
)
def test_claims_and_confidence(embedded, text: str, confidence: str, claim_by: str) -> None:
    found = [e for e in events(embedded, text) if e.location in ("Kharkiv", "Kupiansk")]
    assert found, text
    assert found[0].x_confidence == confidence
    assert found[0].x_claim_by == claim_by


def test_unnamed_source_makes_a_claim(embedded) -> None:
    (e,) = events(embedded, "Russian forces shelled Kharkiv overnight, a source said.")
    assert (e.x_confidence, e.x_claim_by) == ("claimed", "")


def test_trailing_attribution_and_fatalities(embedded) -> None:
    found = events(
        embedded,
        "A missile hit an apartment block in Dnipro. Five people were killed, regional officials said.",
    )
    (e,) = found
    assert e.x_confidence == "claimed" and e.x_claim_by == "Ukrainian local officials"
    assert e.fatalities == 5
    assert e.civilian_targeting == "Civilian targeting" and e.actor2 == "Civilians (Ukraine)"


@pytest.mark.parametrize(
    ("text", "when", "precision"),
    [
        ("On 8 January 2024 a missile struck Kharkiv.", date(2024, 1, 8), 1),
        ("On Sept. 10 artillery shelled Kharkiv.", date(2024, 9, 10), 1),
        ("Yesterday drones struck Kharkiv.", date(2024, 9, 14), 1),
        ("Over the past 72 hours artillery shelled Kharkiv.", date(2024, 9, 13), 2),
        ("Artillery shelled Kharkiv on Monday.", date(2024, 9, 9), 1),
        ("Artillery shelled Kharkiv in March 2024.", date(2024, 3, 15), 3),
        ("Artillery shelled Kharkiv.", date(2024, 9, 15), 1),
        ("On 3 December artillery shelled Kharkiv.", date(2023, 12, 3), 1),  # never after the report
    ],
)
def test_event_dates(embedded, text: str, when: date, precision: int) -> None:
    (e,) = events(embedded, text, when=date(2024, 9, 15))  # a Sunday
    assert (e.event_date, e.time_precision) == (when, precision)


@pytest.mark.parametrize(
    ("text", "sub", "place"),
    [
        ("Air defences shot down drones over Kyiv.", "Disrupted weapons use", "Kyiv"),
        ("A Shahed drone hit a power substation in Odesa.", "Air/drone strike", "Odesa"),
        ("A tractor hit a landmine near Izium.", "Remote explosive/landmine/IED", "Izium"),
        ("Russian troops looted shops in Kherson.", "Looting/property destruction", "Kherson"),
        ("Russian forces set up a base in Enerhodar.", "Headquarters or base established", "Enerhodar"),
        ("Hundreds rallied in Kherson against the occupation.", "Peaceful protest", "Kherson"),
        (
            "Russian troops dispersed a protest in Kherson with stun grenades.",
            "Protest with intervention",
            "Kherson",
        ),
        ("Russian soldiers executed civilians in Bucha.", "Attack", "Bucha"),
        (
            "Russian troops retook Lyman, the Defence Ministry said.",
            "Non-state actor overtakes territory",
            "Lyman",
        ),
        ("Heavy fighting continues near Bakhmut.", "Armed clash", "Bakhmut"),
    ],
)
def test_sub_event_types(embedded, text: str, sub: str, place: str) -> None:
    found = {e.location: e for e in events(embedded, text)}
    assert found[place].sub_event_type == sub


def test_control_direction_follows_side_and_country(embedded) -> None:
    (ua_gain,) = events(embedded, "Ukrainian forces liberated Izium.")
    assert ua_gain.sub_event_type == "Government regains territory"
    assert (ua_gain.x_control_from, ua_gain.x_control_to) == ("RU", "UA")
    (ru_gain,) = events(embedded, "Russian forces captured Avdiivka.")
    assert ru_gain.sub_event_type == "Non-state actor overtakes territory"
    assert (ru_gain.x_control_from, ru_gain.x_control_to) == ("UA", "RU")
    (kursk,) = events(embedded, "Ukrainian troops captured the Russian town of Sudzha.")
    assert kursk.country == "Russia" and kursk.sub_event_type == "Non-state actor overtakes territory"
    assert (kursk.x_control_from, kursk.x_control_to) == ("RU", "UA")
    (left,) = events(embedded, "Russian troops withdrew from Kherson.")
    assert (left.x_control_from, left.x_control_to) == ("RU", "UA")


def test_cyrillic_reports(embedded) -> None:
    (uk,) = events(embedded, "Сили оборони звільнили місто Ізюм, повідомив Генштаб ЗСУ.")
    assert uk.location == "Izium" and uk.sub_event_type == "Government regains territory"
    assert uk.x_claim_by == "General Staff of Ukraine" and uk.x_confidence == "claimed"
    (ru,) = events(embedded, "Минобороны России сообщило об освобождении Купянска.")
    assert ru.location == "Kupiansk" and ru.sub_event_type == "Non-state actor overtakes territory"
    assert ru.x_claim_by == "Ministry of Defence of Russia"
    (shelled,) = events(embedded, "Вчора окупанти обстріляли місто Херсон.", when=date(2023, 5, 4))
    assert shelled.location == "Kherson" and shelled.event_date == date(2023, 5, 3)


def test_one_event_per_place_type_and_date(embedded) -> None:
    text = "Russian artillery shelled Kharkiv. Later, rockets hit Kharkiv again. Shelling of Kharkiv went on."
    assert len(events(embedded, text)) == 1


def test_dateline_and_apposition_are_not_events(embedded) -> None:
    text = "KYIV, Sept 10 (Wire) - Russia said its troops had captured Marinka, a town west of Donetsk."
    assert [e.x_geonameid for e in events(embedded, text)] == [701845]  # Marinka


def test_wire_copy_strike_on_a_town_described_by_a_reference_point(embedded) -> None:
    """A bare "struck" is a strike; "the town, which lies 60 km northwest of Donetsk" is the town
    named before, not Donetsk; the credits' places are no events."""
    text = (
        "KYIV, March 3 (Wire) - Russian forces struck the town of Pokrovsk overnight, killing two people, "
        "the regional governor said. A guided bomb hit a residential area of the town, which lies about "
        "60 km (37 miles) northwest of Russian-held Donetsk. Moscow did not immediately comment.\n"
        "(Reporting by Ann Lee in Kyiv; Additional reporting by Bo Ek in Moscow; Editing by Cy Dunn)"
    )
    found = events(embedded, text)  # (the night's strike and the day's bomb may fall on two dates)
    assert {(e.location, e.event_type) for e in found} == {("Pokrovsk", "Explosions/Remote violence")}
    assert max(e.fatalities for e in found) == 2


def test_trying_to_dislodge_troops_is_a_clash(embedded) -> None:
    # the General Staff's "намагався витіснити наших воїнів із позицій": a ground attack
    text = "Агресор 36 разів намагався витіснити наших воїнів із позицій у районі Покровська."
    (clash,) = events(embedded, text)
    assert (clash.location, clash.sub_event_type) == ("Pokrovsk", "Armed clash")


def test_html_boilerplate_yields_nothing(embedded) -> None:
    page = (
        "<html><body><nav><a href='/'>Home</a> | <a href='/war'>Kharkiv shelling</a></nav>"
        "<aside><h3>More in this category</h3><ul><li>Drones hit Odesa port</li></ul></aside>"
        "<footer>Sponsored by Kyiv Bank. © 2024</footer></body></html>"
    )
    assert clean_text(page) == ""
    assert events(embedded, clean_text(page)) == []
    article = page.replace("</nav>", "</nav><article><p>Drones struck Sumy overnight.</p></article>")
    assert [e.location for e in events(embedded, clean_text(article))] == ["Sumy"]


@pytest.mark.parametrize("text", ["", "   \n", "No places and no actions here."])
def test_empty_reports(embedded, text: str) -> None:
    assert events(embedded, text) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_extracts_without_error(embedded, text: str) -> None:
    for e in events(embedded, text):
        assert e.sub_event_type in EVENT_TYPES[e.event_type]


def test_read_reports_jsonl_and_text(tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text(
        json.dumps({"id": "a", "text": "Shelling in Kharkiv.", "date": "2023-01-02", "source": "X"})
        + "\n\n"
        + json.dumps({"text": "<p>Drones over Odesa.</p>"})
        + "\n",
        encoding="utf-8",
    )
    first, second = read_reports(jsonl, default_date=date(2023, 1, 5), source="Y", url="u")
    assert (first.report_id, first.date, first.source) == ("a", date(2023, 1, 2), "X")
    assert (second.text, second.date, second.source, second.url) == (
        "Drones over Odesa.",
        date(2023, 1, 5),
        "Y",
        "u",
    )
    assert len(second.report_id) == 16
    md = tmp_path / "r.md"
    md.write_text("# Update\n\n**Russian forces** shelled [Kharkiv](http://x).\n", encoding="utf-8")
    (report,) = read_reports(md, default_date=DAY)
    assert report.text == "Update\n\nRussian forces shelled Kharkiv."


def test_json_lines_end_at_newlines_only(tmp_path: Path) -> None:
    """A lone carriage return is whitespace inside a JSON record, as geoparse and --workers read it;
    Windows line ends are fine."""
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_bytes(
        b'{"id": "a",\r "text": "Shelling in Kharkiv.", "date": "2023-01-02"}\r\n'
        b'{"id": "b", "text": "Drones over Odesa.", "date": "2023-01-03"}\r\n'
    )
    assert [r.report_id for r in read_reports(jsonl, default_date=None)] == ["a", "b"]


@pytest.mark.parametrize(
    ("name", "payload", "fragment"),
    [
        ("bin.txt", b"\x7fELF\x00\x01\x02", "binary"),
        ("latin.txt", "Обстріл Харкова".encode("cp1251"), "not UTF-8"),
        ("bad.jsonl", b'{"text": "ok", "date": "2023-01-01"}\n{"text": \n', "line 2"),
        ("nodate.jsonl", b'{"text": "Shelling in Kharkiv."}\n', 'no "date"'),
        ("baddate.jsonl", b'{"text": "x", "date": "10/09/2022"}\n', "not an ISO date"),
        ("notext.jsonl", b'{"body": "x", "date": "2022-01-01"}\n', 'string "text"'),
    ],
)
def test_bad_report_files(tmp_path: Path, name: str, payload: bytes, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    with pytest.raises(InputError, match=fragment):
        list(read_reports(path, default_date=None if name.endswith(".jsonl") else DAY))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_reports(tmp_path / "nope.txt", default_date=DAY))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<p>", "</p>", "<nav>", "<article>", "<aside>", "# ", "**", "[a](b)", "\n", "Kyiv "])
        | st.text(st.characters(codec="utf-8"), max_size=20),
        max_size=30,
    )
)
def test_any_markup_cleans_without_error(parts: list[str]) -> None:
    assert isinstance(clean_text("<html>" + "".join(parts)), str)
    assert isinstance(clean_text("".join(parts)), str)


def test_claimant_is_not_the_subject(embedded) -> None:
    (e,) = events(
        embedded, "Ukraine's Air Force said it destroyed 30 of 35 drones launched at Kyiv overnight."
    )
    assert e.sub_event_type == "Disrupted weapons use"
    assert e.actor1 == "Military Forces of Ukraine (2019-)" and e.x_claim_by == "Ukrainian Air Force"
    (strike,) = events(embedded, "Ukraine's General Staff said the enemy shelled Kharkiv.")
    assert strike.actor1 == "Military Forces of Russia (2000-)"


def test_region_locating_a_town_is_not_an_event(embedded) -> None:
    found = events(
        embedded,
        "Ukrainian drones attacked an oil refinery in Novoshakhtinsk, Rostov region, Russian officials said.",
    )
    assert [e.location for e in found] == ["Novoshakhtinsk"]
    assert found[0].x_claim_by == "Russian officials" and found[0].country == "Russia"


def test_local_officials_of_a_russian_place_are_russian(embedded) -> None:
    (e,) = events(embedded, "Drones struck Belgorod overnight, the regional governor said.")
    assert e.x_claim_by == "Russian officials"


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian forces pushed Russian troops out of Izium.",
        "Ukraine says it has taken Izium.",
        "Ukrainian troops took the town of Izium.",
    ],
)
def test_more_ways_to_say_capture(embedded, text: str) -> None:
    (e,) = events(embedded, text)
    assert e.sub_event_type == "Government regains territory"
    assert (e.x_control_from, e.x_control_to) == ("RU", "UA")


@pytest.mark.parametrize(
    ("text", "assoc"),
    [
        ("Wagner fighters captured Soledar, Prigozhin said.", "Wagner Group"),
        ("DPR forces shelled Avdiivka.", "Donetsk People's Republic"),
        ("LPR units attacked near Sievierodonetsk.", "Luhansk People's Republic"),
        ("Russian troops attacked near Sievierodonetsk.", ""),
    ],
)
def test_forces_fighting_with_russia_are_associated_actors(embedded, text: str, assoc: str) -> None:
    (e,) = events(embedded, text)
    assert e.actor1 == "Military Forces of Russia (2000-)"
    assert e.assoc_actor_1 == assoc


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontline.extract import reports

    monkeypatch.setattr(reports, "_MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("Shelling in Kharkiv. " * 100, encoding="utf-8")
    with pytest.raises(InputError, match="split it"):
        list(read_reports(path, default_date=DAY))


def test_a_capital_given_control_is_the_government_not_a_place(embedded) -> None:
    text = (
        "Ukrainian forces have recaptured Kupiansk-Vuzlovyi, Ukrainian officials said on Sunday, "
        "giving Kyiv control of the rail lines east of Kupiansk."
    )
    assert [e.location for e in events(embedded, text)] == ["Kupiansk-Vuzlovyi"]
    assert [e.location for e in events(embedded, "Russian missiles struck Kyiv overnight.")] == ["Kyiv"]


def test_a_city_named_for_talks_is_no_place_acted_on(embedded) -> None:
    text = "Russian forces shelled Avdiivka despite the Minsk agreements."
    assert [e.location for e in events(embedded, text)] == ["Avdiivka"]
    assert [e.location for e in events(embedded, "Dozens killed ahead of the Minsk peace summit.")] == []


def test_cyrillic_city_names_without_a_preposition(embedded) -> None:
    # a city the news names often is frequent as a word, yet not an ordinary word
    assert [e.location for e in events(embedded, "Окупанти обстріляли Херсон.")] == ["Kherson"]
    assert [e.location for e in events(embedded, "Сили оборони звільнили Ізюм.")] == ["Izium"]


@pytest.mark.parametrize(
    "module", [frontline.confidence, extract_sentences, attribution, extract_places, drafts, acled]
)
def test_doctests(module) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


KHARKIV = Place(
    706483, "Kharkiv", 49.98081, 36.25272, "P", "PPLA", "UA", "Kharkiv Oblast", "07", "", 0, "Kharkiv"
)


def _shelling(confidence: Confidence) -> drafts.Draft:
    return drafts.Draft(
        place=KHARKIV,
        kind="shelling",
        sub_event_type="Shelling/artillery/missile attack",
        side="RU",
        event_date=DAY,
        time_precision=1,
        geo_precision=1,
        quote="Russian forces shelled Kharkiv.",
        sentence=0,
        claimant=None,
        confidence=confidence,
    )


@pytest.mark.parametrize("first", CONFIDENCES)
@pytest.mark.parametrize("second", CONFIDENCES)
def test_store_merges_confidence_as_the_extractor_does(first: Confidence, second: Confidence) -> None:
    """One event told twice: in one report (the extractor's dedupe) or in two (the store's merge)."""
    told = [_shelling(first), _shelling(second)]
    (deduped,) = drafts.merge_drafts(told)
    report = Report("", DAY, "Test wire", "", "r1")
    old, new = (events_frame([acled.to_event(d, report, 0)]) for d in told)
    stored, added, _, _ = merge_events(old, new)
    assert added == 0
    assert stored["x_confidence"].tolist() == [deduped.confidence] == [merge(first, second)]
    assert [d.confidence for d in told] == [first, second]  # the drafts merged are left as they were


def test_a_denial_is_not_undone_by_a_report_without_it(embedded) -> None:
    claim = "Prigozhin says Wagner has taken full control of Bakhmut."
    (claimed,) = events(embedded, claim)
    (disputed,) = events(
        embedded, claim + " Kyiv denies it: Ukrainian troops still hold positions in the city."
    )
    assert (claimed.x_confidence, disputed.x_confidence) == ("claimed", "disputed")
    assert claimed.event_id_cnty == disputed.event_id_cnty
    for first, second in ((claimed, disputed), (disputed, claimed)):
        stored = merge_events(events_frame([first]), events_frame([second]))[0]
        assert stored["x_confidence"].tolist() == ["disputed"]


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        (
            "Ukrainian drones hit an oil depot in Novorossiysk, Krasnodar Krai, on Sunday.",
            "Russia",
            "Krasnodar",
        ),
        ("Russian shelling killed two civilians in Kupiansk on Sunday.", "Ukraine", "Kharkiv"),
        ("Ukrainian drones hit an oil depot in Novorossiysk, Krasnodar, on Sunday.", "Russia", "Krasnodar"),
    ],
)
def test_admin1_is_the_regions_name_as_acled_writes_it(
    embedded, text: str, country: str, admin1: str
) -> None:
    (e,) = events(embedded, text)
    assert (e.country, e.admin1) == (country, admin1)
