"""The event table: ACLED's columns in ACLED's order, our ``x_`` columns after them, as EPSG:4326 points.

ACLED (Armed Conflict Location & Event Data) is the schema conflict researchers already count, map and
share; keeping it exactly lets an analyst put our events beside ACLED's own. Event types and sub-event
types are ACLED's six and twenty-five and nothing else. Our own columns:

``x_geonameid``     GeoNames id of the place (the gazetteer's identity of a place)
``x_claim_by``      who says it ("Ministry of Defence of Russia", "General Staff of Ukraine", …;
                    ``"; "``-joined when sources differ); empty when the report states it in its own voice
``x_confidence``    ``confirmed`` · ``reported`` · ``claimed`` · ``disputed`` · ``unconfirmed``
                    (see :data:`CONFIDENCES`)
``x_control_from``  side that held the place before a change of control: ``"UA"`` or ``"RU"`` (else empty)
``x_control_to``    side that holds it after: ``"UA"`` or ``"RU"``
``x_source_url``    link(s) to the report(s), ``"; "``-joined
``x_quote``         the sentence the event comes from
``x_report_id``     id(s) of the report(s) the event comes from, ``"; "``-joined

>>> sorted(EVENT_TYPES)[:2]
['Battles', 'Explosions/Remote violence']
>>> sum(len(s) for s in EVENT_TYPES.values())
25
>>> check_types("Battles", "Armed clash")
>>> check_types("Battles", "Shelling")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
frontline.events.SchemaError: 'Shelling' is not a sub-event type of 'Battles' — must be one of: ...
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .confidence import CONFIDENCES
from .errors import FrontlineError

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "ACLED_COLUMNS",
    "ACTORS",
    "COLUMNS",
    "CONFIDENCES",
    "CRS",
    "EVENT_TYPES",
    "INTER_CODES",
    "SIDES",
    "X_COLUMNS",
    "Event",
    "SchemaError",
    "check_types",
    "conform",
    "disorder_type",
    "empty_events",
    "event_id",
    "events_frame",
    "records",
]

CRS = "EPSG:4326"

#: ACLED's columns in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: Our own columns, after ACLED's.
X_COLUMNS: tuple[str, ...] = (
    "x_geonameid",
    "x_claim_by",
    "x_confidence",
    "x_control_from",
    "x_control_to",
    "x_source_url",
    "x_quote",
    "x_report_id",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + X_COLUMNS

#: ACLED's six event types and their twenty-five sub-event types.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

#: Side codes of x_control_from / x_control_to: Ukraine's and Russia's forces.
SIDES: dict[str, str] = {"UA": "Ukraine", "RU": "Russia"}

#: ACLED-style actor names.
ACTORS: dict[str, str] = {
    "UA": "Military Forces of Ukraine (2019-)",
    "RU": "Military Forces of Russia (2000-)",
    "DPR": "Donetsk People's Republic",
    "LPR": "Luhansk People's Republic",
    "WAGNER": "Wagner Group",
    "CIVILIANS_UA": "Civilians (Ukraine)",
    "CIVILIANS_RU": "Civilians (Russia)",
    "PROTESTERS_UA": "Protesters (Ukraine)",
    "PROTESTERS_RU": "Protesters (Russia)",
}

#: ACLED's numeric inter codes (before 2024) and the text labels that replaced them.
INTER_CODES: dict[int, str] = {
    0: "",
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

_INT_COLUMNS = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp")
_FLOAT_COLUMNS = ("latitude", "longitude")
_TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in (*_INT_COLUMNS, *_FLOAT_COLUMNS, "x_geonameid"))


class SchemaError(FrontlineError):
    """A value that ACLED's schema does not allow (an unknown event type, a bad side code …)."""


def check_types(event_type: str, sub_event_type: str) -> None:
    """Raise :class:`SchemaError` unless ``sub_event_type`` is one of ACLED's for ``event_type``."""
    if event_type not in EVENT_TYPES:
        msg = f"{event_type!r} is not an ACLED event type — must be one of: {', '.join(EVENT_TYPES)}"
        raise SchemaError(msg)
    if sub_event_type not in EVENT_TYPES[event_type]:
        msg = (
            f"{sub_event_type!r} is not a sub-event type of {event_type!r} — must be one of: "
            f"{', '.join(EVENT_TYPES[event_type])}"
        )
        raise SchemaError(msg)


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event type.

    >>> disorder_type("Protests", "Peaceful protest")
    'Demonstrations'
    """
    if event_type == "Strategic developments":
        return "Strategic developments"
    if event_type == "Riots" or sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type == "Protests":
        return "Demonstrations"
    return "Political violence"


def event_id(iso3: str, *key: object) -> str:
    """A stable event id in ACLED's ``event_id_cnty`` style, e.g. ``UKR-FL-3f2a9c01d4``, from the
    event's identity (place, date, sub-event type). The ``FL`` infix keeps it apart from ACLED's ids.

    >>> key = (703656, "2022-09-10", "Armed clash")
    >>> event_id("UKR", *key) == event_id("UKR", *key)
    True
    """
    digest = hashlib.sha1("|".join(map(str, key)).encode()).hexdigest()[:10]
    return f"{iso3}-FL-{digest}"


@dataclass(frozen=True, slots=True)
class Event:
    """One event as a typed record: ACLED's fields then ours (see the module docstring)."""

    event_id_cnty: str
    event_date: date
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    latitude: float
    longitude: float
    location: str
    country: str
    iso: int
    geo_precision: int
    source: str
    assoc_actor_1: str = ""
    inter1: str = ""
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: str = ""
    civilian_targeting: str = ""
    region: str = "Europe"
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int = 0
    tags: str = ""
    timestamp: int = 0
    x_geonameid: int | None = None
    x_claim_by: str = ""
    x_confidence: str = "confirmed"
    x_control_from: str = ""
    x_control_to: str = ""
    x_source_url: str = ""
    x_quote: str = ""
    x_report_id: str = ""

    def __post_init__(self) -> None:
        check_types(self.event_type, self.sub_event_type)
        if self.x_confidence not in CONFIDENCES:
            msg = f"x_confidence {self.x_confidence!r} must be one of: {', '.join(CONFIDENCES)}"
            raise SchemaError(msg)
        for name in ("x_control_from", "x_control_to"):
            value = getattr(self, name)
            if value and value not in SIDES:
                msg = f"{name} {value!r} must be a side code: {', '.join(SIDES)} (or empty)"
                raise SchemaError(msg)
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            msg = f"({self.latitude}, {self.longitude}) is not a WGS84 latitude, longitude"
            raise SchemaError(msg)

    @property
    def year(self) -> int:
        return self.event_date.year

    @property
    def disorder_type(self) -> str:
        return disorder_type(self.event_type, self.sub_event_type)

    @property
    def interaction(self) -> str:
        if self.inter1 and self.inter2:
            return f"{self.inter1}-{self.inter2}"
        return f"{self.inter1} only" if self.inter1 else ""

    def as_record(self) -> dict[str, Any]:
        """The event as one row: every column of :data:`COLUMNS`, ``event_date`` as an ISO date."""
        row = asdict(self)
        row["event_date"] = self.event_date.isoformat()
        row["year"] = self.year
        row["disorder_type"] = self.disorder_type
        row["interaction"] = self.interaction
        return {c: row[c] for c in COLUMNS}


def records(gdf: geopandas.GeoDataFrame) -> list[dict[str, Any]]:
    """Rows of an event table as plain dicts in column order (JSON-ready: no NaN, no numpy types)."""
    out = []
    for row in gdf[list(COLUMNS)].itertuples(index=False, name=None):
        out.append({col: _plain(col, value) for col, value in zip(COLUMNS, row, strict=True)})
    return out


def _missing(value: object) -> bool:
    """None, NaN, or pandas' missing value (NA, NaT)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _plain(col: str, value: Any) -> Any:
    if _missing(value):
        return None if col == "x_geonameid" or col in _FLOAT_COLUMNS else ""
    return value.item() if hasattr(value, "item") else value


def empty_events() -> geopandas.GeoDataFrame:
    """An event table with no rows but every column, typed, in EPSG:4326."""
    return events_frame([])


def events_frame(events: Iterable[Event]) -> geopandas.GeoDataFrame:
    """The event table of ``events``: :data:`COLUMNS` in order plus point geometry, EPSG:4326."""
    import pandas as pd

    frame = pd.DataFrame([e.as_record() for e in events], columns=list(COLUMNS))
    return conform(frame)


def conform(frame: Any, *, keep_extra: bool = False) -> geopandas.GeoDataFrame:
    """A new event table from any frame with (some of) the columns: missing columns added empty,
    types made uniform, geometry rebuilt from longitude/latitude. The input is not changed.

    Extra columns (e.g. from an ACLED CSV with columns we do not know) are kept after ours when
    ``keep_extra``, else dropped.
    """
    import geopandas as gpd
    import pandas as pd

    df = pd.DataFrame(frame).copy()
    if "geometry" in df.columns:
        df = df.drop(columns="geometry")
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = None
    for col in _INT_COLUMNS:
        df[col] = _whole_numbers(df[col], col).fillna(0).astype("int64")
    for col in _FLOAT_COLUMNS:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    df["x_geonameid"] = _whole_numbers(df["x_geonameid"], "x_geonameid").astype("Int64")
    extra = [c for c in df.columns if c not in COLUMNS] if keep_extra else []
    for col in (*_TEXT_COLUMNS, *extra):
        df[col] = _texts(df[col])
    geometry = gpd.points_from_xy(df["longitude"], df["latitude"], crs=CRS)
    return gpd.GeoDataFrame(df[list(COLUMNS) + extra], geometry=geometry, crs=CRS).reset_index(drop=True)


def _whole_numbers(column: Any, col: str) -> Any:
    """``column`` as numbers, blanks missing; :class:`SchemaError` naming the first value that is not a
    whole number a 64-bit integer holds — never wrapped round (1e308 → -9223372036854775808) or blanked.

    >>> import pandas as pd
    >>> _whole_numbers(pd.Series(["3", "", None, 2.0]), "fatalities").tolist()
    [3.0, nan, nan, 2.0]
    >>> _whole_numbers(pd.Series(["1", "1e308"]), "fatalities")
    Traceback (most recent call last):
    frontline.events.SchemaError: fatalities '1e308' (row 2) is not a whole number — fix or remove the value
    """
    import pandas as pd

    numbers = pd.to_numeric(column, errors="coerce")
    if column.dtype.kind in "iub":  # integers already: nothing to check
        return numbers
    bad = numbers.notna() & ((numbers.abs() >= 2**63) | (numbers % 1 != 0))
    unread = numbers.isna() & column.notna()
    if unread.any():
        bad |= unread & column.astype(str).str.strip().ne("") & column.astype(str).str.lower().ne("nan")
    if bad.any():
        at = int(bad.to_numpy().argmax())
        msg = f"{col} {str(column.iloc[at])!r} (row {at + 1}) is not a whole number — fix or remove the value"
        raise SchemaError(msg)
    return numbers


def _texts(column: Any) -> Any:
    """A column in pandas' own string type ("str", held by Arrow), missing values as "" (vectorised when
    it is text already)."""
    import pandas as pd

    if isinstance(column.dtype, pd.StringDtype):
        return column.fillna("").astype("str")
    if column.dtype == object and pd.api.types.infer_dtype(column, skipna=False) in ("string", "empty"):
        return column.astype("str")  # plain str cells already
    return column.map(_text).astype("str")


def _text(value: object) -> str:
    if _missing(value):
        return ""  # before the date test: pandas' NaT is a date too
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value)
