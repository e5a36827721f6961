"""The sweeps behind the book's phase-diagram chapters, in one place.

Chapters and the ``kernel-hopfield-sweep --book`` command build their
specs here, so a chapter loads exactly the file the command stored.
"""

from pathlib import Path

import numpy as np

from .sweep import SweepSpec, author_gammas, author_loads, run_sweep

# The repository's data/ directory; the library is installed in editable
# mode from lib/, two levels below the repository root.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"

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


def mechanism_spec(solver):
    """Return force and spectrum measurements on the author's grid at N = 50.

    Parameters
    ----------
    solver : {"newton", "gd"}
        Converged training, or the author's 300 epochs of gradient descent
        at learning rate 0.1.
    """
    return SweepSpec(
        N=50, loads=author_loads(), gammas=author_gammas(), seeds=BOOK_SEEDS[:3],
        kind="mechanism", solver=solver,
    )


def book_specs():
    """Return every sweep the book stores in ``data/``, by name."""
    specs = {"phase_diagram": phase_diagram_spec()}
    for N in SCALING_SIZES:
        specs[f"scaling_N{N}"] = scaling_spec(N)
    specs["mechanism_newton"] = mechanism_spec("newton")
    specs["mechanism_gd"] = mechanism_spec("gd")
    return specs


def book_sweep(name, workers=None):
    """Return a book sweep by name, loaded from ``data/`` or computed and stored.

    Parameters
    ----------
    name : str
        One of the keys of :func:`book_specs`.
    workers : int, optional
        Worker processes if the sweep must be computed.

    Returns
    -------
    SweepResult
    """
    specs = book_specs()
    if name not in specs:
        raise ValueError(f"unknown book sweep {name!r}; choose one of {sorted(specs)}.")
    return run_sweep(specs[name], DATA_DIR, workers, desc=name)
