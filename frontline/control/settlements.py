"""Settlements as control is reckoned over them: the populated places of a country, as points.

A settlement frame is a GeoDataFrame indexed by GeoNames id (``geonameid``) with the columns
``name``, ``admin1`` (the oblast's name), ``population`` and point geometry in EPSG:4326. Every
control function takes one; :func:`settlements_from_gazetteer` builds it from a gazetteer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gazetteer import Gazetteer, Place

__all__ = [
    "MIN_POPULATION",
    "SETTLEMENT_COLUMNS",
    "named_places",
    "settlement_points",
    "settlements_frame",
    "settlements_from_gazetteer",
]

log = logging.getLogger(__name__)

#: The columns of a settlement frame besides its geometry (the index is ``geonameid``).
SETTLEMENT_COLUMNS = ("name", "admin1", "population")
#: Settlements smaller than this take no cell of their own unless an event names them.
MIN_POPULATION = 500
_SEATS = frozenset(("PPLC", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLG"))


def _counted(place: Place) -> bool:
    """Whether ``place`` has a cell of its own whether or not an event names it."""
    return place.population >= MIN_POPULATION or place.feature_code in _SEATS


def named_places(events: pd.DataFrame | None) -> set[int]:
    """The geonameids ``events`` name in ``x_geonameid`` (none when there are no events or no ids).

    >>> import pandas as pd
    >>> sorted(named_places(pd.DataFrame({"x_geonameid": [706524.0, None, "", 706524]})))
    [706524]
    """
    if events is None or "x_geonameid" not in events.columns:
        return set()
    import pandas as pd

    ids = pd.to_numeric(events["x_geonameid"], errors="coerce").dropna()
    return {int(g) for g in ids if g > 0}


def settlements_frame(places: Iterable[Place]) -> gpd.GeoDataFrame:
    """A settlement frame of ``places`` (gazetteer records), indexed by geonameid.

    >>> settlements_frame([]).empty
    True
    """
    import geopandas as gpd
    import pandas as pd

    rows = [(p.geonameid, p.name, p.admin1, p.population, p.longitude, p.latitude) for p in places]
    frame = pd.DataFrame(rows, columns=["geonameid", *SETTLEMENT_COLUMNS, "longitude", "latitude"])
    frame = frame.astype({"geonameid": "int64", "population": "int64", "longitude": float, "latitude": float})
    geometry = gpd.points_from_xy(frame.pop("longitude"), frame.pop("latitude"), crs="EPSG:4326")
    return gpd.GeoDataFrame(frame.set_index("geonameid"), geometry=geometry, crs="EPSG:4326")


def settlements_from_gazetteer(
    gaz: Gazetteer, *, country_code: str = "UA", named: Iterable[int] = ()
) -> gpd.GeoDataFrame:
    """The settlements of ``country_code`` control is reckoned over: its populated places (GeoNames
    class P) of at least :data:`MIN_POPULATION` people or seats of an administration — the rule
    GeoNames' cities500 is drawn by, so that the grid, and every km² measured on it, is the same
    whichever dump is installed — and every place of ``named`` (the geonameids events name), however
    small (:func:`named_places`). A gazetteer with no settlement of that size has all its settlements counted.

    With the full UA dump installed, thirty thousand hamlets would otherwise each take a Thiessen cell
    of a few km², and a report that a town was retaken would move a sixth of the ground it moves with
    the embedded gazetteer.

    Raises
    ------
    InputError
        When the gazetteer has no populated place of that country.
    """
    wanted = set(named)
    places = list(gaz.iter_places(country_code=country_code.upper(), feature_class="P"))
    # a gazetteer with no settlement of that size (a list of villages of one's own) counts them all
    sized = any(_counted(p) for p in places)
    frame = settlements_frame(p for p in places if not sized or _counted(p) or p.geonameid in wanted)
    if frame.empty:
        msg = (
            f"the gazetteer has no populated places of {country_code!r} — give a GeoNames country code "
            f"such as UA, or import its dump with `frontline gazetteer import {country_code.upper()}.zip`"
        )
        raise InputError(msg)
    log.info("%d settlements of %s", len(frame), country_code)
    return frame


def settlement_points(gaz: Gazetteer, *, country_code: str = "UA") -> list[tuple[float, float]]:
    """``(latitude, longitude)`` of the settlements of :func:`settlements_from_gazetteer`: where the
    geocoder's theatre looks for the country's towns that face a map's front."""
    frame = settlements_from_gazetteer(gaz, country_code=country_code)
    return list(zip(frame.geometry.y.tolist(), frame.geometry.x.tolist(), strict=True))
