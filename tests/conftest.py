"""Shared fixtures for the unit tests of kernel_hopfield.

Figures render with the non-interactive Agg backend, and progress bars are
switched off unless a test sets ``KERNEL_HOPFIELD_PROGRESS`` itself.
"""

import os

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("KERNEL_HOPFIELD_PROGRESS", "0")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from kernel_hopfield.patterns import random_patterns  # noqa: E402


@pytest.fixture
def small_patterns():
    """Eight seeded patterns of N = 12 neurons, all distinct."""
    X = random_patterns(8, 12, rng=20251113)
    assert np.unique(X, axis=0).shape[0] == X.shape[0]
    return X


# Property tests check a small, fixed set of examples: derandomised so every
# run draws the same cases, and without an example database on disk.
settings.register_profile(
    "kernel_hopfield",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
)
settings.load_profile("kernel_hopfield")
