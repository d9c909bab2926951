"""Territory measured: km² per side per date, gained and lost between dates, by oblast, day by day.

Areas are measured in the equal-area projection of the tessellation (Lambert azimuthal equal-area
centred on the settlements), so km² are true areas on the WGS84 ellipsoid, not areas in degrees.
An oblast's territory is the union of its settlements' Thiessen cells (GeoNames ``admin1``), so the
oblasts tile the area of interest exactly and their figures add up to the totals.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ..errors import InputError
from .daily import ControlData, describe_source, status_codes_on
from .geometry import Tessellation, _dissolve, _polygonal, polygons_from_snapshot
from .sides import SIDES, STATUSES
from .snapshots import snapshot_on
from .timeline import as_date

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["CHANGE_TABLE_COLUMNS", "area_changes", "areas_by_side", "daily_series", "oblast_regions"]

log = logging.getLogger(__name__)

#: Columns of :func:`area_changes`.
CHANGE_TABLE_COLUMNS = ("region", "side", "before_km2", "after_km2", "gained_km2", "lost_km2", "net_km2")
_ALL = "all"


def areas_by_side(polygons: gpd.GeoDataFrame) -> dict[str, float]:
    """km² of each status in a control-polygon frame (0 for statuses absent).

    >>> import geopandas as gpd
    >>> areas_by_side(gpd.GeoDataFrame({"side": [], "area_km2": []}, geometry=[]))["UA"]
    0.0
    """
    sums = polygons.groupby("side")["area_km2"].sum() if not polygons.empty else {}
    return {status: float(sums.get(status, 0.0)) for status in STATUSES}


def oblast_regions(tess: Tessellation) -> gpd.GeoDataFrame:
    """Each oblast (GeoNames ``admin1`` of the settlements) as the union of its settlements' cells,
    cut to the area of interest; ``admin1, area_km2`` and geometry in the tessellation's CRS."""
    import geopandas as gpd

    admin = tess.settlements["admin1"].fillna("").astype(str).to_numpy()
    # a cell shared by settlements of two oblasts goes to the first settlement's
    site_admin = np.empty(len(tess.cells), dtype=object)
    site_admin[tess.site[::-1]] = admin[::-1]
    names, geoms = [], []
    for name in sorted(set(site_admin)):
        union = _dissolve(tess.cells[site_admin == name])
        geoms.append(_polygonal(shapely.intersection(union, tess.area_of_interest)))
        names.append(name or "(no oblast)")
    regions = gpd.GeoDataFrame({"admin1": names}, geometry=gpd.GeoSeries(geoms, crs=tess.crs), crs=tess.crs)
    regions["area_km2"] = regions.geometry.area / 1e6
    return regions


def _union_of(polygons: gpd.GeoDataFrame, side: str, crs: Any) -> Any:
    chosen = polygons[polygons["side"] == side]
    if chosen.empty:
        return shapely.Polygon()
    return shapely.union_all(chosen.to_crs(crs).geometry.to_numpy())


def area_changes(
    before: gpd.GeoDataFrame,
    after: gpd.GeoDataFrame,
    *,
    crs: Any,
    regions: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """km² each side gained and lost between two control-polygon frames, overall and by region.

    Parameters
    ----------
    before, after
        Control polygons of two dates (:func:`~.geometry.control_polygons` or a snapshot's).
    crs
        The equal-area CRS to measure in (``Tessellation.crs``).
    regions
        Regions (``admin1`` and polygons, any CRS) to break the figures down by, e.g.
        :func:`oblast_regions`; None gives the overall row per side only.

    Returns
    -------
    DataFrame
        ``region, side, before_km2, after_km2, gained_km2, lost_km2, net_km2``: one row per side (UA,
        RU) for region ``"all"``, then per side per region with any change. What one side gains
        from the other is the other's loss; land that went from a side to contested is that side's loss.
    """
    import pandas as pd

    rows: list[tuple] = []
    shapes = None if regions is None else regions.to_crs(crs)
    for side in SIDES:
        old, new = _union_of(before, side, crs), _union_of(after, side, crs)
        gained, lost = shapely.difference(new, old), shapely.difference(old, new)
        rows.append((_ALL, side, old.area / 1e6, new.area / 1e6, gained.area / 1e6, lost.area / 1e6))
        if shapes is None:
            continue
        for name, region in zip(shapes["admin1"], shapes.geometry, strict=True):
            won = shapely.intersection(gained, region).area / 1e6
            gone = shapely.intersection(lost, region).area / 1e6
            if won > 0.005 or gone > 0.005:
                had = shapely.intersection(old, region).area / 1e6
                has = shapely.intersection(new, region).area / 1e6
                rows.append((name, side, had, has, won, gone))
    table = pd.DataFrame(rows, columns=list(CHANGE_TABLE_COLUMNS[:-1]))
    table["net_km2"] = table["gained_km2"] - table["lost_km2"]
    return table


def daily_series(data: ControlData, start: Any, end: Any) -> pd.DataFrame:
    """km² per status for every day from ``start`` to ``end`` inclusive, with the day's change.

    Days are computed from settlement statuses and the fixed Thiessen cells (no geometry is built),
    except days a snapshot covers, whose polygons are measured.

    Returns
    -------
    DataFrame
        ``date, source, UA_km2, RU_km2, contested_km2, unknown_km2, UA_change_km2, RU_change_km2``;
        the change is against the day before (0 on the first day). Days with no data have all the
        area unknown.
    """
    import pandas as pd

    first, last = as_date(start, what="start date"), as_date(end, what="end date")
    if last < first:
        msg = f"the series ends ({last}) before it starts ({first}) — swap the dates"
        raise InputError(msg)
    tess = data.tessellation
    rows = []
    day = first
    while day <= last:
        snap = snapshot_on(data.snapshots, day)
        if snap is not None:
            areas = list(areas_by_side(polygons_from_snapshot(tess, snap)).values())
            source = describe_source((day, None), day, ", ".join(sorted(set(snap["source"]))))
        else:
            codes, source = status_codes_on(data, day)
            site = tess.site_codes(codes)
            areas = list(np.bincount(site, weights=tess.cell_area_km2, minlength=len(STATUSES)))
        rows.append((day, source, *areas))
        day += dt.timedelta(days=1)
    table = pd.DataFrame(rows, columns=["date", "source", *(f"{s}_km2" for s in STATUSES)])
    for side in SIDES:
        table[f"{side}_change_km2"] = table[f"{side}_km2"].diff().fillna(0.0)
    return table
