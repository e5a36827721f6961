"""Robustness measured by recall: success at a flip fraction and basin radius.

A trial starts from a stored pattern with ``round(f N)`` bits flipped and
runs synchronous recall. It succeeds only when the final state equals the
pattern exactly.
"""

from dataclasses import dataclass

import numpy as np

from ._validation import (
    check_count,
    check_fraction,
    check_grid,
    check_network,
    check_patterns,
)
from .dynamics import recall
from .patterns import corrupt


@dataclass
class RecallTest:
    """Outcome of recall trials from corrupted patterns.

    Attributes
    ----------
    success : ndarray of bool, shape (P, n_trials)
        Exact recall of pattern ``mu`` in trial ``k``.
    final_overlap : ndarray, shape (P, n_trials)
        Overlap of the final state with its pattern.
    status : ndarray of str, shape (P, n_trials)
        How each run ended (see :class:`~kernel_hopfield.dynamics.RecallResult`).
    """

    success: np.ndarray
    final_overlap: np.ndarray
    status: np.ndarray

    @property
    def success_rate(self):
        """Fraction of successful trials."""
        return float(self.success.mean())


def _check_network_patterns(network, X):
    check_network(network)
    X = check_patterns(X)
    if X.shape[1] != network.N:
        raise ValueError(
            f"X has N = {X.shape[1]} neurons but the network has N = {network.N}."
        )
    return X


def recall_test(network, X, f, n_trials=1, max_steps=30, rng=None):
    """Recall every pattern from ``n_trials`` independently corrupted cues.

    Parameters
    ----------
    network : LinearNetwork or KernelNetwork
        Trained network.
    X : array_like, shape (P, N)
        Patterns to test, usually the stored ones.
    f : float
        Flip fraction in [0, 1]; initial overlap ``m0 = 1 - 2 f``.
    n_trials : int, default 1
        Cues per pattern.
    max_steps : int, default 30
        Step limit of synchronous recall.
    rng : int, numpy.random.Generator or None
        Seed or generator for the flipped bits.

    Returns
    -------
    RecallTest
    """
    X = _check_network_patterns(network, X)
    f = check_fraction(f, "f")
    n_trials = check_count(n_trials, "n_trials")
    rng = np.random.default_rng(rng)

    targets = np.repeat(X, n_trials, axis=0)
    result = recall(network, corrupt(targets, f, rng), max_steps=max_steps)
    shape = (X.shape[0], n_trials)
    success = np.all(result.states == targets, axis=1)
    overlap = np.einsum("bn,bn->b", result.states, targets) / X.shape[1]
    return RecallTest(
        success.reshape(shape), overlap.reshape(shape), result.status.reshape(shape)
    )


def recall_success(network, X, f, n_trials=1, max_steps=30, rng=None):
    """Return the fraction of exact recalls from cues with flip fraction ``f``.

    See :func:`recall_test` for the parameters.
    """
    return recall_test(network, X, f, n_trials, max_steps, rng).success_rate


def basin_radius(
    network, X, flip_fractions=None, threshold=0.9, n_trials=10, max_steps=30, rng=None
):
    """Return each pattern's basin radius as a flip fraction.

    The radius of pattern ``mu`` is the largest ``f`` in ``flip_fractions``
    such that recall succeeds in at least ``threshold`` of the trials at
    ``f`` and at every smaller ``f`` of the grid. It is 0 when even the
    smallest grid value fails, which includes a pattern that is not a
    fixed point when the grid starts at 0.

    Parameters
    ----------
    network : LinearNetwork or KernelNetwork
        Trained network.
    X : array_like, shape (P, N)
        Patterns to test.
    flip_fractions : array_like, optional
        Strictly increasing, finite grid in [0, 1]; default
        ``0, 1/N, 2/N, ..., 1/2``.
    threshold : float, default 0.9
        Required success fraction, in [0, 1].
    n_trials : int, default 10
        Cues per pattern and grid value.
    max_steps : int, default 30
        Step limit of synchronous recall.
    rng : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    ndarray, shape (P,)
    """
    X = _check_network_patterns(network, X)
    N = X.shape[1]
    if flip_fractions is None:
        flip_fractions = np.arange(N // 2 + 1) / N
    grid = check_grid(flip_fractions, "flip_fractions", low=0.0, high=1.0)
    threshold = check_fraction(threshold, "threshold")
    check_count(n_trials, "n_trials")
    check_count(max_steps, "max_steps")
    rng = np.random.default_rng(rng)

    # Grid values above the first failure cannot change the radius, so the
    # scan stops once every pattern has failed.
    passed = np.ones(X.shape[0], dtype=bool)
    radius = np.zeros(X.shape[0])
    for f in grid:
        rate = recall_test(network, X, f, n_trials, max_steps, rng).success.mean(axis=1)
        passed &= rate >= threshold
        if not passed.any():
            break
        radius[passed] = f
    return radius
