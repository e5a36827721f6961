"""The sweeps behind the book's phase-diagram chapters, in one place.

Chapters and the ``kernel-hopfield-sweep --book`` command build their
specs here, so a chapter loads exactly the file the command stored.
"""

import numpy as np

from .sweep import SweepSpec, author_gammas, author_loads

# Seeds of the pattern draws; 42 is the article's own.
BOOK_SEEDS = (42, 43, 44, 45, 46)

# Network sizes of the scaling test of the ridge position gamma* N.
SCALING_SIZES = (50, 100, 200)

# Loads of the scaling test, kept at or below 2 so that N = 200 stays cheap.
SCALING_LOADS = (0.5, 1.0, 1.5, 2.0)

# Values of gamma N of the scaling test, log-spaced around the ridge.
SCALING_GAMMA_N = tuple(float(x) for x in np.geomspace(0.05, 10.0, 16))


def phase_diagram_spec():
    """Return the author's 30 x 30 grid at N = 50, over the book's five seeds."""
    return SweepSpec(N=50, loads=author_loads(), gammas=author_gammas(), seeds=BOOK_SEEDS)


def scaling_spec(N):
    """Return the ridge-scaling sweep at ``N`` neurons, on a grid of gamma N."""
    gammas = tuple(value / N for value in SCALING_GAMMA_N)
    return SweepSpec(N=N, loads=SCALING_LOADS, gammas=gammas, seeds=BOOK_SEEDS[:3])


def book_specs():
    """Return every sweep the book stores in ``data/``, by name."""
    specs = {"phase_diagram": phase_diagram_spec()}
    for N in SCALING_SIZES:
        specs[f"scaling_N{N}"] = scaling_spec(N)
    return specs
