"""Pinnacle Sharpness and other readings of how sharp a stored pattern's peak is.

Every stored pattern ``xi`` is a peak of the landscape ``F(s)`` of
:mod:`kernel_hopfield.landscape`. The article names a metric of that peak,
Pinnacle Sharpness, without a formula available to us, so this module
defines one main reading and three alternatives, all evaluated at the
stored patterns:

``sharpness`` (main)
    ``PS = -Lap F(xi) / (2 gamma N F(xi))``: the mean curvature of the
    landscape over the N coordinate directions, divided by the height of the
    peak, in units of ``2 gamma``. A single isolated pattern has ``PS = 1``
    for every gamma, so ``PS > 1`` means the other patterns sharpen the
    peak and ``PS < 1`` means they blunt it.
``height``
    ``F(xi) = (1/N) sum_i xi_i h_i(xi)``: the mean aligned field.
``drop``
    ``1 - mean F(xi with k bits flipped) / F(xi)``: the relative fall of the
    landscape on the hypercube, exact over all single flips for ``k = 1``.
``margin``
    ``min_i xi_i h_i(xi) / sqrt(a_i^T K a_i)``: the smallest aligned field
    over neurons, each divided by the norm of that neuron's field in the
    kernel's function space (the margin of Gardner's perceptron analysis).

Recall uses only the signs of the fields, which do not change when every
coefficient is multiplied by the same ``c > 0``. Under that scaling
``height`` is multiplied by ``c`` (for KLR the regularisation ``lam`` fixes
the scale), while ``sharpness``, ``drop`` and ``margin`` are unchanged.
The three relative readings are NaN for a pattern whose height is not
positive, because a point below zero is no pinnacle.
"""

import numpy as np

from ._validation import check_count
from .kernels import gram_matrix
from .landscape import _check_kernel_network, landscape, landscape_laplacian
from .measures import _check_network_patterns
from .patterns import flip_bits

READINGS = ("sharpness", "height", "drop", "margin")

# Largest number of state entries (states x N) evaluated at once by flip_drop.
_FLIP_BATCH_ENTRIES = 4_000_000


def _relative(numerator, height):
    """Return ``numerator / height`` where the height is positive, else NaN."""
    out = np.full(height.shape, np.nan)
    np.divide(numerator, height, out=out, where=height > 0)
    return out


def height(network, X):
    """Return the height ``F(xi)`` of the landscape at each pattern.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    X : array_like, shape (P, N)
        Patterns, usually the stored ones.

    Returns
    -------
    ndarray, shape (P,)
        Mean aligned field ``(1/N) sum_i xi_i h_i(xi)``. Multiplying every
        coefficient by ``c > 0`` multiplies it by ``c``.
    """
    _check_kernel_network(network)
    X = _check_network_patterns(network, X)
    return landscape(network, X)


def pinnacle_sharpness(network, X):
    """Return the Pinnacle Sharpness ``-Lap F(xi) / (2 gamma N F(xi))``.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    X : array_like, shape (P, N)
        Patterns, usually the stored ones.

    Returns
    -------
    ndarray, shape (P,)
        Mean curvature per direction relative to the height, in units of
        ``2 gamma``: 1 for an isolated pattern, NaN where ``F(xi) <= 0``.
        Invariant when every coefficient is multiplied by ``c > 0``.
    """
    _check_kernel_network(network)
    X = _check_network_patterns(network, X)
    curvature = -landscape_laplacian(network, X) / network.N
    return _relative(curvature, 2.0 * network.gamma * landscape(network, X))


def flip_drop(network, X, k=1, n_samples=20, rng=None):
    """Return the relative drop of the landscape when ``k`` bits are flipped.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    X : array_like, shape (P, N)
        Patterns, usually the stored ones.
    k : int, default 1
        Number of flipped bits, in [1, N].
    n_samples : int, default 20
        Random flipped states per pattern when ``k > 1``. For ``k = 1`` all
        N single flips are used and the result is exact.
    rng : int, numpy.random.Generator or None
        Seed or generator, used only when ``k > 1``.

    Returns
    -------
    ndarray, shape (P,)
        ``1 - mean F(flipped) / F(xi)``, NaN where ``F(xi) <= 0``. Invariant
        when every coefficient is multiplied by ``c > 0``.
    """
    _check_kernel_network(network)
    X = _check_network_patterns(network, X)
    P, N = X.shape
    k = check_count(k, "k")
    if k > N:
        raise ValueError(f"k must be at most N = {N} flipped bits, got {k}.")

    if k == 1:
        values = _single_flip_landscape(network, X)
    else:
        n_samples = check_count(n_samples, "n_samples")
        rng = np.random.default_rng(rng)
        flipped = flip_bits(np.repeat(X, n_samples, axis=0), k, rng)
        values = landscape(network, flipped).reshape(P, -1)
    peak = landscape(network, X)
    return 1.0 - _relative(values.mean(axis=1), peak)


def _single_flip_landscape(network, X):
    """Return F at every single flip of every pattern, shape (P, N).

    Patterns are processed in batches of at most ``_FLIP_BATCH_ENTRIES``
    state entries, so memory stays O(P N + batch) instead of O(P N^2).
    """
    P, N = X.shape
    batch = max(1, _FLIP_BATCH_ENTRIES // (N * N))
    values = np.empty((P, N))
    for start in range(0, P, batch):
        part = X[start : start + batch]
        flipped = np.repeat(part[:, None, :], N, axis=1)
        flipped[:, np.arange(N), np.arange(N)] *= -1
        values[start : start + batch] = landscape(
            network, flipped.reshape(-1, N)
        ).reshape(part.shape[0], N)
    return values


def rkhs_margin(network, X):
    """Return the smallest normalised aligned field over neurons at each pattern.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    X : array_like, shape (P, N)
        Patterns, usually the stored ones.

    Returns
    -------
    ndarray, shape (P,)
        ``min_i xi_i h_i(xi) / sqrt(a_i^T K a_i)`` with ``K`` the Gram matrix of
        the stored patterns. Neurons whose coefficients are all zero have no
        field and are left out. Invariant when every coefficient is
        multiplied by ``c > 0``. A negative value means some neuron has the
        wrong sign at that pattern.
    """
    _check_kernel_network(network)
    X = _check_network_patterns(network, X)
    K = gram_matrix(network.X, network.gamma)
    norms = np.sqrt(np.maximum(np.sum((K @ network.A) * network.A, axis=0), 0.0))
    aligned = X * network.fields(X, scaled=False)
    active = norms > 0
    if not active.any():
        return np.full(X.shape[0], np.nan)
    return np.min(aligned[:, active] / norms[active], axis=1)


def sharpness_readings(network, X):
    """Return every reading of :data:`READINGS` at each pattern.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    X : array_like, shape (P, N)
        Patterns, usually the stored ones.

    Returns
    -------
    dict of str to ndarray, shape (P,)
        The single-flip ``drop`` (exact, no sampling).
    """
    return {
        "sharpness": pinnacle_sharpness(network, X),
        "height": height(network, X),
        "drop": flip_drop(network, X, k=1),
        "margin": rkhs_margin(network, X),
    }
