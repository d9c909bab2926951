"""Who holds each settlement, by date, from territory events.

The rules, in order:

1. **Territory events** are events with a side in ``x_control_to`` (``"UA"`` or ``"RU"``) and a
   settlement in ``x_geonameid`` — ACLED's "Government regains territory", "Non-state actor overtakes
   territory" and "Non-violent transfer of territory", with the direction in our ``x_`` columns.
   Raw ACLED rows work too: a territory sub-event without ``x_control_to`` goes to the side of its
   ``actor1``, and one without ``x_geonameid`` (or naming a place the settlements lack) to the
   settlement nearest its coordinates.
2. **Confirmed** (``x_confidence`` ``"confirmed"``, or ``"reported"`` by an independent source) events
   set the settlement's side from their date;
   events without an ``x_confidence`` column at all (ACLED's own data) count as confirmed, an empty
   value as unconfirmed.
3. **Claims** (``claimed``, ``unconfirmed``, ``disputed``) do not flip a settlement by themselves.
   A claim confirmed within ``confirm_within_days`` (a confirmed event for the same settlement and
   side) counts from the claim's date. A claim not confirmed in time leaves the settlement
   *contested* from the claim's date until a confirmed event settles it. A claim by the side that
   already holds the settlement changes nothing.
4. **Snapshots**: a published control map (a *baseline*) gives every settlement it covers the side
   it draws there on the map's date; events after that date apply on top. A settlement no snapshot
   covers keeps what the events say, whatever their date.
5. **Neighbours**: a settlement still unknown takes a side when at least two of its Thiessen
   neighbours are known from events and all of them hold that same side (a village between two held
   by one side is held by that side). One pass only, so a lone report does not flood the map; a
   settlement whose known neighbours disagree, or that has fewer than two, stays unknown.
6. **Default**: optionally, every settlement still unknown is given ``default_side`` (e.g. ``"UA"``
   for Ukraine's territory when the events cover only the occupied areas).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..confidence import CONFIDENCES as CONFIDENCE_LEVELS
from ..confidence import STANDING
from ..errors import InputError
from ..files import iso_date
from ..options import Status, choose
from .sides import SIDES, STATUS_CODE, STATUSES, parse_side

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "CHANGE_COLUMNS",
    "CONFIDENCE_LEVELS",
    "STATUS_COLUMNS",
    "TERRITORY_SUB_EVENT_TYPES",
    "Baseline",
    "as_date",
    "baseline_from_snapshot",
    "control_changes",
    "settlement_status",
]

log = logging.getLogger(__name__)

#: ACLED sub-event types that carry a change of control.
TERRITORY_SUB_EVENT_TYPES = (
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
)
#: Columns of :func:`control_changes`.
CHANGE_COLUMNS = ("geonameid", "date", "status", "confidence", "event_id", "claim_event_id", "rule")
#: Columns of :func:`settlement_status` besides its point geometry (index ``geonameid``).
STATUS_COLUMNS = ("name", "admin1", "status", "since", "confidence", "event_id", "source")

_UNKNOWN = STATUS_CODE["unknown"]


def as_date(value: Any, *, what: str = "date") -> dt.date:
    """A calendar date from a ``date``, a datetime or an ISO ``YYYY-MM-DD`` string.

    >>> as_date("2022-09-10")
    datetime.date(2022, 9, 10)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas Timestamp
        return value.date()
    return iso_date(str(value), what)


def _column(events: pd.DataFrame, name: str) -> pd.Series:
    import pandas as pd

    if name in events.columns:
        return events[name]
    return pd.Series(pd.NA, index=events.index, dtype="object")


def _sides_of(events: pd.DataFrame) -> pd.Series:
    """``x_control_to`` as UA/RU; where it is empty on an ACLED territory sub-event, the side of
    ``actor1`` — the actor that takes the territory in all three sub-event types ("Military Forces
    of Russia (2000-)" → RU)."""
    import pandas as pd

    side = _column(events, "x_control_to").astype("string").str.strip().str.upper()
    inferable = ~side.isin(SIDES) & _column(events, "sub_event_type").isin(TERRITORY_SUB_EVENT_TYPES)
    if inferable.any():
        actors = _column(events, "actor1")[inferable].map(parse_side)
        side[inferable] = actors.where(actors.isin(SIDES), pd.NA).astype("string")
    return side


def _nearest_settlements(events: pd.DataFrame, settlements: pd.DataFrame, within_km: float) -> pd.Series:
    """For each event, the geonameid of the settlement nearest its latitude/longitude (within
    ``within_km``), else NA: the settlement whose Thiessen cell holds the event."""
    import pandas as pd
    import shapely
    from scipy.spatial import cKDTree

    from .geometry import _project, metric_crs_for

    lat = pd.to_numeric(_column(events, "latitude"), errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(_column(events, "longitude"), errors="coerce").to_numpy(dtype=float)
    found = pd.Series(pd.NA, index=events.index, dtype="Int64")
    placed = np.isfinite(lat) & np.isfinite(lon)
    if not placed.any() or settlements.empty:
        return found
    points = settlements.geometry.to_numpy()
    crs = metric_crs_for(points)
    tree = cKDTree(shapely.get_coordinates(_project(points, "EPSG:4326", crs)))
    where = shapely.get_coordinates(_project(shapely.points(lon[placed], lat[placed]), "EPSG:4326", crs))
    distance, nearest = tree.query(where, distance_upper_bound=within_km * 1000)
    close = np.isfinite(distance)
    rows = np.flatnonzero(placed)[close]
    found.iloc[rows] = settlements.index.to_numpy()[nearest[close]]
    return found


def _territory_events(
    events: pd.DataFrame, settlements: pd.DataFrame | None = None, *, within_km: float = 5.0
) -> pd.DataFrame:
    """The validated territory events: date, geonameid, side, confidence, event id; date order."""
    import pandas as pd

    if "event_date" not in events.columns:
        msg = "events lack the column event_date — control needs ACLED-schema events"
        raise InputError(msg)
    if not ({"x_control_to", "actor1"} & set(events.columns)):
        msg = "events lack x_control_to (and actor1) — control cannot tell which side took a place"
        raise InputError(msg)
    side = _sides_of(events)
    territorial = side.isin(SIDES)
    gid = pd.to_numeric(_column(events, "x_geonameid"), errors="coerce").astype("Int64")
    if settlements is not None:  # a place the settlements lack is put at the one nearest it
        gid = gid.where(gid.isin(settlements.index))
    if settlements is not None and (territorial & gid.isna()).any():
        gid = gid.fillna(_nearest_settlements(events, settlements, within_km))
    unplaced = territorial & gid.isna()
    if unplaced.any():
        log.warning(
            "%d territory events have no x_geonameid nor a settlement near them: left out",
            int(unplaced.sum()),
        )
    chosen = territorial & gid.notna()
    dates = pd.to_datetime(events.loc[chosen, "event_date"], errors="coerce")
    if dates.isna().any():
        bad = events.loc[chosen, "event_date"][dates.isna()].iloc[0]
        msg = f"event_date {bad!r} is not a date — event dates must be YYYY-MM-DD"
        raise InputError(msg)
    if "x_confidence" in events.columns:
        confidence = (
            events.loc[chosen, "x_confidence"].astype("string").str.strip().str.lower().fillna("unconfirmed")
        )
    else:  # ACLED's own data: events ACLED coded as having happened
        confidence = pd.Series("confirmed", index=events.index[chosen], dtype="string")
    unknown = ~confidence.isin(CONFIDENCE_LEVELS)
    if unknown.any():
        msg = (
            f"x_confidence {confidence[unknown].iloc[0]!r} is not one of {', '.join(CONFIDENCE_LEVELS)} "
            "— fix the event or leave the field empty (read as unconfirmed)"
        )
        raise InputError(msg)
    ids = (
        events.loc[chosen, "event_id_cnty"].astype("string")
        if "event_id_cnty" in events.columns
        else pd.Series([f"row {i}" for i in events.index[chosen]], index=events.index[chosen], dtype="string")
    )
    out = pd.DataFrame(
        {
            "geonameid": gid[chosen].astype("int64"),
            "date": dates.dt.normalize(),
            "side": side[chosen],
            "confidence": confidence,
            "event_id": ids.fillna(""),
            # confirmed before claims on the same day, so a same-day claim reads against the fact
            "order": (~confidence.isin(STANDING)).astype(int),
        }
    )
    return out.sort_values(["geonameid", "date", "order"], kind="stable").drop(columns="order")


def control_changes(
    events: pd.DataFrame,
    *,
    confirm_within_days: int = 7,
    settlements: pd.DataFrame | None = None,
    within_km: float = 5.0,
) -> pd.DataFrame:
    """The control timeline: each change of a settlement's status, with the event that made it.

    Parameters
    ----------
    events
        ACLED-schema events (other rows and columns are ignored; the input is not changed).
    confirm_within_days
        How long a claim may wait for confirmation and still count from its own date (rule 3 of
        the module docstring).
    settlements
        Settlement frame; given, events without ``x_geonameid`` are put at the settlement nearest
        their latitude/longitude, if one is within ``within_km`` (raw ACLED data has no geonameid).

    Returns
    -------
    DataFrame
        ``geonameid, date, status, confidence, event_id, claim_event_id, rule`` sorted by settlement and
        date; ``status`` is ``"UA"``, ``"RU"`` or ``"contested"``; ``rule`` says which rule applied
        (``"confirmed"``, ``"claim confirmed"``, ``"claim unconfirmed"``). Empty when no event is territorial.
    """
    import pandas as pd

    if confirm_within_days < 0:
        msg = f"confirm_within_days must be 0 or more, got {confirm_within_days}"
        raise InputError(msg)
    territory = _territory_events(events, settlements, within_km=within_km)
    window = pd.Timedelta(days=confirm_within_days)
    rows: list[tuple] = []
    records = list(
        zip(
            *(territory[c].tolist() for c in ("geonameid", "date", "side", "confidence", "event_id")),
            strict=True,
        )
    )
    for gid, group in itertools.groupby(records, key=lambda r: r[0]):
        rows.extend(_settlement_changes(gid, list(group), window))
    changes = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
    changes["geonameid"] = changes["geonameid"].astype("int64")
    changes["date"] = pd.to_datetime(changes["date"])
    return changes.sort_values(["geonameid", "date"], kind="stable").reset_index(drop=True)


def _settlement_changes(gid: int, records: list[tuple], window: Any) -> list[tuple]:
    """Rules 2 and 3 for one settlement's events (``(gid, date, side, confidence, id)`` in date order)."""
    rows: list[tuple] = []
    held: str | None = None
    for i, (_, date, side, confidence, event_id) in enumerate(records):
        if confidence in STANDING:  # confirmed, or reported by an independent source
            if held != side:
                rows.append((gid, date, side, confidence, event_id, "", "confirmed"))
            held = side
            continue
        if side == held:
            continue
        proof = next(
            (r for r in records[i + 1 :] if r[3] in STANDING and r[2] == side and r[1] - date <= window),
            None,
        )
        if proof is not None:
            rows.append((gid, date, side, "confirmed", proof[4], event_id, "claim confirmed"))
            held = side
        else:
            rows.append((gid, date, "contested", confidence, "", event_id, "claim unconfirmed"))
            held = "contested"
    return rows


def baseline_from_snapshot(settlements: gpd.GeoDataFrame, snapshot: gpd.GeoDataFrame) -> pd.Series:
    """The status a snapshot gives each settlement it covers (by geonameid; the settlements it does not
    cover are left out).

    A settlement in a polygon has that polygon's side (contested over RU over UA where polygons
    overlap). One in no polygon but inside the map's coverage is UA when the map draws no UA polygon
    (DeepState draws only the occupied and contested ground), else left out. Coverage: the ``coverage``
    features when there are any, else the whole country when the map draws no UA polygon.
    """
    import pandas as pd
    import shapely

    from .sides import COVERAGE

    polygons = snapshot.to_crs("EPSG:4326") if snapshot.crs is not None else snapshot
    sides = polygons["side"].to_numpy()
    geoms = shapely.make_valid(shapely.force_2d(polygons.geometry.to_numpy()))
    x, y = settlements.geometry.x.to_numpy(), settlements.geometry.y.to_numpy()
    status = np.full(len(settlements), None, dtype=object)

    def inside(chosen: np.ndarray) -> np.ndarray:
        union = shapely.union_all(geoms[chosen])
        shapely.prepare(union)
        return shapely.intersects_xy(union, x, y)

    for side in ("contested", "RU", "UA"):
        if (sides == side).any():
            status[(status == None) & inside(sides == side)] = side  # noqa: E711 (elementwise)
    if not (sides == "UA").any():
        covered = inside(sides == COVERAGE) if (sides == COVERAGE).any() else np.ones(len(x), dtype=bool)
        status[(status == None) & covered] = "UA"  # noqa: E711
    known = status != None  # noqa: E711
    return pd.Series(status[known], index=settlements.index[known], dtype="object")


def _fill_from_neighbours(
    codes: np.ndarray, neighbours: np.ndarray, voters: np.ndarray | None = None
) -> np.ndarray:
    """Rule 5: an unknown settlement whose ≥2 known neighbours all hold one side takes that side. Only
    ``voters`` (default: all) count as known: a snapshot says nothing beyond its coverage, so the
    settlements it covers do not spread over the edge of it."""
    if len(neighbours) == 0:
        return codes
    a, b = neighbours[:, 0], neighbours[:, 1]
    ends = np.concatenate([a, b])
    heard = codes if voters is None else np.where(voters, codes, _UNKNOWN)
    other = heard[np.concatenate([b, a])]
    n = len(codes)
    known = np.bincount(ends, weights=(other != _UNKNOWN), minlength=n)
    filled = codes.copy()
    for side in SIDES:
        code = STATUS_CODE[side]
        agree = np.bincount(ends, weights=(other == code), minlength=n)
        filled[(codes == _UNKNOWN) & (known >= 2) & (agree == known)] = code
    return filled


@dataclass(frozen=True, eq=False)
class Baseline:
    """What snapshots say of each settlement (in settlement-frame order) as of some day: its status
    code, or -1 where no snapshot covers it, and the date of the snapshot that says so."""

    codes: np.ndarray  # int8
    dates: np.ndarray  # datetime64[D]; NaT where no snapshot covers the settlement

    @classmethod
    def empty(cls, n: int) -> Baseline:
        return cls(np.full(n, -1, dtype=np.int8), np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"))

    def over(self, status: pd.Series, index: pd.Index, date: dt.date) -> Baseline:
        """This baseline with a newer snapshot's statuses (by geonameid) laid over it."""
        rows = index.get_indexer(status.index)
        keep = rows >= 0
        codes, dates = self.codes.copy(), self.dates.copy()
        codes[rows[keep]] = status.map(STATUS_CODE).to_numpy(dtype=np.int8)[keep]
        dates[rows[keep]] = np.datetime64(date, "D")
        return Baseline(codes, dates)


def _status_codes(
    settlements: pd.DataFrame, changes: pd.DataFrame, on: dt.date, *, baseline: Baseline | None
) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """Codes by settlement before neighbours and default, the change that set each (or none), and
    whether each came from the baseline. An event counts where no snapshot covers the settlement or
    where it is later than the snapshot that does."""
    import pandas as pd

    n = len(settlements)
    codes = np.full(n, _UNKNOWN, dtype=np.int8)
    from_baseline = np.zeros(n, dtype=bool)
    recent = changes[changes["date"] <= pd.Timestamp(on)]
    last = recent.drop_duplicates("geonameid", keep="last").set_index("geonameid")
    rows = settlements.index.get_indexer(last.index)
    last = last[rows >= 0]
    rows = rows[rows >= 0]
    if baseline is not None:
        covered = baseline.codes >= 0
        codes[covered] = baseline.codes[covered]
        from_baseline[:] = covered
        later = last["date"].to_numpy().astype("datetime64[D]") > baseline.dates[rows]
        later |= ~covered[rows]
        last, rows = last[later], rows[later]
    codes[rows] = last["status"].map(STATUS_CODE).to_numpy(dtype=np.int8)
    from_baseline[rows] = False
    return codes, last.assign(row=rows), from_baseline


def _codes_on(
    settlements: pd.DataFrame,
    changes: pd.DataFrame,
    on: dt.date,
    *,
    baseline: Baseline | None,
    neighbours: np.ndarray | None,
    default_side: str | None,
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Status codes by settlement on ``on`` after every rule, where each came from, and the changes
    that set them (with their settlement ``row``)."""
    if default_side is not None:
        default_side = choose(default_side, Status, "default side").value
    codes, last, from_baseline = _status_codes(settlements, changes, on, baseline=baseline)
    source = np.full(len(codes), "", dtype=object)
    source[from_baseline] = "snapshot"
    source[last["row"].to_numpy()] = "event"
    if neighbours is not None:
        filled = _fill_from_neighbours(codes, neighbours, voters=~from_baseline)
        source[filled != codes] = "neighbours"
        codes = filled
    if default_side is not None and default_side != "unknown":
        source[codes == _UNKNOWN] = "default"
        codes[codes == _UNKNOWN] = STATUS_CODE[default_side]
    return codes, source, last


def settlement_status(
    settlements: gpd.GeoDataFrame,
    changes: pd.DataFrame,
    *,
    date: Any,
    baseline: tuple[Any, pd.Series] | Baseline | None = None,
    neighbours: np.ndarray | None = None,
    default_side: str | None = None,
) -> gpd.GeoDataFrame:
    """Each settlement's status on ``date``.

    Parameters
    ----------
    settlements
        Settlement frame (index ``geonameid``).
    changes
        The timeline of :func:`control_changes`.
    date
        The day (``date`` or ``YYYY-MM-DD``); changes dated up to and including it count.
    baseline
        ``(snapshot date, status by geonameid)`` from :func:`baseline_from_snapshot`, for a snapshot
        on or before ``date`` (or a :class:`Baseline` of several): changes after its date apply on top
        of the settlements it covers (rule 4).
    neighbours
        Pairs of settlement positions that are Thiessen neighbours (``Tessellation.neighbours``);
        given, unknown settlements between settlements of one side take that side (rule 5).
    default_side
        Status for settlements still unknown (rule 6); None leaves them unknown.

    Returns
    -------
    GeoDataFrame
        Index ``geonameid``; ``name, admin1, status, since, confidence, event_id, source`` and the point
        geometry. ``source`` is ``"event"``, ``"snapshot"``, ``"neighbours"``, ``"default"`` or ``""``
        (unknown). A date with no data gives every settlement ``"unknown"``.
    """
    import pandas as pd

    on = as_date(date)
    base: Baseline | None = baseline if isinstance(baseline, Baseline) else None
    if isinstance(baseline, tuple):
        day = as_date(baseline[0], what="snapshot date")
        base = Baseline.empty(len(settlements)).over(baseline[1], settlements.index, day)
    codes, source, last = _codes_on(
        settlements, changes, on, baseline=base, neighbours=neighbours, default_side=default_side
    )
    n = len(settlements)
    since = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    if isinstance(base, Baseline):
        from_snapshot = source == "snapshot"
        since[from_snapshot] = pd.to_datetime(base.dates[from_snapshot])
    confidence = np.full(n, "", dtype=object)
    event_id = np.full(n, "", dtype=object)
    rows = last["row"].to_numpy()
    since.iloc[rows] = last["date"].to_numpy()
    confidence[rows] = last["confidence"].to_numpy()
    event_id[rows] = (last["event_id"].where(last["event_id"] != "", last["claim_event_id"])).to_numpy()
    out = settlements[["name", "admin1", "geometry"]].copy()
    out["status"] = np.asarray(STATUSES, dtype=object)[codes]
    out["since"] = since.dt.date.to_numpy()
    out["confidence"] = confidence
    out["event_id"] = event_id
    out["source"] = source
    return out[[*STATUS_COLUMNS, "geometry"]]
