"""Small statistics shared by the sweep cells and the force summaries."""

import numpy as np


def finite_mean(values):
    """Return the mean of the finite entries of ``values``, or NaN if there are none."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else float("nan")
