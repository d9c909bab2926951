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

    from gazetteer import Gazetteer, Place

__all__ = ["SETTLEMENT_COLUMNS", "settlements_frame", "settlements_from_gazetteer"]

log = logging.getLogger(__name__)

#: The columns of a settlement frame besides its geometry (the index is ``geonameid``).
SETTLEMENT_COLUMNS = ("name", "admin1", "population")


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


def settlements_from_gazetteer(gaz: Gazetteer, *, country_code: str = "UA") -> gpd.GeoDataFrame:
    """Every populated place (GeoNames class P) of ``country_code`` known to ``gaz``.

    Raises
    ------
    InputError
        When the gazetteer has no populated place of that country.
    """
    frame = settlements_frame(gaz.iter_places(country_code=country_code.upper(), feature_class="P"))
    if frame.empty:
        msg = (
            f"the gazetteer has no populated places of {country_code!r} — give a GeoNames country code "
            f"such as UA, or import its dump with `frontline gazetteer import {country_code.upper()}.zip`"
        )
        raise InputError(msg)
    log.info("%d settlements of %s", len(frame), country_code)
    return frame
