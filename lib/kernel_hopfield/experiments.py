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

# Network sizes of the capacity-scaling test.
CAPACITY_SIZES = (50, 100, 200, 400)

# Values of gamma N of the capacity-scaling test: half, once and twice the
# article's ridge at gamma N = 1.
CAPACITY_GAMMA_N = (0.5, 1.0, 2.0)

# Loads of the capacity-scaling test: steps of 0.2 up to P/N = 2, where the
# two wider kernels stop recalling, then steps of 0.5 up to 8, past the
# failure of gamma N = 2. Every load is a multiple of 1/50, so P = load N
# exactly at every size.
CAPACITY_LOADS = tuple(round(0.2 * k, 1) for k in range(1, 11)) + tuple(
    round(0.5 * k, 1) for k in range(5, 17)
)

# Training time grows roughly as P^2 N, so at N = 400 four loads between 2 and 6
# are left out. The capacity chapter checks that its capacities at N = 400 lie
# where this grid is as fine as the full one.
CAPACITY_LOADS_THIN = tuple(
    load
    for load in CAPACITY_LOADS
    if load <= 2.0 or load in (3.0, 4.0, 5.0) or load >= 6.0
)


def phase_diagram_spec():
    """Return the author's 30 x 30 grid at N = 50, over the book's five seeds."""
    return SweepSpec(N=50, loads=author_loads(), gammas=author_gammas(), seeds=BOOK_SEEDS)


def scaling_spec(N):
    """Return the ridge-scaling sweep at ``N`` neurons, on a grid of gamma N."""
    gammas = tuple(value / N for value in SCALING_GAMMA_N)
    return SweepSpec(N=N, loads=SCALING_LOADS, gammas=gammas, seeds=BOOK_SEEDS[:3])


def capacity_spec(N):
    """Return the capacity-scaling sweep at ``N`` neurons.

    Recall from flip fraction 0.1 against load, at the widths
    ``gamma = gamma N / N`` of :data:`CAPACITY_GAMMA_N`, over three seeds.
    Sizes above 200 use the thinned grid :data:`CAPACITY_LOADS_THIN`.
    """
    loads = CAPACITY_LOADS if N <= 200 else CAPACITY_LOADS_THIN
    gammas = tuple(value / N for value in CAPACITY_GAMMA_N)
    return SweepSpec(N=N, loads=loads, gammas=gammas, seeds=BOOK_SEEDS[:3])


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
    for N in CAPACITY_SIZES:
        specs[f"capacity_N{N}"] = capacity_spec(N)
    return specs


def book_sweep(name, workers=None, scheduler=None):
    """Return a book sweep by name, loaded from ``data/`` or computed and stored.

    Parameters
    ----------
    name : str
        One of the keys of :func:`book_specs`.
    workers : int, optional
        Local worker processes if the sweep must be computed.
    scheduler : str or distributed.Client, optional
        Dask scheduler address or client that computes the sweep instead of
        local processes (see :func:`kernel_hopfield.sweep.compute_sweep`).

    Returns
    -------
    SweepResult
    """
    specs = book_specs()
    if name not in specs:
        raise ValueError(f"unknown book sweep {name!r}; choose one of {sorted(specs)}.")
    return run_sweep(specs[name], DATA_DIR, workers, desc=name, scheduler=scheduler)
