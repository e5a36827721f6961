"""Force decomposition at the stored patterns: direct against indirect force.

Two exact splits of what keeps a stored pattern ``xi_nu`` in place are
provided, both *aligned* with the pattern (multiplied by ``xi_nu``
elementwise, so a positive value pushes neuron ``i`` towards the pattern):

Field split
    ``h_i(xi_nu) = A[nu, i] K(xi_nu, xi_nu) + sum_{mu != nu} A[mu, i] K(xi_nu, xi_mu)``.
    The direct force is the pattern's own coefficient (``K(xi, xi) = 1``),
    the indirect force is the collective term of all other patterns.
Gradient split
    ``N grad F(s) = h(s) + J(s)^T s`` with ``J = dh/ds``. The direct force is
    the field ``h(xi_nu)``, the indirect force is ``J(xi_nu)^T xi_nu``, to
    which the pattern's own kernel contributes nothing because
    ``K(s, xi_nu)`` is stationary at ``s = xi_nu``.

Both splits are linear in the coefficients, so multiplying every
coefficient by ``c > 0`` multiplies both forces by ``c`` and leaves the
correlations and the dominance ratio of :func:`force_statistics` unchanged.
"""

from dataclasses import dataclass

import numpy as np

from ._validation import check_real_array
from ._stats import finite_mean
from .kernels import gram_matrix
from .landscape import landscape_gradient
from .sharpness import _check_kernel_network

SPLITS = ("field", "gradient")


def field_split(network):
    """Return the aligned self and cross terms of the field at every stored pattern.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.

    Returns
    -------
    direct, indirect : ndarray, shape (P, N)
        ``xi_nu,i A[nu, i]`` and ``xi_nu,i sum_{mu != nu} A[mu, i] K[nu, mu]``.
        Their sum is the aligned field ``xi_nu,i h_i(xi_nu)``.
    """
    _check_kernel_network(network)
    X, A = network.X, network.A
    K = gram_matrix(X, network.gamma)
    direct = X * A * np.diag(K)[:, None]
    indirect = X * ((K - np.diag(np.diag(K))) @ A)
    return direct, indirect


def gradient_split(network):
    """Return the aligned terms ``h`` and ``J^T s`` of ``N grad F`` at every stored pattern.

    Parameters
    ----------
    network : KernelNetwork
        Trained kernel network.

    Returns
    -------
    direct, indirect : ndarray, shape (P, N)
        ``xi_nu * h(xi_nu)`` and ``xi_nu * J(xi_nu)^T xi_nu``.
    """
    _check_kernel_network(network)
    _, h, Jts = landscape_gradient(network, network.X)
    return network.X * h, network.X * Jts


def split_forces(network, split):
    """Return the direct and indirect forces of the named split (see :data:`SPLITS`)."""
    if split == "field":
        return field_split(network)
    if split == "gradient":
        return gradient_split(network)
    raise ValueError(f"split must be one of {SPLITS}, got {split!r}.")


@dataclass
class ForceStatistics:
    """Summary of how the direct and indirect forces relate.

    Attributes
    ----------
    corr_neurons : float
        Pearson correlation of the two forces across neurons, computed for
        each pattern and averaged over patterns (patterns where either force
        is constant across neurons are left out).
    corr_patterns : float
        Pearson correlation across patterns of the two forces averaged over
        neurons.
    dominance : float
        ``mean |direct| / mean |indirect|``; above 1 the direct force dominates.
    mean_direct, mean_indirect : float
        Means over patterns and neurons; a negative ``mean_indirect`` opposes
        the pattern.
    """

    corr_neurons: float
    corr_patterns: float
    dominance: float
    mean_direct: float
    mean_indirect: float


def _pearson_rows(a, b):
    """Return the Pearson correlation of each row pair, NaN for constant rows."""
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    norm = np.sqrt(np.sum(a * a, axis=1) * np.sum(b * b, axis=1))
    scale = np.finfo(float).eps * (np.abs(a).max() * np.abs(b).max() + 1e-300)
    out = np.full(a.shape[0], np.nan)
    np.divide(np.sum(a * b, axis=1), norm, out=out, where=norm > scale * a.shape[1])
    return out


def force_statistics(direct, indirect):
    """Return correlations, dominance and means of two force arrays.

    Parameters
    ----------
    direct, indirect : array_like, shape (P, N)
        Aligned forces, for example from :func:`field_split`.

    Returns
    -------
    ForceStatistics
    """
    direct = check_real_array(direct, "direct")
    indirect = check_real_array(indirect, "indirect")
    if direct.shape != indirect.shape or direct.ndim != 2 or direct.size == 0:
        raise ValueError(
            "direct and indirect must be non-empty arrays of the same shape (P, N), "
            f"got {direct.shape} and {indirect.shape}."
        )
    if not (np.all(np.isfinite(direct)) and np.all(np.isfinite(indirect))):
        raise ValueError("direct and indirect forces must be finite.")

    across_neurons = finite_mean(_pearson_rows(direct, indirect))
    if direct.shape[0] > 1:
        across_patterns = _pearson_rows(
            direct.mean(axis=1)[None, :], indirect.mean(axis=1)[None, :]
        )[0]
    else:
        across_patterns = float("nan")
    size = np.abs(indirect).mean()
    dominance = np.abs(direct).mean() / size if size > 0 else float("inf")
    return ForceStatistics(
        corr_neurons=across_neurons,
        corr_patterns=float(across_patterns),
        dominance=float(dominance),
        mean_direct=float(direct.mean()),
        mean_indirect=float(indirect.mean()),
    )
