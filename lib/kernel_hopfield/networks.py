"""Networks as local-field maps: linear (Hebbian-type) and kernel.

A network maps a state ``s`` in {-1, +1}^N to local fields ``h(s)``; the
recall dynamics in :mod:`kernel_hopfield.dynamics` only use the signs of
``h``. Both network types expose the same interface: ``N``, ``fields(S)``
and ``neuron_fields(S, j)``.
"""

import numpy as np

from ._validation import (
    check_finite_array,
    check_flag,
    check_neuron_indices,
    check_patterns,
    check_positive,
    check_states,
)
from .kernels import log_rbf_kernel


def _check_neuron_query(S, j, N):
    """Return a (B, N) batch of ±1 states and its B neuron indices, checked."""
    S, single = check_states(S, N)
    if single:
        raise ValueError(
            f"S must be a batch of shape (B, {N}), one state per neuron index, "
            f"got shape {S.shape[1:]}."
        )
    return S, check_neuron_indices(j, S.shape[0], N)


class LinearNetwork:
    """A network with linear fields ``h(s) = W s``, where ``W = scale * weights``.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weight matrix; ``W[i, j]`` is the weight from neuron j to neuron i.
    scale : float, default 1.0
        Positive factor applied after the fields are summed. Integer
        weights with ``scale = 1/N`` (the Hebbian rule) give fields that are
        exact multiples of ``1/N``, so a tie ``h = 0`` is exactly zero
        instead of a round-off of either sign.
    """

    def __init__(self, W, scale=1.0):
        W = check_finite_array(W, "W")
        if W.ndim != 2 or W.shape[0] != W.shape[1] or W.shape[0] < 2:
            raise ValueError(f"W must be a square N x N matrix with N >= 2, got {W.shape}.")
        self.weights = W
        self.scale = check_positive(scale, "scale")

    @property
    def W(self):
        """Coupling matrix ``scale * weights``, shape (N, N)."""
        return self.scale * self.weights

    @property
    def N(self):
        """Number of neurons."""
        return self.weights.shape[0]

    def fields(self, S):
        """Return the local fields ``h = S W^T`` of states of shape (B, N) or (N,)."""
        S, single = check_states(S, self.N)
        H = (S @ self.weights.T) * self.scale
        return H[0] if single else H

    def neuron_fields(self, S, j):
        """Return the field of neuron ``j[b]`` in state ``S[b]``, shape (B,).

        ``S`` has shape (B, N) with entries ±1 and ``j`` contains B integer
        neuron indices in [0, N).
        """
        S, j = _check_neuron_query(S, j, self.N)
        return np.einsum("bk,bk->b", self.weights[j], S) * self.scale


class KernelNetwork:
    """A kernel network with fields ``h_i(s) = sum_mu A[mu, i] K(s, xi_mu)``.

    Parameters
    ----------
    X : array_like, shape (P, N)
        Stored patterns with entries ±1.
    A : array_like, shape (P, N)
        Dual coefficients; column ``i`` belongs to neuron ``i``.
    gamma : float
        Width of the RBF kernel ``K(x, y) = exp(-gamma |x - y|^2)``, > 0.

    Notes
    -----
    By default :meth:`fields` returns ``h(s) exp(gamma d_min(s)^2)``, where
    ``d_min(s)`` is the distance from ``s`` to the nearest pattern. The
    factor is positive, so the signs, and hence the dynamics, are those of
    ``h``, but the nearest pattern's kernel value is 1 and the fields do
    not underflow to exactly zero when ``gamma N`` is large.
    """

    def __init__(self, X, A, gamma):
        self.X = check_patterns(X)
        self.A = check_finite_array(A, "A", shape=self.X.shape)
        self.gamma = check_positive(gamma, "gamma")

    @property
    def N(self):
        """Number of neurons."""
        return self.X.shape[1]

    @property
    def P(self):
        """Number of stored patterns."""
        return self.X.shape[0]

    def _weights(self, S, scaled):
        logk = log_rbf_kernel(S, self.X, self.gamma)
        if scaled:
            logk -= logk.max(axis=1, keepdims=True)
        return np.exp(logk)

    def fields(self, S, scaled=True):
        """Return local fields of states of shape (B, N) or (N,).

        Parameters
        ----------
        S : array_like, shape (B, N) or (N,)
            States with entries ±1.
        scaled : bool, default True
            If True, divide each state's fields by its largest kernel value
            (a positive factor) so that they cannot underflow to zero. If
            False, return the fields ``h(s)`` themselves.

        Returns
        -------
        ndarray, same leading shape as ``S``
        """
        S, single = check_states(S, self.N)
        scaled = check_flag(scaled, "scaled")
        H = self._weights(S, scaled) @ self.A
        return H[0] if single else H

    def neuron_fields(self, S, j):
        """Return the scaled field of neuron ``j[b]`` in state ``S[b]``, shape (B,).

        ``S`` has shape (B, N) with entries ±1 and ``j`` contains B integer
        neuron indices in [0, N).
        """
        S, j = _check_neuron_query(S, j, self.N)
        return np.einsum("bm,mb->b", self._weights(S, True), self.A[:, j])
