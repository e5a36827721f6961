"""Quantities a sweep measures in one (seed, load, gamma) cell.

A cell draws ``P`` patterns from a generator seeded by ``(seed, P)``,
trains KLR on them, and measures one of two sets of quantities:

``stability``
    The sharpness readings, recall success at flip fraction ``f``, basin
    radius and the fraction of fixed points, on the first ``n_test``
    patterns.
``mechanism``
    Force statistics under both splits, over all stored patterns, and
    spectral summaries of the Gram matrix, the neuron-averaged Hessian and
    the effective weights.

Every value is a plain float, so a cell's result is one row of numbers.
"""

import numpy as np

from ._validation import check_count, check_positive
from ._stats import finite_mean
from .forces import SPLITS, force_statistics, split_forces
from .learning import train_klr, train_klr_gd
from .measures import basin_radius, recall_test
from .patterns import random_patterns
from .sharpness import READINGS, sharpness_readings
from .spectra import (
    concentration,
    gram_spectrum,
    hessian_spectrum,
    participation_ratio,
    weight_singular_values,
)

_FORCE_FIELDS = ("corr_neurons", "corr_patterns", "dominance", "mean_direct", "mean_indirect")

METRICS = {
    "stability": READINGS + ("recall", "basin", "fixed_points", "converged", "residual"),
    "mechanism": tuple(f"{split}_{name}" for split in SPLITS for name in _FORCE_FIELDS)
    + (
        "gram_lmax",
        "gram_concentration",
        "hessian_lmax",
        "hessian_concentration",
        "hessian_rank",
        "weights_concentration",
        "height",
        "converged",
        "residual",
    ),
}

KINDS = tuple(METRICS)
SOLVERS = ("newton", "gd")


def _check_spec(spec):
    # Imported here because kernel_hopfield.sweep imports this module.
    from .sweep import SweepSpec

    if not isinstance(spec, SweepSpec):
        raise TypeError(f"spec must be a SweepSpec, got {type(spec).__name__}.")


def _check_cell(seed, P, gamma=None):
    check_count(seed, "seed", minimum=0)
    check_count(P, "P")
    if gamma is not None:
        check_positive(gamma, "gamma")


def cell_patterns(spec, seed, P):
    """Return the cell's patterns, drawn from a generator seeded by ``(seed, P)``."""
    _check_spec(spec)
    _check_cell(seed, P)
    return random_patterns(P, spec.N, np.random.default_rng([seed, P]))


def cell_rng(seed, P, gamma):
    """Return the cell's generator for recall cues, seeded by ``(seed, P, gamma)``."""
    _check_cell(seed, P, gamma)
    bits = int(np.float64(gamma).view(np.uint64))
    return np.random.default_rng([seed, P, bits])


def train_cell(spec, X, gamma):
    """Train KLR with the spec's solver and return the :class:`KLRResult`."""
    _check_spec(spec)
    if spec.solver == "gd":
        return train_klr_gd(X, gamma, spec.lam, spec.eta, spec.epochs)
    return train_klr(X, gamma, spec.lam)


def _stability(spec, network, X, rng):
    test = X[: spec.n_test]
    readings = sharpness_readings(network, test)
    recall = recall_test(network, test, spec.f, spec.n_trials, spec.max_steps, rng)
    radius = basin_radius(
        network, test, None, spec.threshold, spec.n_trials, spec.max_steps, rng
    )
    fixed = recall_test(network, test, 0.0, 1, 1, rng).success

    values = [finite_mean(readings[name]) for name in READINGS]
    return values + [recall.success_rate, float(radius.mean()), float(fixed.mean())]


def _mechanism(spec, network):
    values = []
    for split in SPLITS:
        statistics = force_statistics(*split_forces(network, split))
        values += [float(getattr(statistics, name)) for name in _FORCE_FIELDS]

    gram = gram_spectrum(network)
    hessian = hessian_spectrum(network, spec.lam)
    singular = weight_singular_values(network)
    values += [
        float(gram[0]),
        float(concentration(gram)),
        float(hessian[0]),
        float(concentration(hessian)),
        float(participation_ratio(hessian)),
        float(concentration(singular)),
        finite_mean(sharpness_readings(network, network.X)["height"]),
    ]
    return values


def compute_cell(spec, seed, P, gamma):
    """Train one cell and return its metrics in the order of ``METRICS[spec.kind]``.

    Parameters
    ----------
    spec : SweepSpec
        Sweep parameters.
    seed : int
        Seed of the pattern draw.
    P : int
        Number of patterns.
    gamma : float
        Kernel width.

    Returns
    -------
    ndarray, shape (len(METRICS[spec.kind]),)
        All NaN except ``converged`` and ``residual`` when training diverged.
    """
    _check_spec(spec)
    _check_cell(seed, P, gamma)
    X = cell_patterns(spec, seed, P)
    result = train_cell(spec, X, gamma)
    names = METRICS[spec.kind]
    tail = [float(result.converged), float(result.residual_history[-1])]
    if result.network is None:
        return np.array([np.nan] * (len(names) - 2) + tail)

    if spec.kind == "stability":
        values = _stability(spec, result.network, X, cell_rng(seed, P, gamma))
    else:
        values = _mechanism(spec, result.network)
    return np.array(values + tail)
