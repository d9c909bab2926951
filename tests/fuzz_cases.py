"""Hostile input for the command line, as hypothesis strategies, and the contract every run must keep.

A :class:`Case` is one command: its arguments, the files it reads (written into a fresh folder) and its
stdin. :func:`check` runs it in-process (:mod:`tests.cli_inprocess`) against a copy of a small event
store and returns what happened; :func:`broken` names what breaks the contract — an exit status other
than 0 or 2, anything but exactly one stderr line on 2, a traceback, an "internal error", or a store
that changed although the command failed.

``tests/test_fuzz_cli.py`` runs a bounded number of cases in CI; ``benchmarks/fuzz.py`` a bigger random
campaign with the counts.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from .cli_inprocess import Ran, run_here
from .test_data_loss import digest

__all__ = ["STORE", "Case", "Outcome", "broken", "cases", "check", "gazetteer_files", "make_store"]

#: Where a case's arguments name the event store (replaced by the path of the case's copy).
STORE = "{store}"
REPORT = (
    "Ukrainian forces recaptured Kupiansk on 10 September 2022, the General Staff said. "
    "Russian troops withdrew from Izium and Balakliia."
)


@dataclass(frozen=True)
class Case:
    """One command: ``args`` (``{store}`` and file names in ``files`` are made paths), files, stdin."""

    family: str
    args: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    stdin: bytes = b""


@dataclass(frozen=True)
class Outcome:
    case: Case
    ran: Ran
    store_changed: bool


def make_store(folder: Path) -> Path:
    """A small event store (one report extracted), the template every case copies."""
    report = folder / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    store = folder / "events.gpkg"
    ran = run_here("extract", report, "--date", "2022-09-10", "--store", store)
    if ran.returncode != 0:
        raise RuntimeError(ran.stderr.decode())
    return store


def _digest(path: Path) -> str:
    return digest(path) if path.exists() else ""


def check(case: Case, template: Path) -> Outcome:
    """Run ``case`` in a fresh folder holding its files and a copy of the store ``template``."""
    with tempfile.TemporaryDirectory(prefix="frontline-fuzz-") as tmp:
        folder = Path(tmp)
        store = folder / "events.gpkg"
        shutil.copyfile(template, store)
        for name, data in case.files.items():
            (folder / name).write_bytes(data)
        before = _digest(store)
        args = [
            str(store) if a == STORE else (str(folder / a) if a in case.files or a.startswith("out.") else a)
            for a in case.args
        ]
        ran = run_here(*args, stdin=case.stdin)
        return Outcome(case, ran, _digest(store) != before)


def broken(outcome: Outcome) -> str | None:
    """What in ``outcome`` breaks the contract, or None."""
    ran, err = outcome.ran, outcome.ran.stderr.decode("utf-8", "replace")
    if ran.returncode not in (0, 2):
        return f"exit status {ran.returncode}: {err.strip()[:300]}"
    if "Traceback" in err or "internal error" in err:
        return f"a traceback or an internal error: {err.strip()[:300]}"
    if ran.returncode == 2:
        if len(err.strip().splitlines()) != 1:
            return f"{len(err.strip().splitlines())} stderr lines on exit 2: {err[:300]!r}"
        if outcome.store_changed:
            return f"the store changed although the command failed: {err.strip()[:300]}"
    return None


# -- the pieces of hostile input ---------------------------------------------------------------------

#: Text rich would read as markup if it were printed as such.
MARKUP = st.sampled_from(["[/x]", "[bold]", "[/]", "[link=x]y", "\\[b]"])
ODD_NUMBERS = st.one_of(
    st.sampled_from(
        ["0", "-1", "nan", "NaN", "inf", "-inf", "1e308", "-1e308", "1e-308", "", " ", "9" * 30, "٣", "0x10",
         "1_000", "+5", "5.", ".5", "-0", "3", "1,5", "½"]
    ),
    st.integers().map(str),
    st.floats().map(str),
)  # fmt: skip
ODD_DAYS = st.one_of(
    st.sampled_from(
        ["2022-09-10", "2022-09-1000", "0001-01-01", "9999-12-31", "2022-02-30", "2022-13-01", "22-09-10",
         "2022-09-10T25:00", "", "yesterday", "2022-9-10", "２０２２-０９-１０", "2022-09-10\x00",
         "1899-12-31"]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.text(max_size=12),
    MARKUP,
)  # fmt: skip
NAMES = st.one_of(
    st.sampled_from(["Kupiansk", "Izium", "Лиман", "703656", "9" * 25, "Kup'yans'k", "\u200b", "--"]),
    MARKUP,
    st.text(min_size=1, max_size=30),
)
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _no_option(text: str) -> bool:  # "--help" or "--store" as a value would change the command
    return not text.startswith("--")


@st.composite
def _json_lines(draw: st.DrawFn) -> bytes:
    """JSON lines of reports: good ones, odd values, and lines Python's reader trips on."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        record = {
            "id": draw(st.one_of(st.integers(), st.text(max_size=10), JSON_VALUES)),
            "text": draw(
                st.one_of(st.sampled_from([REPORT, "Izium", ""]), st.text(max_size=80), JSON_VALUES)
            ),
        }
        if draw(st.booleans()):
            record["date"] = draw(st.one_of(ODD_DAYS, JSON_VALUES))
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        mangle = draw(
            st.sampled_from(["none", "none", "none", "surrogate", "deep", "digits", "cut", "bytes", "array"])
        )
        if mangle == "surrogate":
            line = line.replace('"text": "', '"text": "\\ud800', 1)
        elif mangle == "deep":
            depth = draw(st.sampled_from([10, 1000, 100_000]))
            line = '{"id": 1, "text": "x", "extra": ' + "[" * depth + "]" * depth + "}"
        elif mangle == "digits":
            line = '{"id": ' + "7" * draw(st.sampled_from([19, 400, 5000])) + ', "text": "Izium"}'
        elif mangle == "cut":
            line = line[: draw(st.integers(0, max(0, len(line) - 1)))]
        elif mangle == "array":
            line = json.dumps([record])
        raw = line.encode("utf-8", "surrogatepass")
        if mangle == "bytes":
            raw = draw(st.binary(max_size=40)) + raw
        lines.append(raw)
    return b"\n".join(lines) + draw(st.sampled_from([b"\n", b"", b"\r\n"]))


TEXT_FILES = st.one_of(
    _json_lines(),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.binary(max_size=300),
    st.just(REPORT.encode()),
)

_ACLED_HEADER = (
    "event_date,event_type,sub_event_type,latitude,longitude,fatalities,time_precision,x_geonameid"
)


@st.composite
def _acled_csv(draw: st.DrawFn) -> bytes:
    rows = [_ACLED_HEADER if draw(st.integers(0, 5)) else draw(st.text(max_size=60))]
    for _ in range(draw(st.integers(0, 4))):
        cells = [
            draw(ODD_DAYS),
            draw(st.sampled_from(["Battles", "Protests", "", "=cmd"])),
            draw(st.sampled_from(["Armed clash", "Shelling", ""])),
            draw(st.one_of(st.sampled_from(["49.7", "91", "-90"]), ODD_NUMBERS)),
            draw(st.one_of(st.sampled_from(["37.6", "181"]), ODD_NUMBERS)),
            draw(ODD_NUMBERS),
            draw(ODD_NUMBERS),
            draw(ODD_NUMBERS),
        ]
        rows.append(",".join(json.dumps(c, ensure_ascii=False) if draw(st.booleans()) else c for c in cells))
    return "\n".join(rows).encode("utf-8", "surrogatepass")


@st.composite
def _geojson(draw: st.DrawFn) -> bytes:
    geometry = draw(
        st.sampled_from(
            [
                {"type": "Point", "coordinates": [37.6, 49.7]},
                {"type": "LineString", "coordinates": [[37.6, 49.7], [37.7, 49.8]]},
                {"type": "Polygon", "coordinates": [[[37, 49], [38, 49], [38, 50], [37, 49]]]},
                {"type": "Point", "coordinates": [1e308, -1e308]},
                None,
            ]
        )
    )
    props = {
        "event_date": draw(ODD_DAYS),
        "event_type": draw(st.sampled_from(["Battles", "Riots", ""])),
        "sub_event_type": draw(st.sampled_from(["Armed clash", "Mob violence", "x"])),
        "fatalities": draw(st.one_of(ODD_NUMBERS, JSON_VALUES)),
    }
    features = [{"type": "Feature", "geometry": geometry, "properties": props}]
    return _cut_sometimes(draw, json.dumps({"type": "FeatureCollection", "features": features}), one_in=5)


_KML = (
    '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
    '<name>{name}</name><ExtendedData><Data name="event_date"><value>{day}</value></Data>'
    '<Data name="event_type"><value>Battles</value></Data><Data name="sub_event_type"><value>Armed clash'
    "</value></Data></ExtendedData><Point><coordinates>{lon},{lat}</coordinates></Point></Placemark>"
    "</Document></kml>"
)


_OSM = (
    '<?xml version="1.0"?><osm version="0.6"><node id="1" lat="{lat}" lon="37.6"/>'
    '<node id="2" lat="49.71" lon="37.61"/><node id="3" lat="49.72" lon="37.6"/>'
    '<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="{ref}"/><nd ref="1"/><tag k="highway" v="{kind}"/></way>'
    "</osm>"
)


def _cut_sometimes(draw: st.DrawFn, text: str, *, one_in: int = 4) -> bytes:
    """``text`` as UTF-8, cut short at a random point once in ``one_in`` draws (a file that breaks off)."""
    if not draw(st.integers(0, one_in - 1)):
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode("utf-8", "surrogatepass")


def _filled(template: str, **fields: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """``template`` with each field drawn from its strategy, sometimes cut short."""

    @st.composite
    def fill(draw: st.DrawFn) -> bytes:
        return _cut_sometimes(draw, template.format(**{k: draw(v) for k, v in fields.items()}))

    return fill()


KML_FILES = _filled(_KML, name=st.text(max_size=20), day=ODD_DAYS, lon=ODD_NUMBERS, lat=ODD_NUMBERS)
OSM_FILES = _filled(
    _OSM,
    lat=st.one_of(st.just("49.7"), ODD_NUMBERS),
    ref=st.sampled_from(["3", "99", "1", "-1", "9" * 25]),
    kind=st.sampled_from(["primary", "tertiary", "footway"]),
)


@st.composite
def _snapshot(draw: st.DrawFn) -> bytes:
    """A published control map as GeoJSON: a side in the name, maybe a date field, odd rings."""
    ring = draw(
        st.sampled_from(
            [
                [[36.4, 48.9], [36.9, 48.9], [36.9, 49.5], [36.4, 48.9]],
                [[36.4, 48.9], [36.9, 49.5], [36.9, 48.9], [36.4, 49.5], [36.4, 48.9]],  # a bow-tie
                [[36.4, 48.9], [36.4, 48.9]],
                [[1e308, 0], [0, 1e308], [0, 0], [1e308, 0]],
            ]
        )
    )
    props: dict[str, object] = {
        "name": draw(st.one_of(st.sampled_from(["Occupied", "Окуповано /// x", ""]), MARKUP))
    }
    if draw(st.integers(0, 3)):
        props["date"] = draw(st.one_of(st.just("2022-09-10"), ODD_DAYS, JSON_VALUES))
    kind = draw(st.sampled_from(["Polygon", "Polygon", "Point", "MultiPolygon"]))
    coords = {"Polygon": [ring], "Point": ring[0], "MultiPolygon": [[ring]]}[kind]
    feature = {"type": "Feature", "properties": props, "geometry": {"type": kind, "coordinates": coords}}
    return _cut_sometimes(draw, json.dumps({"type": "FeatureCollection", "features": [feature]}), one_in=6)


def _snapshot_case(data: bytes, name: str, command: str, day: str) -> Case:
    return Case(
        f"control {command} --snapshots",
        ("control", command, "--snapshots", name, "--date", day),
        {name: data},
    )


def _importer(ext: str, body: st.SearchStrategy[bytes]) -> st.SearchStrategy[Case]:
    return st.builds(
        lambda data, on_error: Case(
            f"events import {ext}",
            ("events", "import", f"in{ext}", "--store", STORE, "--on-error", on_error),
            {f"in{ext}": data},
        ),
        body,
        st.sampled_from(["fail", "skip"]),
    )


def _text_command(data: bytes, name: str, command: str, day: str | None, stdin: bool) -> Case:
    if command == "geoparse":
        if stdin:
            return Case("geoparse stdin", ("geoparse",), stdin=data)
        return Case("geoparse", ("geoparse", name), {name: data})
    dated = ("--date", day) if day is not None else ()
    return Case("extract", ("extract", name, "--store", STORE, *dated), {name: data})


_OPTIONS = [
    ("network rank --top", ("network", "rank", "--from", "Valuyki", "--to", "Izium", "--top")),
    ("network rank --transfer-km", ("network", "rank", "--from", "Valuyki", "--to", "Izium",
                                     "--transfer-km")),
    ("geocode --limit", ("geocode", "Kupiansk", "--limit")),
    ("network impact --range-km", ("network", "impact", "Kupiansk", "--from", "Valuyki", "--to", "Izium",
                                    "--side", "UA", "--date", "2022-09-10", "--store", STORE, "--range-km")),
    ("control status --date", ("control", "status", "--store", STORE, "--date")),
    ("events export --start", ("events", "export", "out.csv", "--store", STORE, "--start")),
    ("geocode --date", ("geocode", "Lyman", "--date")),
    ("extract --date", ("extract", "report.txt", "--store", STORE, "--date")),
    ("review --limit", ("review", "--store", STORE, "--limit")),
    ("events export --bbox", ("events", "export", "out.geojson", "--store", STORE, "--bbox")),
]  # fmt: skip


def _option_case(option: tuple[str, tuple[str, ...]], value: str) -> Case:
    family, args = option
    files = {"report.txt": REPORT.encode()} if "report.txt" in args else {}
    return Case(family, (*args, value), files)


_NUMERIC = [o for o in _OPTIONS if not o[1][-1].endswith("date") and o[1][-1] != "--start"]
_DATED = [o for o in _OPTIONS if o not in _NUMERIC]


def cases() -> st.SearchStrategy[Case]:
    """Every kind of case: text and JSON lines, each importer's file types, odd numbers and days."""
    return st.one_of(
        st.builds(
            _text_command,
            TEXT_FILES,
            st.sampled_from(["reports.jsonl", "report.txt"]),
            st.sampled_from(["geoparse", "extract"]),
            st.one_of(st.none(), ODD_DAYS.filter(_no_option)),
            st.booleans(),
        ),
        _importer(".csv", st.one_of(_acled_csv(), st.binary(max_size=100))),
        _importer(".geojson", st.one_of(_geojson(), st.binary(max_size=100))),
        _importer(".kml", st.one_of(KML_FILES, st.text(max_size=100).map(str.encode))),
        _importer(".gpkg", st.binary(max_size=200)),
        st.builds(
            lambda data: Case(
                "network import-osm",
                ("network", "import-osm", "in.osm", "--out", "out.gpkg"),
                {"in.osm": data},
            ),
            st.one_of(OSM_FILES, st.binary(max_size=100)),
        ),
        st.builds(_option_case, st.sampled_from(_NUMERIC), ODD_NUMBERS.filter(_no_option)),
        st.builds(_option_case, st.sampled_from(_DATED), ODD_DAYS.filter(_no_option)),
        st.builds(lambda name: Case("geocode", ("geocode", name)), NAMES.filter(_no_option)),
        st.builds(
            lambda event, option, value: Case(
                "events set", ("events", "set", event, option, value, "--store", STORE)
            ),
            st.one_of(st.just("UKR-FL-0"), NAMES).filter(_no_option),
            st.sampled_from(["--place", "--confidence", "--drop"]),
            st.one_of(NAMES, st.sampled_from(["confirmed", "703656", "Lyman, Donetsk"])).filter(_no_option),
        ),
        st.builds(
            lambda data: Case(
                "map --control",
                ("map", "--control", "control.gpkg", "--out", "out.html"),
                {"control.gpkg": data},
            ),
            st.binary(max_size=200),
        ),
        st.builds(
            _snapshot_case,
            st.one_of(_snapshot(), st.binary(max_size=100)),
            st.sampled_from(["map.geojson", "deepstatemap_data_20220910.geojson", "map.kml", "map.gpkg"]),
            st.sampled_from(["status", "areas"]),
            st.one_of(st.just("2022-09-10"), ODD_DAYS.filter(_no_option)),
        ),
    )


@st.composite
def _dump(draw: st.DrawFn) -> bytes:
    """GeoNames dump lines (19 tab-separated columns), some with odd columns or too few."""
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        cols = (
            "703656|Kupiansk|Kupiansk||49.71|37.61|P|PPLA2|UA||07||||27169||100|Europe/Kyiv|2022-01-01".split(
                "|"
            )
        )
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(cols) - 1))
            cols[at] = draw(st.one_of(ODD_NUMBERS, MARKUP, st.text(max_size=10)))
        lines.append("\t".join(cols[: draw(st.sampled_from([19, 19, 5]))]))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def gazetteer_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file ``gazetteer import`` reads, by name: a dump (.txt or zipped), a place CSV, alternate names."""
    import io
    import zipfile

    kind = draw(st.sampled_from(["UA.txt", "UA.zip", "places.csv", "alternateNamesV2.txt"]))
    if kind == "places.csv":
        rows = ["name,latitude,longitude,country_code"] + [
            ",".join([draw(NAMES), draw(ODD_NUMBERS), draw(ODD_NUMBERS), "UA"])
            for _ in range(draw(st.integers(0, 3)))
        ]
        body = "\n".join(rows).encode("utf-8", "surrogatepass")
    elif kind == "alternateNamesV2.txt":
        body = "\n".join(
            "\t".join([draw(ODD_NUMBERS), draw(ODD_NUMBERS), "uk", draw(NAMES), "", "", "", ""])
            for _ in range(draw(st.integers(1, 3)))
        ).encode("utf-8", "surrogatepass")
    else:
        body = draw(st.one_of(_dump(), st.binary(max_size=100)))
    if kind == "UA.zip" and draw(st.integers(0, 3)):
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("UA.txt", body)
        body = packed.getvalue()
        if not draw(st.integers(0, 3)):
            body = body[: draw(st.integers(0, len(body)))]
    return kind, body
