"""The landscape F(s) of a kernel network and its derivatives.

For a kernel network the landscape is

    F(s) = (1/N) sum_i s_i h_i(s) = (1/N) sum_mu c_mu(s) k_mu(s),

with kernel values ``k_mu(s) = exp(-gamma |s - xi_mu|^2)`` and
``c_mu(s) = sum_i A[mu, i] s_i``. Stored patterns are its peaks (the
energy is ``E = -F``). F is defined on the hypercube and, by the same
formula, on its continuous relaxation ``s`` in R^N, where it has the
closed-form gradient and Laplacian below. All functions take a batch of
states ``S`` of shape (B, N) with real entries and use the unscaled
fields, so values far from every pattern may underflow to zero when
``gamma N`` is large.
"""

import numpy as np

from ._validation import check_bipolar, check_count, check_finite_array
from .kernels import rbf_kernel, squared_distances
from .networks import KernelNetwork
from .patterns import flip_bits


def _check_kernel_network(network):
    if not isinstance(network, KernelNetwork):
        raise TypeError(
            f"network must be a KernelNetwork, got {type(network).__name__}."
        )


def _check_states(network, S):
    _check_kernel_network(network)
    S = check_finite_array(S, "S")
    S = np.atleast_2d(S)
    if S.ndim != 2 or S.shape[1] != network.N:
        raise ValueError(
            f"S must have shape (B, {network.N}) or ({network.N},), got {S.shape}."
        )
    return S


def _parts(network, S):
    """Return kernel values k (B, P) and projections c = S A^T (B, P)."""
    return rbf_kernel(S, network.X, network.gamma), S @ network.A.T


def landscape(network, S):
    """Return ``F(s) = (1/N) sum_i s_i h_i(s)`` for each state.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    S : array_like, shape (B, N) or (N,)
        States, on the hypercube or in its continuous relaxation.

    Returns
    -------
    ndarray, shape (B,)
    """
    S = _check_states(network, S)
    k, c = _parts(network, S)
    return np.sum(k * c, axis=1) / network.N


def landscape_gradient(network, S):
    """Return the gradient of F and its two terms ``h(s)`` and ``J(s)^T s``.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    S : array_like, shape (B, N) or (N,)
        States.

    Returns
    -------
    gradient : ndarray, shape (B, N)
        ``grad F = (h + J^T s) / N``.
    h : ndarray, shape (B, N)
        Local fields (the explicit dependence on ``s``).
    Jts : ndarray, shape (B, N)
        ``J(s)^T s`` with ``J = dh/ds``: the change of the fields
        themselves. For pattern ``nu`` at ``s = xi_nu`` its own term
        vanishes because ``k_nu`` is stationary there.

    Notes
    -----
    ``(J^T s)_j = -2 gamma sum_mu c_mu k_mu (s_j - xi_mu_j)``.
    """
    S = _check_states(network, S)
    k, c = _parts(network, S)
    h = k @ network.A
    ck = c * k
    Jts = -2.0 * network.gamma * (ck.sum(axis=1)[:, None] * S - ck @ network.X)
    return (h + Jts) / network.N, h, Jts


def landscape_laplacian(network, S):
    """Return the Laplacian of F at each state.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    S : array_like, shape (B, N) or (N,)
        States.

    Returns
    -------
    ndarray, shape (B,)

    Notes
    -----
    With ``e_mu = A[mu] . xi_mu`` and ``d_mu = |s - xi_mu|^2``,

        Lap F = (1/N) sum_mu k_mu [ -4 gamma (c_mu - e_mu)
                                    + c_mu (4 gamma^2 d_mu - 2 gamma N) ].
    """
    S = _check_states(network, S)
    k, c = _parts(network, S)
    gamma, N = network.gamma, network.N
    e = np.sum(network.A * network.X, axis=1)
    d = squared_distances(S, network.X)
    terms = -4.0 * gamma * (c - e) + c * (4.0 * gamma**2 * d - 2.0 * gamma * N)
    return np.sum(k * terms, axis=1) / N


def hamming_profile(network, pattern, distances, n_samples=20, rng=None):
    """Return the mean and spread of F at given Hamming distances from a state.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    pattern : array_like, shape (N,)
        Centre with entries ±1, usually a stored pattern.
    distances : int or array_like of int
        Numbers of flipped bits, each an integer in [0, N].
    n_samples : int, default 20
        Random states per distance, >= 1.
    rng : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    mean, std : ndarray, shape (len(distances),)
    """
    _check_kernel_network(network)
    pattern = check_bipolar(pattern, "pattern", ndim=1)
    if pattern.size != network.N:
        raise ValueError(
            f"pattern has {pattern.size} entries but the network has N = {network.N}."
        )
    distances = _check_distances(distances, network.N)
    n_samples = check_count(n_samples, "n_samples")
    rng = np.random.default_rng(rng)
    means, stds = [], []
    for k in distances:
        states = flip_bits(np.tile(pattern, (n_samples, 1)), int(k), rng)
        values = landscape(network, states)
        means.append(values.mean())
        stds.append(values.std())
    return np.array(means), np.array(stds)


def _check_distances(distances, N):
    """Return Hamming distances as a non-empty 1-D int array with entries in [0, N]."""
    values = np.atleast_1d(check_finite_array(distances, "distances"))
    if values.ndim != 1:
        raise ValueError(
            f"distances must be an integer or a 1-D list of integers, "
            f"got shape {values.shape}."
        )
    if np.any(values != np.round(values)):
        raise ValueError(
            f"distances must be whole numbers of flipped bits, got {values}."
        )
    if np.any(values < 0) or np.any(values > N):
        raise ValueError(f"distances must lie in [0, N] = [0, {N}], got {values}.")
    return values.astype(int)


def path_profile(network, start, end, n_points=51):
    """Return F along the straight segment from ``start`` to ``end``.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    start, end : array_like, shape (N,)
        Finite end points, usually two stored patterns.
    n_points : int, default 51
        Points on the segment, including both ends, >= 2.

    Returns
    -------
    t : ndarray, shape (n_points,)
        Position along the segment, from 0 at ``start`` to 1 at ``end``.
    F : ndarray, shape (n_points,)
    """
    _check_kernel_network(network)
    n_points = check_count(n_points, "n_points", minimum=2)
    start = _check_end_point(network, start, "start")
    end = _check_end_point(network, end, "end")
    t = np.linspace(0.0, 1.0, n_points)
    S = (1 - t)[:, None] * start[None, :] + t[:, None] * end[None, :]
    return t, landscape(network, S)


def _check_end_point(network, point, name):
    point = check_finite_array(point, name, ndim=1)
    if point.size != network.N:
        raise ValueError(
            f"{name} has {point.size} entries but the network has N = {network.N}."
        )
    return point
