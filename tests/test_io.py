"""Import and export: ACLED CSV (both date styles, numeric inter codes, unknown columns, bad rows,
formula injection), GeoJSON per RFC 7946, KML with time spans, GeoPackage."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.errors import InputError
from frontline.events import ACLED_COLUMNS, COLUMNS, events_frame
from frontline.io import export_events, import_events, read_acled_csv
from frontline.store import append_events, read_events, read_extra

from .test_store import BASE, SHELLING, STRIKE_ON_KYIV

ACLED_HEADER = [*ACLED_COLUMNS, "population_best"]  # a column we do not know


def acled_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(ACLED_HEADER, "")
    row.update(
        event_id_cnty="UKR123456",
        event_date="2023-02-16",
        year="2023",
        time_precision="1",
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Military Forces of Russia (2000-)",
        inter1="1",
        actor2="Military Forces of Ukraine (2019-)",
        inter2="1",
        interaction="11",
        iso="804",
        region="Europe",
        country="Ukraine",
        admin1="Donetsk",
        location="Vuhledar",
        latitude="47.7797",
        longitude="37.2500",
        geo_precision="1",
        source="Ukrainska Pravda",
        fatalities="0",
        timestamp="1676900000",
        population_best="14000",
    )
    row.update(values)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] = ACLED_HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_acled_csv_both_date_styles_and_inter_codes(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "acled.csv",
        [
            acled_row(),
            acled_row(
                event_id_cnty="UKR654321",
                event_date="16 May 2025",
                inter1="State forces",
                interaction="",
                disorder_type="",
            ),
        ],
    )
    imported = read_acled_csv(path)
    assert imported.problems == []
    gdf = imported.events
    assert list(gdf["event_date"]) == ["2023-02-16", "2025-05-16"]
    assert list(gdf["year"]) == [2023, 2025]
    assert list(gdf["inter1"]) == ["State forces", "State forces"]
    assert gdf["interaction"].iloc[0] == "State forces-State forces"
    assert list(gdf["disorder_type"]) == ["Political violence", "Political violence"]  # filled when absent
    assert gdf.geometry.iloc[0].x == pytest.approx(37.25)
    extra = imported.extra
    assert set(extra["column"]) == {"population_best"} and set(extra["value"]) == {"14000"}


def test_unknown_columns_survive_the_store_and_come_back(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "acled.csv", [acled_row()])
    imported = import_events(src)
    store = tmp_path / "events.gpkg"
    append_events(imported.events, store, extra=imported.extra)
    assert list(read_events(store).columns) == [*COLUMNS, "geometry"]  # the store's columns stay exact
    out = export_events(read_events(store), tmp_path / "out.csv", extra=read_extra(store))
    with out.open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["population_best"] == "14000"


def test_malformed_rows_reported_by_line(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "acled.csv",
        [
            acled_row(),
            acled_row(event_id_cnty="UKR2", event_date="yesterday"),
            acled_row(event_id_cnty="UKR3", latitude="north"),
            acled_row(event_id_cnty="UKR4", sub_event_type="Shelling"),
            acled_row(event_id_cnty="UKR5", inter1="12"),
        ],
    )
    with path.open("a", encoding="utf-8") as f:
        f.write("UKR6,2023-02-16,too,few,fields\n")
    imported = read_acled_csv(path)
    assert list(imported.events["event_id_cnty"]) == ["UKR123456"]
    lines = [p.split(": ")[1] for p in imported.problems]
    assert lines == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    assert "event_date 'yesterday'" in imported.problems[0]
    assert "not a sub-event type" in imported.problems[2]
    assert "fields, the header has" in imported.problems[4]
    with pytest.raises(InputError, match="line 3"):
        read_acled_csv(path, on_error="fail")


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("event_date,event_type\n16 травня 2025,Battles\n".encode("cp1251"), "not UTF-8"),
        (b"\xef\xbb\xbfevent_date\n\xff", r"byte 0xff at offset 14\)"),  # counted with the BOM
        (b"name,value\nx,1\n", "lacks ACLED column"),
        (b"", "lacks ACLED column"),
    ],
)
def test_bad_csv_files(tmp_path: Path, payload: bytes, fragment: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(payload)
    with pytest.raises(InputError, match=fragment):
        read_acled_csv(path)


def test_missing_files_and_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.csv: no such file — give an ACLED CSV export"):
        read_acled_csv(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="no such file — give a GeoJSON file of events"):
        import_events(tmp_path / "missing.geojson")
    folder = tmp_path / "events.gpkg"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory — give a GeoPackage file of events"):
        import_events(folder)


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    from dataclasses import replace

    evil = replace(
        BASE, notes='=HYPERLINK("http://evil.example","x")', source="+cmd|' /C calc'!A0", longitude=-0.5
    )
    out = export_events(
        events_frame([evil, replace(SHELLING, notes="@SUM(A1)", x_quote="-2+3")]), tmp_path / "o.csv"
    )
    with out.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    assert header[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert header == list(COLUMNS)
    cells = [dict(zip(header, r, strict=True)) for r in rows]
    assert cells[0]["notes"].startswith("'=") and cells[0]["source"].startswith("'+")
    assert cells[1]["notes"] == "'@SUM(A1)" and cells[1]["x_quote"] == "'-2+3"
    assert cells[0]["longitude"] == "-0.5"  # numbers are not text: left as they are
    for cell in (c for row in cells for c in row.values()):
        assert not cell.startswith(("=", "+", "@")) and (not cell.startswith("-") or cell == "-0.5")
    back = import_events(out).events
    assert list(back["event_id_cnty"]) == ["UKR-FL-0001", "UKR-FL-0002"]
    assert back["notes"].iloc[0] == evil.notes and back["x_quote"].iloc[1] == "-2+3"  # read back as written


#: Cells a spreadsheet runs as formulas, also behind the blanks it skips (OWASP CSV injection).
CSV_PAYLOADS = [
    '=HYPERLINK("http://evil.example","click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\n=1+2",
    "\r=1+2",
    "\t=1+2",
    " =1+2",
    "\u00a0=1+2",
    "\ufeff=1+2",
    "\uff1dSUM(A1)",
    "\u3000\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
    "Izium\r=1+2",  # a row of its own where a carriage return ends the line
    "Izium\n=1+2",
]


def _spreadsheet_would_run(cell: str) -> bool:
    stripped = cell.lstrip(" \t\r\n\u00a0\u3000\ufeff")
    return cell[:1] in ("\t", "\r", "\n") or stripped[:1] in tuple("=+-@\uff1d\uff0b\uff0d\uff20")


def test_csv_export_neutralises_kept_columns_and_headers(tmp_path: Path) -> None:
    header = [*ACLED_HEADER, "comment", "=evil"]
    rows = [
        acled_row(event_id_cnty=f"UKR{i}", comment=payload, **{"=evil": payload})
        for i, payload in enumerate(CSV_PAYLOADS)
    ]
    imported = read_acled_csv(write_csv(tmp_path / "in.csv", rows, header))
    assert imported.problems == []
    out = export_events(imported.events, tmp_path / "out.csv", extra=imported.extra)
    with out.open(encoding="utf-8", newline="") as f:
        cells = list(csv.reader(f))
    assert "'=evil" in cells[0]
    dangerous = [cell for row in cells for cell in row if _spreadsheet_would_run(cell)]
    assert dangerous == []
    back = read_acled_csv(out)  # the leading quote is ours: read back, the cells are as they were
    kept = back.extra.pivot_table(index="event_id_cnty", columns="column", values="value", aggfunc="first")
    assert sorted(kept.columns) == ["=evil", "comment", "population_best"]
    assert [kept.loc[f"UKR{i}", "comment"] for i in range(len(CSV_PAYLOADS))] == CSV_PAYLOADS
    assert [kept.loc[f"UKR{i}", "=evil"] for i in range(len(CSV_PAYLOADS))] == CSV_PAYLOADS


def test_control_and_network_tables_are_neutralised_too(tmp_path: Path) -> None:
    """Place names come from user gazetteers and hub names from OpenStreetMap, which anyone can edit."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    from frontline.cli.control import _Output, _write
    from frontline.cli.network import _write_result

    areas = pd.DataFrame({"UA": [1.5, 2.0]}, index=pd.Index(CSV_PAYLOADS[:2], name="oblast"))
    _write(areas, _Output(out=tmp_path / "areas.csv"))
    hubs = gpd.GeoDataFrame(
        {"hub": CSV_PAYLOADS, "added_km": [-1.0] * len(CSV_PAYLOADS)},
        geometry=[shapely.Point(37.6, 49.7)] * len(CSV_PAYLOADS),
        crs=4326,
    )
    _write_result(hubs, tmp_path / "rank.csv", force=False)
    for name in ("areas.csv", "rank.csv"):
        with (tmp_path / name).open(encoding="utf-8", newline="") as f:
            cells = [cell for row in csv.reader(f) for cell in row]
        assert [cell for cell in cells if _spreadsheet_would_run(cell) and cell != "-1.0"] == []


def test_geojson_is_rfc7946(tmp_path: Path) -> None:
    out = export_events(events_frame([BASE, SHELLING]), tmp_path / "events.geojson")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    for feature in doc["features"]:
        assert feature["geometry"]["type"] == "Point"
        assert len(feature["geometry"]["coordinates"]) == 2  # no Z
    assert doc["features"][0]["properties"]["sub_event_type"] == "Government regains territory"
    back = import_events(out).events
    assert list(back["event_id_cnty"]) == ["UKR-FL-0001", "UKR-FL-0002"]
    assert back["x_geonameid"].tolist() == [703656, 578072]


def test_kml_has_time_spans(tmp_path: Path) -> None:
    from dataclasses import replace

    week = replace(STRIKE_ON_KYIV, time_precision=2)
    out = export_events(events_frame([BASE, week]), tmp_path / "events.kml")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = ET.parse(out).getroot().findall(".//k:Placemark", ns)
    assert len(marks) == 2
    spans = [
        (m.findtext("k:TimeSpan/k:begin", namespaces=ns), m.findtext("k:TimeSpan/k:end", namespaces=ns))
        for m in marks
    ]
    assert spans[0] == ("2022-09-10T00:00:00", "2022-09-10T23:59:59")
    assert spans[1] == ("2022-10-14T00:00:00", "2022-10-20T23:59:59")  # a week around the date
    assert marks[0].findtext("k:name", namespaces=ns) == "Kupiansk: Government regains territory"
    back = import_events(out).events
    assert list(back["event_id_cnty"]) == ["UKR-FL-0001", "UKR-FL-0003"]
    assert list(back["timestamp"]) == [0, 0] and list(back["event_date"]) == ["2022-09-10", "2022-10-17"]


def test_kml_writes_an_event_with_no_position_as_a_placemark_without_geometry(tmp_path: Path) -> None:
    """A table built by hand may hold an event whose place is unknown: LIBKML cannot write an empty
    point, so such an event is a placemark with its time and fields but no Point (as in GeoJSON's
    null geometry), not an internal error."""
    from frontline.events import conform

    table = events_frame([BASE, SHELLING])
    table.loc[1, ["latitude", "longitude"]] = float("nan")
    out = export_events(conform(table), tmp_path / "events.kml")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = ET.parse(out).getroot().findall(".//k:Placemark", ns)
    assert [m.find("k:Point", ns) is not None for m in marks] == [True, False]
    assert marks[1].findtext("k:TimeSpan/k:begin", namespaces=ns) is not None


def test_kml_round_trips_hostile_text(tmp_path: Path) -> None:
    """Text that closes a CDATA section or holds markup stays text: the file is well-formed XML, holds
    no element but KML's, and reads back as it was written."""
    from dataclasses import replace

    import pandas as pd

    from .test_maps_browser import XSS_PAYLOADS

    payloads = [
        *XSS_PAYLOADS,
        "]]><script>alert(1)</script>",
        "<![CDATA[x]]><script>alert(2)</script>",
        "<img src=x onerror=alert(1)>",
        "\"'><svg/onload=alert(1)>",
        "a ]]> b ]]]]> c <![CDATA[ d",
        "]]>",
    ]
    events = [
        replace(BASE, event_id_cnty=f"UKR-X-{i}", notes=text, location=text, actor1=text, x_quote=text)
        for i, text in enumerate(payloads)
    ]
    comments = pd.DataFrame(
        {"event_id_cnty": [e.event_id_cnty for e in events], "column": "comment", "value": payloads}
    )
    named = pd.DataFrame({"event_id_cnty": events[0].event_id_cnty, "column": payloads, "value": "v"})
    extra = pd.concat([comments, named], ignore_index=True)  # kept columns named by the payloads too
    out = export_events(events_frame(events), tmp_path / "events.kml", extra=extra)
    root = ET.parse(out).getroot()  # well-formed
    kml = "{http://www.opengis.net/kml/2.2}"
    assert {el.tag.removeprefix(kml) for el in root.iter()} <= {
        "kml", "Document", "Schema", "SimpleField", "name", "Placemark", "description", "TimeSpan",
        "begin", "end", "ExtendedData", "SchemaData", "SimpleData", "Point", "coordinates",
    }  # fmt: skip
    names = [m.findtext(f"{kml}name") for m in root.iter(f"{kml}Placemark")]
    assert names == [f"{text}: Government regains territory" for text in payloads]
    back = import_events(out)
    assert back.problems == []
    for col in ("notes", "location", "actor1", "x_quote"):
        assert list(back.events[col]) == payloads
    kept = back.extra.sort_values(["event_id_cnty", "column"]).reset_index(drop=True)
    assert kept.equals(extra.sort_values(["event_id_cnty", "column"]).reset_index(drop=True))


def test_geopackage_round_trip(tmp_path: Path) -> None:
    table = events_frame([BASE, SHELLING, STRIKE_ON_KYIV])
    out = export_events(table, tmp_path / "copy.gpkg")
    back = import_events(out).events
    assert back.drop(columns="geometry").equals(table.drop(columns="geometry"))


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown format"):
        export_events(events_frame([BASE]), tmp_path / "events.xlsx")
    with pytest.raises(InputError, match="unknown format"):
        import_events(tmp_path / "events.shp")


def test_broken_spatial_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(InputError, match="cannot be read"):
        import_events(path)


@settings(max_examples=40, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            col: st.text(st.characters(codec="utf-8"), max_size=12)
            for col in ("event_date", "event_type", "latitude", "inter1", "fatalities")
        }
    )
)
def test_any_cells_are_read_or_reported(cells: dict[str, str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "fuzz.csv", [acled_row(**cells)])
        imported = read_acled_csv(path)
    assert len(imported.events) + len(imported.problems) >= 1
    for problem in imported.problems:
        assert "line " in problem


@pytest.mark.parametrize("ext", ["csv", "geojson", "kml", "gpkg"])
def test_empty_exports_read_back_empty(tmp_path: Path, ext: str) -> None:
    from frontline.events import empty_events

    out = export_events(empty_events(), tmp_path / f"empty.{ext}")
    imported = import_events(out)
    assert len(imported.events) == 0 and imported.problems == []


def test_unwritable_export_path(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write"):
        export_events(events_frame([BASE]), blocker / "events.csv")


def test_an_iso_day_out_of_range_says_so() -> None:
    from frontline.io import _parse_acled_date

    assert _parse_acled_date("16 May 2025") == _parse_acled_date("2025-05-16")
    with pytest.raises(ValueError, match="out of range"):  # not "neither 2023-02-16 nor 16 May 2025"
        _parse_acled_date("1899-05-01")
