"""Smoothing drawn lines: Chaikin's corner cutting, for the front line (:mod:`frontline.control.front`)
and any other line drawn for the eye.

Pure geometry on coordinate arrays, with no dependency on the rest of frontline: the core and the maps
may both import it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["chaikin"]


def chaikin(coords: Any, rounds: int) -> np.ndarray:
    """Corner cutting (Chaikin): each round replaces every segment by its points at 1/4 and 3/4, keeping
    both ends where they are; a line of fewer than three points has no corner and is returned as it is.

    ``coords`` is an (n, 2) array or sequence of points; the result is a new (m, 2) float array.

    >>> chaikin([(0, 0), (4, 0), (4, 4)], 1).tolist()
    [[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [4.0, 1.0], [4.0, 3.0], [4.0, 4.0]]
    >>> chaikin([(0, 0), (4, 0)], 3).tolist()
    [[0.0, 0.0], [4.0, 0.0]]
    """
    pts = np.asarray(coords, dtype=float)
    for _ in range(rounds):
        if len(pts) < 3:
            break
        a, b = pts[:-1], pts[1:]
        cut = np.empty((2 * len(a), 2))
        cut[0::2] = 0.75 * a + 0.25 * b
        cut[1::2] = 0.25 * a + 0.75 * b
        pts = np.vstack([pts[:1], cut, pts[-1:]])
    return pts
