"""Spectra of a trained kernel network and spectral surgery on its coefficients.

Four spectra describe the weights of a KLR network:

- the Gram matrix ``K`` (trace P);
- the Fisher information of neuron ``i``, ``G_i = K D_i K`` with
  ``D_i = diag(p_i (1 - p_i))`` and ``p_i = sigmoid(K a_i)``;
- the Hessian of neuron ``i``'s loss, ``H_i = G_i + lam K``;
- the singular values of the effective N x N weight matrix ``A^T X``,
  which for ``gamma N << 1`` plays the part of a Hebbian coupling matrix.

All matrices here are symmetric positive semi-definite in exact arithmetic,
so round-off can only produce eigenvalues that are tiny in magnitude.
:func:`psd_eigenvalues` sets those to zero with a stated tolerance instead
of reporting negative noise, and rejects a matrix whose negative
eigenvalues exceed it.
"""

import numpy as np
from scipy.special import expit

from ._validation import (
    check_choice,
    check_count,
    check_flag,
    check_positive,
    check_real_array,
)
from .kernels import gram_matrix
from .networks import KernelNetwork
from .sharpness import _check_kernel_network


def psd_eigenvalues(M, rtol=None):
    """Return the eigenvalues of symmetric PSD matrices, largest first.

    Parameters
    ----------
    M : array_like, shape (..., n, n)
        Symmetric positive semi-definite matrices (a batch is allowed).
    rtol : float, optional
        Eigenvalues with magnitude at most ``rtol * max |eigenvalue|`` are
        round-off and are returned as exactly 0. Default ``n * eps``, with
        ``eps`` the float64 machine epsilon.

    Returns
    -------
    ndarray, shape (..., n)

    Raises
    ------
    ValueError
        If ``M`` is not square, not finite, not symmetric, or has a negative
        eigenvalue beyond the tolerance.
    """
    M = check_real_array(M, "M")
    if M.ndim < 2 or M.shape[-1] != M.shape[-2] or M.shape[-1] == 0:
        raise ValueError(f"M must be a non-empty square matrix, got shape {M.shape}.")
    if not np.all(np.isfinite(M)):
        raise ValueError("M contains NaN or infinite values.")
    n = M.shape[-1]
    scale = np.abs(M).max()
    if not np.allclose(M, np.swapaxes(M, -1, -2), rtol=0, atol=1e-10 * max(scale, 1e-300)):
        raise ValueError("M must be symmetric.")
    rtol = n * np.finfo(float).eps if rtol is None else check_positive(rtol, "rtol")

    values = np.linalg.eigvalsh(M)[..., ::-1]
    tolerance = rtol * np.abs(values).max(axis=-1, keepdims=True)
    if np.any(values < -tolerance):
        worst = float(values.min())
        raise ValueError(
            f"M is not positive semi-definite: eigenvalue {worst:.3g} is below "
            f"the round-off tolerance {float(tolerance.max()):.3g}."
        )
    return np.where(np.abs(values) <= tolerance, 0.0, values)


def gram_spectrum(network):
    """Return the eigenvalues of the Gram matrix of the stored patterns, largest first."""
    _check_kernel_network(network)
    return psd_eigenvalues(gram_matrix(network.X, network.gamma))


def _curvatures(network):
    K = gram_matrix(network.X, network.gamma)
    p = expit(K @ network.A)
    return K, p * (1.0 - p)


def fisher_spectra(network):
    """Return the eigenvalues of every neuron's Fisher information ``K D_i K``.

    Returns
    -------
    ndarray, shape (N, P)
        Row ``i`` contains neuron ``i``'s eigenvalues, largest first.
    """
    _check_kernel_network(network)
    K, D = _curvatures(network)
    return np.stack([psd_eigenvalues(K @ (d[:, None] * K)) for d in D.T])


def hessian_spectrum(network, lam, average=True):
    """Return eigenvalues of the KLR Hessian ``K D_i K + lam K``.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    lam : float
        Regularisation strength used in training, > 0.
    average : bool, default True
        If True, return the spectrum of the Hessian averaged over neurons,
        ``K mean(D_i) K + lam K``, shape (P,). If False, return every
        neuron's spectrum, shape (N, P).

    Returns
    -------
    ndarray
        Eigenvalues, largest first.
    """
    _check_kernel_network(network)
    lam = check_positive(lam, "lam")
    average = check_flag(average, "average")
    K, D = _curvatures(network)
    if average:
        return psd_eigenvalues(K @ (D.mean(axis=1)[:, None] * K) + lam * K)
    # One neuron at a time, so memory stays O(P^2) rather than O(P^2 N).
    return np.stack([psd_eigenvalues(K @ (d[:, None] * K) + lam * K) for d in D.T])


def weight_singular_values(network):
    """Return the singular values of the effective weight matrix ``A^T X``, largest first."""
    _check_kernel_network(network)
    return np.linalg.svd(network.A.T @ network.X, compute_uv=False)


def concentration(eigenvalues):
    """Return the spectral concentration ``lambda_max / sum(lambda)``.

    Parameters
    ----------
    eigenvalues : array_like, shape (..., n)
        Non-negative eigenvalues.

    Returns
    -------
    float or ndarray
        1 for a rank-1 spectrum and ``1/n`` for a flat one.
    """
    values = check_real_array(eigenvalues, "eigenvalues")
    if values.size == 0 or np.any(values < 0) or not np.all(np.isfinite(values)):
        raise ValueError("eigenvalues must be a non-empty array of finite values >= 0.")
    total = values.sum(axis=-1)
    if np.any(total <= 0):
        raise ValueError("eigenvalues must not all be zero.")
    return values.max(axis=-1) / total


def participation_ratio(eigenvalues):
    """Return the effective rank ``(sum lambda)^2 / sum lambda^2``, between 1 and n."""
    values = check_real_array(eigenvalues, "eigenvalues")
    concentration(values)
    return values.sum(axis=-1) ** 2 / np.sum(values**2, axis=-1)


def spectral_surgery(network, keep, modes=1):
    """Rebuild the coefficients from the leading Gram eigenmodes or without them.

    With ``K = U diag(lambda) U^T`` and ``Q`` the projector on the first
    ``modes`` eigenvectors, the new coefficients are ``Q A`` (keep the
    leading modes) or ``(I - Q) A`` (remove them). The kernel and the
    patterns are unchanged.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.
    keep : {"leading", "trailing"}
        Keep only the leading modes, or only the rest.
    modes : int, default 1
        Number of leading modes, in [1, P - 1].

    Returns
    -------
    KernelNetwork
    """
    _check_kernel_network(network)
    keep = check_choice(keep, "keep", ("leading", "trailing"))
    modes = check_count(modes, "modes")
    if modes >= network.P:
        raise ValueError(f"modes must be below P = {network.P}, got {modes}.")

    _, U = np.linalg.eigh(gram_matrix(network.X, network.gamma))
    leading = U[:, ::-1][:, :modes]
    projected = leading @ (leading.T @ network.A)
    A = projected if keep == "leading" else network.A - projected
    return KernelNetwork(network.X, A, network.gamma)
