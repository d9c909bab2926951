"""Territory measured: km² per status per date, gained and lost between dates, by oblast, day by day.

Areas are measured in the equal-area projection the territory was built in (Lambert azimuthal
equal-area centred on the area of interest), so km² are true areas on the WGS84 ellipsoid (within
0.01 % of pyproj's geodesic areas for Ukraine). An oblast's ground is the union of its settlements'
Thiessen cells (GeoNames ``admin1``), so the oblasts tile the area of interest and their figures add up
to the totals.

Gains and losses are differences of the ground itself, not of the totals: what one side gains from the
other is the other's loss, and a day on which no settlement's status changed has the same ground as
the day before — 0 km² gained and lost, exactly.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ..errors import InputError
from .daily import ControlData, ControlDay, control_on, covered_dates
from .geometry import GRID_M, Tessellation, _polygonal, clip, dissolve, minus, plus, to_metric
from .sides import STATUSES
from .territory import Territory
from .timeline import as_date

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "CHANGE_TABLE_COLUMNS",
    "EVERY",
    "area_changes",
    "area_summary",
    "areas_by_side",
    "daily_series",
    "oblast_regions",
    "series_figure",
]

log = logging.getLogger(__name__)

#: Columns of :func:`area_changes`.
CHANGE_TABLE_COLUMNS = ("region", "side", "before_km2", "after_km2", "gained_km2", "lost_km2", "net_km2")
#: How often a series samples: every day, or the last day of every month.
EVERY = ("day", "month")
_ALL = "all"
_CHANGING = ("UA", "RU", "contested")


def areas_by_side(polygons: gpd.GeoDataFrame | ControlDay) -> dict[str, float]:
    """km² of each status in a day's control or a control-polygon frame (0 for statuses absent).

    >>> import geopandas as gpd
    >>> areas_by_side(gpd.GeoDataFrame({"side": [], "area_km2": []}, geometry=[]))["UA"]
    0.0
    """
    if isinstance(polygons, ControlDay):
        return polygons.area_km2()
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
        geoms.append(clip(dissolve(tess.cells[site_admin == name]), tess.area_of_interest))
        names.append(name or "(no oblast)")
    regions = gpd.GeoDataFrame({"admin1": names}, geometry=gpd.GeoSeries(geoms, crs=tess.crs), crs=tess.crs)
    regions["area_km2"] = regions.geometry.area / 1e6
    return regions


def _ground(control: Any, crs: Any) -> tuple[dict[str, Any], Any]:
    """Status → metric ground of a day's control, a territory or a control-polygon frame; and the CRS."""
    territory = control.territory if isinstance(control, ControlDay) else control
    if isinstance(territory, Territory) and (crs is None or territory.crs == crs):
        return {s: territory.part(s) for s in STATUSES}, territory.crs
    if isinstance(territory, Territory):
        msg = "the two days were measured in different CRSs — compute both from one ControlData"
        raise InputError(msg)
    frame: gpd.GeoDataFrame = control
    if crs is None:
        msg = "control polygons need the CRS to measure in: give crs= (ControlData.crs)"
        raise InputError(msg)
    ground = {}
    for status in STATUSES:
        chosen = frame[frame["side"] == status]
        geoms = to_metric(chosen.geometry.to_numpy(), crs, source=chosen.crs or "EPSG:4326")
        ground[status] = plus(*geoms)
    return ground, crs


def _change(old: Any, new: Any) -> tuple[Any, Any]:
    """Ground gained and lost from ``old`` to ``new``; nothing at all when they are the same."""
    if old is new or shapely.equals_exact(old, new, tolerance=0.0):
        empty = shapely.MultiPolygon()
        return empty, empty
    return minus(new, old), minus(old, new)


def area_changes(
    before: gpd.GeoDataFrame | ControlDay,
    after: gpd.GeoDataFrame | ControlDay,
    *,
    crs: Any = None,
    regions: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """km² each side gained and lost between two days, overall and by region.

    Parameters
    ----------
    before, after
        Control of two dates (:func:`~.daily.control_on`), or control-polygon frames of them.
    crs
        The equal-area CRS to measure in (``ControlData.crs``); needed for frames only.
    regions
        Regions (``admin1`` and polygons, any CRS) to break the figures down by, e.g.
        :func:`oblast_regions`; None gives the overall row per side only.

    Returns
    -------
    DataFrame
        ``region, side, before_km2, after_km2, gained_km2, lost_km2, net_km2``: one row per side (UA,
        RU, contested) for region ``"all"``, then per side per region with any change. What one side
        gains from the other is the other's loss; ground that went from a side to contested is that
        side's loss.
    """
    import pandas as pd

    old_ground, crs = _ground(before, crs)
    new_ground, _ = _ground(after, crs)
    rows: list[tuple] = []
    shapes = None if regions is None else regions.to_crs(crs)
    for side in _CHANGING:
        old, new = old_ground[side], new_ground[side]
        gained, lost = _change(old, new)
        rows.append((_ALL, side, old.area / 1e6, new.area / 1e6, gained.area / 1e6, lost.area / 1e6))
        if shapes is None or (gained.is_empty and lost.is_empty):
            continue
        for name, region in zip(shapes["admin1"], shapes.geometry, strict=True):
            won = shapely.intersection(gained, region, grid_size=GRID_M).area / 1e6
            gone = shapely.intersection(lost, region, grid_size=GRID_M).area / 1e6
            if won > 0.005 or gone > 0.005:
                had = shapely.intersection(old, region, grid_size=GRID_M).area / 1e6
                has = shapely.intersection(new, region, grid_size=GRID_M).area / 1e6
                rows.append((name, side, had, has, won, gone))
    table = pd.DataFrame(rows, columns=list(CHANGE_TABLE_COLUMNS[:-1]))
    table["net_km2"] = table["gained_km2"] - table["lost_km2"]
    return table


def area_summary(
    data: ControlData, date: Any, *, since: Any = None, by_oblast: bool = False, digits: int = 1
) -> dict[str, Any]:
    """The km² of one day as a JSON-ready dict: ``{"date", "source", "boundary", "area_km2": {status:
    km²}}``; with ``since``, also ``"since"``, ``"gained_km2"`` and ``"lost_km2"`` per side; with
    ``by_oblast``, ``"by_oblast"``: ``{oblast: {"area_km2", …}}``."""
    day = control_on(data, date)
    out: dict[str, Any] = {
        "date": day.date.isoformat(),
        "source": day.source,
        "boundary": data.boundary_source,
        "area_km2": {s: round(v, digits) for s, v in day.area_km2().items()},
    }
    regions = oblast_regions(data.tessellation) if by_oblast else None
    if since is not None:
        before = control_on(data, since)
        table = area_changes(before, day, regions=regions)
        overall = table[table["region"] == _ALL].set_index("side")
        out["since"] = before.date.isoformat()
        out["since_source"] = before.source
        out["gained_km2"] = {s: round(float(overall.loc[s, "gained_km2"]), digits) for s in _CHANGING}
        out["lost_km2"] = {s: round(float(overall.loc[s, "lost_km2"]), digits) for s in _CHANGING}
        if regions is not None:
            out["by_oblast"] = _by_oblast(table[table["region"] != _ALL], digits)
    elif regions is not None:
        out["by_oblast"] = {
            name: {"area_km2": {s: round(_area_in(day.territory, s, region), digits) for s in STATUSES}}
            for name, region in zip(regions["admin1"], regions.geometry, strict=True)
        }
    return out


def _area_in(territory: Territory, status: str, region: Any) -> float:
    part = territory.part(status)
    return 0.0 if part.is_empty else _polygonal(clip(part, region)).area / 1e6


def _by_oblast(table: pd.DataFrame, digits: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in table.itertuples(index=False):
        entry = out.setdefault(str(row.region), {"gained_km2": {}, "lost_km2": {}})
        entry["gained_km2"][row.side] = round(float(row.gained_km2), digits)
        entry["lost_km2"][row.side] = round(float(row.lost_km2), digits)
    return out


def _days(first: dt.date, last: dt.date, every: str) -> list[dt.date]:
    """The days a series samples: each day, or the last of each month (and the series' last day)."""
    import pandas as pd

    if every not in EVERY:
        msg = f"every {every!r} is not a valid option, must be one of {', '.join(EVERY)}"
        raise InputError(msg)
    days = [d.date() for d in pd.date_range(first, last, freq="D")]
    if every == "day":
        return days
    ends = [d for d in days if (d + dt.timedelta(days=1)).day == 1]
    return ends if ends and ends[-1] == last else [*ends, last]


def daily_series(
    data: ControlData, start: Any = None, end: Any = None, *, every: str = "day"
) -> pd.DataFrame:
    """km² per status for every day (or the last day of every month) from ``start`` to ``end``.

    Days are measured from the snapshots' ground and the fixed Thiessen cells (no day's polygons are
    built). ``start`` and ``end`` default to the first and last day anything is known.

    Returns
    -------
    DataFrame
        ``date, source, UA_km2, RU_km2, contested_km2, unknown_km2, UA_change_km2, RU_change_km2,
        contested_change_km2``: the change is against the row before (0 on the first). Days with no
        data have all the area unknown.
    """
    import pandas as pd

    known = covered_dates(data)
    if (start is None or end is None) and not known:
        msg = "nothing is known on any day — give snapshots or events, or the series' --start and --end"
        raise InputError(msg)
    first = as_date(start, what="start date") if start is not None else known[0]
    last = as_date(end, what="end date") if end is not None else known[-1]
    if last < first:
        msg = f"the series ends ({last}) before it starts ({first}) — swap the dates"
        raise InputError(msg)
    rows = [(day, data.source(day), *data.area_km2(day)) for day in _days(first, last, every)]
    table = pd.DataFrame(rows, columns=["date", "source", *(f"{s}_km2" for s in STATUSES)])
    for side in _CHANGING:
        table[f"{side}_change_km2"] = table[f"{side}_km2"].diff().fillna(0.0)
    return table


def series_figure(series: pd.DataFrame, *, title: str = "") -> Any:
    """A line chart of a series' km² by status (a matplotlib Figure; save it as PNG or SVG)."""
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd
    from matplotlib.figure import Figure

    colours = {"UA": "#1f5fbf", "RU": "#c0392b", "contested": "#9b8e2e", "unknown": "#888888"}
    fig = Figure(figsize=(9, 4.5), dpi=120)
    ax = fig.subplots()
    dates = pd.to_datetime(pd.Series(list(series["date"])))
    for status in STATUSES:
        column = series[f"{status}_km2"] / 1000
        if (column > 0).any():
            ax.plot(dates, column, label=status, color=colours[status], linewidth=1.6)
    ax.set_ylabel("thousand km²")
    ax.set_title(title or "Territory by status")
    ax.grid(alpha=0.3)
    ax.legend(loc="best")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
