"""Control as the commands get it: the options that say where control comes from (event store,
published snapshots, boundary, rules) and :func:`load_control`, shared by ``frontline control`` and
the control-aware ``frontline network`` commands.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._options import GazetteerOpt, StoreOpt, grouped, open_gazetteer, parse_date, read_store

if TYPE_CHECKING:
    from gazetteer import Theatre

    from ..control import ControlData

__all__ = [
    "BoundaryOpt",
    "ConfirmOpt",
    "CountryOpt",
    "DateFieldOpt",
    "DefaultSideOpt",
    "NoFillOpt",
    "PublishedMaps",
    "SideFieldOpt",
    "SnapshotDateOpt",
    "SnapshotsOpt",
    "Sources",
    "control_options",
    "geocoding_theatre",
    "load_control",
    "map_options",
]

log = logging.getLogger(__name__)

SnapshotsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--snapshots",
        help="Published control maps: a file or a folder of them (DeepState's daily GeoJSON as published, "
        "a .geojson.gz history with a date column, ISW-style layers, KML/KMZ, any polygons with side and "
        "date); repeatable.",
        show_default=False,
    ),
]
SnapshotDateOpt = Annotated[
    str | None,
    typer.Option(
        "--snapshot-date", help="Date of the snapshots when their files carry none.", show_default=False
    ),
]
SideFieldOpt = Annotated[
    str | None, typer.Option("--side-field", help="Snapshot attribute naming the side.", show_default=False)
]
DateFieldOpt = Annotated[
    str | None, typer.Option("--date-field", help="Snapshot attribute holding the date.", show_default=False)
]
CountryOpt = Annotated[str, typer.Option("--country", help="Country whose ground is measured.")]
BoundaryOpt = Annotated[
    Path | None,
    typer.Option(
        "--boundary",
        help="The country's boundary to measure against: a polygon file, or world-atlas's Natural Earth "
        "countries-10m.json (default: the one in the asset cache, else an outline of the settlements).",
        show_default=False,
    ),
]
ConfirmOpt = Annotated[
    int, typer.Option("--confirm-days", min=0, help="Days a claim may wait for confirmation and still count.")
]
DefaultSideOpt = Annotated[
    str | None,
    typer.Option(
        "--default-side",
        help="Side of ground nobody reported on (default: unknown).",
        show_default=False,
    ),
]
NoFillOpt = Annotated[
    bool, typer.Option("--no-fill", help="Do not give unknown settlements their agreeing neighbours' side.")
]
SnapshotSideOpt = Annotated[
    str | None,
    typer.Option(
        "--side",
        help="Side of the snapshots' polygons when their files name none (RU for occupied-ground maps).",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class PublishedMaps:
    """Published control maps and how to read them, as the options gave them (each field one option):
    for the geocoder's front lines (``frontline geoparse``, ``geocode``) and, within :class:`Sources`,
    for control."""

    snapshots: SnapshotsOpt = None
    snapshot_side: SnapshotSideOpt = None
    snapshot_date: SnapshotDateOpt = None
    side_field: SideFieldOpt = None
    date_field: DateFieldOpt = None

    def read(self) -> Any:
        """Every map's polygons as one GeoDataFrame (:func:`~frontline.control.read_snapshots`), or None
        when no map is given."""
        if not self.snapshots:
            return None
        import geopandas as gpd
        import pandas as pd

        from ..control import read_snapshots

        on = parse_date(self.snapshot_date, "--snapshot-date")
        frames = [
            read_snapshots(
                p, side=self.snapshot_side, side_field=self.side_field, date_field=self.date_field, date=on
            )
            for p in self.snapshots
        ]
        return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)


#: Gives a command the options of published maps, as one :class:`PublishedMaps` in its ``maps`` parameter.
map_options = grouped("maps", PublishedMaps)


@dataclass(frozen=True)
class Sources:
    """Where control comes from, as the options of ``frontline control``'s commands gave it (each field
    one option)."""

    store: StoreOpt = None  # a GeoPackage path or a postgresql:// URL
    snapshots: SnapshotsOpt = None
    snapshot_side: SnapshotSideOpt = None
    snapshot_date: SnapshotDateOpt = None
    side_field: SideFieldOpt = None
    date_field: DateFieldOpt = None
    gazetteer: GazetteerOpt = None
    country: CountryOpt = "UA"
    boundary: BoundaryOpt = None
    confirm_days: ConfirmOpt = 7
    default_side: DefaultSideOpt = None
    no_fill: NoFillOpt = False

    @property
    def maps(self) -> PublishedMaps:
        return PublishedMaps(
            self.snapshots, self.snapshot_side, self.snapshot_date, self.side_field, self.date_field
        )


#: Gives a command the options that say where control comes from, as one :class:`Sources` in its
#: ``sources`` parameter.
control_options = grouped("sources", Sources)


def _is_natural_earth(path: Path) -> bool:
    """Whether ``path`` is world-atlas's TopoJSON of countries (read per country, not as one polygon)."""
    import pyogrio

    if path.suffix.lower() != ".json":
        return False
    try:
        layers = {str(name) for name, _ in pyogrio.list_layers(path)}
    except Exception:  # GDAL says "not recognized" in several ways; read_boundary reports it
        return False
    return "countries" in layers


def boundary_for(path: Path | None, country: str) -> tuple[Any, str]:
    """The boundary to measure against and what it is: ``--boundary``, else Natural Earth from the asset
    cache, else None (the outline of the settlements, with a warning from ``prepare_control``)."""
    from ..control import natural_earth_boundary, read_boundary
    from ..files import existing_file

    if path is not None:
        existing_file(path, "a boundary: a polygon file, or world-atlas's countries-10m.json")
        if _is_natural_earth(path):
            return natural_earth_boundary(path, country_code=country), f"Natural Earth ({path.name})"
        return read_boundary(path), path.name
    cached = _cached_natural_earth()
    if cached is not None:
        return natural_earth_boundary(cached, country_code=country), "Natural Earth 1:10m (world-atlas)"
    return None, ""


def _cached_natural_earth() -> Path | None:
    """world-atlas's countries-10m.json in the asset cache, when the cache has it."""
    from ..maps.assets import natural_earth_path

    return natural_earth_path()


def load_control(sources: Sources) -> ControlData:
    """Control from the options: the store's events (given, or the default store when no snapshots are
    given), the snapshots, the settlements of the gazetteer, the boundary."""
    from ..control import named_places, prepare_control, settlements_from_gazetteer

    parse_date(sources.snapshot_date, "--snapshot-date")  # checked before the store is read
    events = read_store(sources.store) if sources.store is not None or not sources.snapshots else None
    snaps = sources.maps.read()
    boundary, boundary_source = boundary_for(sources.boundary, sources.country)
    settlements = settlements_from_gazetteer(
        open_gazetteer(sources.gazetteer), country_code=sources.country, named=named_places(events)
    )
    return prepare_control(
        settlements,
        events,
        snapshots=snaps,
        area_of_interest=boundary,
        boundary_source=boundary_source,
        confirm_within_days=sources.confirm_days,
        fill_from_neighbours=not sources.no_fill,
        default_side=sources.default_side,
    )


def geocoding_theatre(maps: PublishedMaps, gazetteer: list[Path] | None) -> Theatre | None:
    """The geocoder's theatre with the front lines of the published maps (None without any): each report
    prefers, among namesakes, the one near the front of the published map of its day. The towns a
    map's front faces are the settlements of the ``gazetteer`` the command geocodes with."""
    published = maps.read()
    if published is None:
        return None
    from ..control import settlement_points, theatre_from_snapshots

    # no boundary: a map's front is the edge of its occupied ground that faces Ukrainian towns, the same
    # whether or not the asset cache holds Natural Earth
    return theatre_from_snapshots(published, settlements=settlement_points(open_gazetteer(gazetteer)))
