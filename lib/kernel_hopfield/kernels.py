"""Gaussian (RBF) kernels between states and patterns.

For states and patterns the kernel is ``K(x, y) = exp(-gamma |x - y|^2)``
with ``gamma`` not divided by N. For ±1 vectors ``|x - y|^2 = 2N - 2 x.y``,
so ``K(x, y) = exp(-2 gamma N) exp(2 gamma x.y)``: an exponential function
of the overlap, as in dense associative memories.

The squared distances are computed from inner products, which are exact
integers for ±1 vectors. For large ``gamma N`` off-diagonal kernel values
underflow to zero; :func:`log_rbf_kernel` gives the exponent itself so
that callers can rescale before exponentiating.
"""

import numpy as np

from ._validation import check_finite_array, check_patterns, check_positive


def squared_distances(S, X):
    """Return ``|s - x|^2`` for every row ``s`` of ``S`` and ``x`` of ``X``.

    Parameters
    ----------
    S : array_like, shape (B, N)
        States (any real values: the continuous relaxation is allowed).
    X : array_like, shape (P, N)
        Patterns.

    Returns
    -------
    ndarray, shape (B, P)
        Non-negative; round-off below zero is clipped.

    Raises
    ------
    ValueError
        If ``S`` or ``X`` is empty, not 2-D, not finite, or their numbers of
        columns differ.
    """
    S, X = _check_state_pattern_pair(S, X, minimum_columns=1)
    return _squared_distances(S, X)


def _squared_distances(S, X):
    cross = S @ X.T
    d2 = np.sum(S * S, axis=1)[:, None] + np.sum(X * X, axis=1)[None, :] - 2 * cross
    return np.maximum(d2, 0.0)


def _check_state_pattern_pair(S, X, minimum_columns):
    """Return ``S`` and ``X`` as finite, non-empty 2-D float arrays of equal width."""
    S = check_finite_array(S, "S", ndim=2)
    X = check_finite_array(X, "X", ndim=2)
    if S.shape[1] != X.shape[1]:
        raise ValueError(
            f"S and X must have equal numbers of columns, got {S.shape} and {X.shape}."
        )
    if S.shape[1] < minimum_columns:
        raise ValueError(
            f"S and X have N = {S.shape[1]} columns; the kernel of a network "
            f"needs N >= {minimum_columns}."
        )
    return S, X


def log_rbf_kernel(S, X, gamma):
    """Return ``log K(s, x) = -gamma |s - x|^2`` for all pairs.

    Parameters
    ----------
    S : array_like, shape (B, N)
        States.
    X : array_like, shape (P, N)
        Patterns.
    gamma : float
        Kernel width parameter, > 0.

    Returns
    -------
    ndarray, shape (B, P)

    Raises
    ------
    ValueError
        If ``gamma`` is not finite and positive, or ``S`` and ``X`` are not
        finite, non-empty 2-D arrays with the same number N >= 2 of columns.
    """
    gamma = check_positive(gamma, "gamma")
    S, X = _check_state_pattern_pair(S, X, minimum_columns=2)
    return -gamma * _squared_distances(S, X)


def rbf_kernel(S, X, gamma):
    """Return the cross-kernel matrix ``K[b, mu] = exp(-gamma |s_b - x_mu|^2)``.

    Parameters
    ----------
    S : array_like, shape (B, N)
        States.
    X : array_like, shape (P, N)
        Patterns.
    gamma : float
        Kernel width parameter, > 0.

    Returns
    -------
    ndarray, shape (B, P)
        Entries in (0, 1]; entries may underflow to 0 when ``gamma N`` is
        large. Use :func:`log_rbf_kernel` when that matters.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, -1.0, 1.0]])
    >>> float(rbf_kernel(x, x, 0.5)[0, 0])
    1.0
    """
    return np.exp(log_rbf_kernel(S, X, gamma))


def gram_matrix(X, gamma):
    """Return the P x P Gram matrix ``K[mu, nu] = K(xi_mu, xi_nu)`` of patterns.

    Parameters
    ----------
    X : array_like, shape (P, N)
        Patterns with entries ±1.
    gamma : float
        Kernel width parameter, > 0.

    Returns
    -------
    K : ndarray, shape (P, P)
        Symmetric, positive semi-definite, unit diagonal, trace P.

    Notes
    -----
    For ±1 patterns ``K[mu, nu] = exp(-2 gamma (N - xi_mu . xi_nu))``.
    """
    X = check_patterns(X)
    gamma = check_positive(gamma, "gamma")
    N = X.shape[1]
    K = np.exp(-2.0 * gamma * (N - X @ X.T))
    np.fill_diagonal(K, 1.0)
    return K
