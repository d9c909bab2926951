"""Hand-built settlements and events for the control tests: a grid of invented villages with known
control, and territory events in the ACLED schema written for these tests."""

from __future__ import annotations

import itertools

import geopandas as gpd
import pandas as pd
import shapely

# A 10 x 6 grid of settlements 0.1° apart; the area of interest is the box around them, half a step out.
LON0, LAT0, STEP, COLUMNS, ROWS = 36.0, 49.0, 0.1, 10, 6
BOX = (LON0 - STEP / 2, LAT0 - STEP / 2, LON0 + (COLUMNS - 0.5) * STEP, LAT0 + (ROWS - 0.5) * STEP)


def gid(column: int, row: int) -> int:
    return 1000 + 10 * column + row


def grid_settlements() -> gpd.GeoDataFrame:
    """Columns 0–4 lie in oblast "West", 5–9 in "East"."""
    cells = list(itertools.product(range(COLUMNS), range(ROWS)))
    frame = pd.DataFrame(
        {
            "geonameid": [gid(c, r) for c, r in cells],
            "name": [f"Village {c}-{r}" for c, r in cells],
            "admin1": ["West" if c < 5 else "East" for c, _ in cells],
            "population": 100,
        }
    ).set_index("geonameid")
    points = gpd.points_from_xy([LON0 + c * STEP for c, _ in cells], [LAT0 + r * STEP for _, r in cells])
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def grid_box() -> shapely.Polygon:
    return shapely.box(*BOX)


def split_status(settlements: gpd.GeoDataFrame, *, ua_columns: int = 5) -> pd.Series:
    """UA holds the first ``ua_columns`` columns, RU the rest."""
    column = (settlements.index.to_numpy() - 1000) // 10
    return pd.Series(["UA" if c < ua_columns else "RU" for c in column], index=settlements.index)


def event(
    geonameid: int, date: str, to: str, confidence: str = "confirmed", *, event_id: str | None = None
) -> dict:
    return {
        "event_id_cnty": event_id or f"UKR{geonameid}{date.replace('-', '')}{to}{confidence[:2]}",
        "event_date": date,
        "sub_event_type": "Government regains territory"
        if to == "UA"
        else "Non-state actor overtakes territory",
        "x_geonameid": geonameid,
        "x_control_from": "RU" if to == "UA" else "UA",
        "x_control_to": to,
        "x_confidence": confidence,
        "admin1": "",
    }


def events_frame(rows: list[dict]) -> pd.DataFrame:
    columns = list(event(0, "2022-01-01", "UA"))
    return pd.DataFrame(rows, columns=columns)
