"""Learning rules: Hebbian, pseudo-inverse, kernel ridge and kernel logistic.

Kernel logistic regression (KLR) trains one logistic classifier per neuron
on the stored patterns. With Gram matrix ``K`` (P x P), targets
``T = (X + 1) / 2`` and dual coefficients ``A`` (P x N), neuron ``i``
minimises

    L_i = sum_mu [log(1 + exp(z_mu)) - t_mu z_mu] + (lam / 2) a_i^T K a_i,

with logits ``z = K a_i``. The gradient is ``K F_i`` with the residual
``F = sigmoid(K A) - T + lam A``, and the Hessian is ``K D_i K + lam K``
with ``D_i = diag(p (1 - p))``. The minimiser solves ``F = 0``, so its
coefficients lie in ``[-1/lam, 1/lam]``.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg
from scipy.special import expit

from ._validation import (
    check_choice,
    check_count,
    check_finite_array,
    check_flag,
    check_patterns,
    check_positive,
)
from ._newton_cg import newton_directions_cg
from .kernels import gram_matrix
from .networks import KernelNetwork, LinearNetwork
from .patterns import has_duplicates


@dataclass
class KLRResult:
    """Outcome of kernel logistic regression training.

    Attributes
    ----------
    network : KernelNetwork or None
        The trained network. None when gradient descent
        (:func:`train_klr_gd`) diverged so far that ``A`` is no longer
        finite; ``message`` then reports the divergence, and the histories
        still contain every recorded value. :func:`train_klr` always returns
        a network.
    converged : bool
        True when ``max |F| <= tol`` was reached.
    iterations : int
        Newton iterations or gradient-descent epochs performed.
    loss_history : ndarray
        Total loss ``sum_i L_i`` before the first and after every iteration.
    residual_history : ndarray
        ``max |F|`` at the same points.
    message : str
        How the run ended.
    method : str
        ``"newton"`` or ``"gd"``.
    sharpness_history : ndarray
        Largest Hessian eigenvalue over neurons per epoch, when recorded.
    """

    network: KernelNetwork
    converged: bool
    iterations: int
    loss_history: np.ndarray
    residual_history: np.ndarray
    message: str
    method: str
    sharpness_history: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def A(self):
        """Dual coefficients, shape (P, N).

        Raises AttributeError when ``network`` is None (diverged training).
        """
        return self.network.A


def hebbian(X):
    """Build the Hebbian network ``W = X^T X / N`` with zero diagonal.

    Parameters
    ----------
    X : array_like, shape (P, N)
        Patterns with entries ±1.

    Returns
    -------
    LinearNetwork

    Notes
    -----
    Its capacity for random patterns is ``alpha_c = P / N ~ 0.138`` in the
    large-N limit, with a few per cent of wrong bits allowed (Amit,
    Gutfreund and Sompolinsky 1985). The network stores the integer
    matrix ``X^T X`` and the factor ``1/N`` separately, so that fields of
    ±1 states are summed exactly and a tie is exactly zero.
    """
    X = check_patterns(X)
    weights = X.T @ X
    np.fill_diagonal(weights, 0.0)
    return LinearNetwork(weights, scale=1.0 / X.shape[1])


def pseudo_inverse(X):
    """Build the projection (pseudo-inverse) network ``W = X^T (X X^T)^+ X``.

    Parameters
    ----------
    X : array_like, shape (P, N)
        Patterns with entries ±1.

    Returns
    -------
    LinearNetwork

    Notes
    -----
    ``W`` projects onto the span of the patterns, so every pattern is a
    fixed point while ``P < N`` for linearly independent patterns; the
    diagonal is kept. As ``P / N -> 1`` the matrix tends to the identity
    and the basins of attraction vanish.
    """
    X = check_patterns(X)
    W = X.T @ np.linalg.pinv(X @ X.T) @ X
    return LinearNetwork(W)


def _warn_if_duplicates(X):
    if has_duplicates(X):
        warnings.warn(
            "X contains duplicate patterns, so the Gram matrix is singular; "
            "duplicates receive equal coefficients.",
            RuntimeWarning,
            stacklevel=3,
        )


def train_krr(X, gamma, lam=0.01):
    """Train kernel ridge regression in closed form: ``A = (K + lam I)^-1 X``.

    Parameters
    ----------
    X : array_like, shape (P, N)
        Patterns with entries ±1; each neuron's target is its ±1 value.
    gamma : float
        RBF kernel width, > 0.
    lam : float, default 0.01
        Ridge penalty, >= 0.

    Returns
    -------
    KernelNetwork

    Notes
    -----
    With ``lam = 0`` and a singular Gram matrix (duplicate patterns) the
    minimum-norm least-squares solution is returned.
    """
    X = check_patterns(X)
    gamma = check_positive(gamma, "gamma")
    lam = check_positive(lam, "lam", allow_zero=True)
    _warn_if_duplicates(X)

    M = gram_matrix(X, gamma) + lam * np.eye(X.shape[0])
    try:
        A = scipy.linalg.cho_solve(scipy.linalg.cho_factor(M), X)
    except np.linalg.LinAlgError:
        A = np.linalg.lstsq(M, X, rcond=None)[0]
    return KernelNetwork(X, A, gamma)


def klr_objective(K, A, T, lam):
    """Return the KLR loss of each neuron and its gradient.

    Parameters
    ----------
    K : ndarray, shape (P, P)
        Gram matrix.
    A : ndarray, shape (P, N)
        Dual coefficients.
    T : ndarray, shape (P, N)
        Targets in {0, 1}.
    lam : float
        Regularisation strength, >= 0.

    Returns
    -------
    loss : ndarray, shape (N,)
        ``L_i`` for every neuron.
    gradient : ndarray, shape (P, N)
        ``K (sigmoid(K A) - T + lam A)``.

    Raises
    ------
    ValueError
        If an array is empty, not finite or of the wrong shape, ``T`` has an
        entry other than 0 or 1, or ``lam`` is negative or not finite.
    """
    K, A, T = _check_klr_arrays(K, A, T)
    lam = check_positive(lam, "lam", allow_zero=True)
    Z = K @ A
    return _loss(Z, A, T, lam), K @ _residual(Z, A, T, lam)


def _check_klr_arrays(K, A, T=None):
    """Return finite float arrays K (P, P), A (P, N) and T (P, N) in {0, 1}."""
    A = check_finite_array(A, "A", ndim=2)
    P = A.shape[0]
    K = check_finite_array(K, "K", ndim=2)
    if K.shape != (P, P):
        raise ValueError(
            f"K must have shape (P, P) = ({P}, {P}) to match A of shape {A.shape}, "
            f"got {K.shape}."
        )
    if T is None:
        return K, A, None
    T = check_finite_array(T, "T", ndim=2)
    if T.shape != A.shape:
        raise ValueError(f"T must have the shape {A.shape} of A, got {T.shape}.")
    bad = (T != 0) & (T != 1)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"T must contain only targets 0 and 1, got {float(T[index])} at index "
            f"{index}."
        )
    return K, A, T


def _loss(Z, A, T, lam):
    return np.sum(np.logaddexp(0.0, Z) - T * Z + 0.5 * lam * A * Z, axis=0)


def _residual(Z, A, T, lam):
    return expit(Z) - T + lam * A


def _check_klr_input(X, gamma, lam):
    X = check_patterns(X)
    gamma = check_positive(gamma, "gamma")
    lam = check_positive(lam, "lam")
    _warn_if_duplicates(X)
    return X, gamma, lam, gram_matrix(X, gamma), (X + 1.0) / 2.0


def hessian_max_eigenvalue(K, A, lam, V=None, tol=1e-9, max_iter=1000):
    """Return the largest eigenvalue of each neuron's KLR Hessian.

    The Hessian of neuron ``i`` is ``H_i = K D_i K + lam K`` with
    ``D_i = diag(p_i (1 - p_i))`` and ``p_i = sigmoid(K a_i)``. All neurons
    are handled at once by power iteration, which converges because every
    ``H_i`` is positive semi-definite.

    Parameters
    ----------
    K : ndarray, shape (P, P)
        Gram matrix, symmetric.
    A : ndarray, shape (P, N)
        Dual coefficients.
    lam : float
        Regularisation strength, >= 0.
    V : ndarray, shape (P, N), optional
        Starting vectors, for example the previous call's eigenvectors; no
        column may be zero.
    tol : float, default 1e-9
        Relative change of every eigenvalue estimate at which to stop, >= 0.
    max_iter : int, default 1000
        Maximum number of power iterations, >= 1.

    Returns
    -------
    eigenvalues : ndarray, shape (N,)
    V : ndarray, shape (P, N)
        Unit eigenvector estimates, to warm-start the next call.
    """
    K, A, _ = _check_klr_arrays(K, A)
    scale = np.abs(K).max()
    if not np.allclose(K, K.T, rtol=0, atol=1e-10 * max(scale, 1e-300)):
        raise ValueError("K must be symmetric, like a Gram matrix.")
    lam = check_positive(lam, "lam", allow_zero=True)
    if V is not None:
        V = check_finite_array(V, "V", shape=A.shape)
        zero = np.flatnonzero(~np.any(V != 0, axis=0))
        if zero.size:
            raise ValueError(
                f"V has all-zero columns {zero.tolist()}; every starting vector "
                "must be nonzero."
            )
    tol = check_positive(tol, "tol", allow_zero=True)
    max_iter = check_count(max_iter, "max_iter")
    return _power_iteration(K, A, lam, V, tol, max_iter)


def _power_iteration(K, A, lam, V=None, tol=1e-9, max_iter=1000):
    """Run the power iteration of :func:`hessian_max_eigenvalue` without checks.

    :func:`train_klr_gd` calls it directly, so that a diverging run, whose
    coefficients are no longer finite, is reported instead of rejected.
    """
    Z = K @ A
    p = expit(Z)
    D = p * (1.0 - p)
    if V is None:
        V = np.random.default_rng(0).standard_normal(A.shape)
    V = V / np.linalg.norm(V, axis=0)

    estimate = np.zeros(A.shape[1])
    for _ in range(max_iter):
        KV = K @ V
        HV = K @ (D * KV) + lam * KV
        new = np.einsum("pn,pn->n", V, HV)
        V = HV / np.maximum(np.linalg.norm(HV, axis=0), np.finfo(float).tiny)
        if np.all(np.abs(new - estimate) <= tol * np.abs(new)):
            estimate = new
            break
        estimate = new
    return estimate, V


def train_klr_gd(X, gamma, lam=0.01, eta=0.1, epochs=300, track_sharpness=False):
    """Train KLR by full-batch gradient descent from ``A = 0``.

    This is the author's protocol: ``A <- A - eta K F(A)`` for a fixed number
    of epochs, all neurons at once.

    Parameters
    ----------
    X : array_like, shape (P, N)
        Patterns with entries ±1.
    gamma : float
        RBF kernel width, > 0.
    lam : float, default 0.01
        Regularisation strength, > 0.
    eta : float, default 0.1
        Learning rate, > 0.
    epochs : int, default 300
        Number of gradient steps, >= 0.
    track_sharpness : bool, default False
        Record the largest Hessian eigenvalue over neurons before every
        epoch and after the last.

    Returns
    -------
    KLRResult
        ``converged`` reports whether ``max |F| <= 1e-8`` at the end, and
        ``network`` is None when ``A`` stopped being finite.

    Notes
    -----
    Gradient descent on a quadratic is stable only while the largest
    Hessian eigenvalue stays below ``2 / eta``. Wide kernels at high load
    break that bound, and the loss then oscillates instead of decreasing.
    """
    X, gamma, lam, K, T = _check_klr_input(X, gamma, lam)
    eta = check_positive(eta, "eta")
    epochs = check_count(epochs, "epochs", minimum=0)
    track_sharpness = check_flag(track_sharpness, "track_sharpness")

    A = np.zeros_like(X)
    losses, residuals, sharpness = [], [], []
    V = None
    message = f"ran all {epochs} epochs"
    for epoch in range(epochs + 1):
        Z = K @ A
        F = _residual(Z, A, T, lam)
        losses.append(_loss(Z, A, T, lam).sum())
        residuals.append(np.abs(F).max())
        if track_sharpness:
            top, V = _power_iteration(K, A, lam, V)
            sharpness.append(top.max())
        if not np.isfinite(losses[-1]):
            message = f"diverged at epoch {epoch}: the loss is not finite"
            break
        if epoch < epochs:
            A = A - eta * (K @ F)

    return KLRResult(
        network=KernelNetwork(X, A, gamma) if np.all(np.isfinite(A)) else None,
        converged=bool(residuals[-1] <= 1e-8),
        iterations=epoch,
        loss_history=np.array(losses),
        residual_history=np.array(residuals),
        message=message,
        method="gd",
        sharpness_history=np.array(sharpness),
    )


def _newton_directions(K, Z, F, lam, columns):
    """Solve ``(D_i K + lam I) delta_i = -F_i`` for the given neurons.

    With ``M_i = lam I + D_i^1/2 K D_i^1/2``, which is symmetric and has
    every eigenvalue >= lam, the Woodbury identity gives

        delta_i = -(F_i - D_i^1/2 M_i^-1 D_i^1/2 K F_i) / lam,

    so each neuron needs one Cholesky factorisation instead of an LU one.
    The loop over neurons costs O(P^2) memory, never O(P^2 N).
    """
    p = expit(Z[:, columns])
    root = np.sqrt(p * (1.0 - p))
    Fc = F[:, columns]
    rhs = root * (K @ Fc)
    solution = np.empty_like(rhs)
    diagonal = np.arange(K.shape[0])
    for n in range(columns.size):
        M = K * np.outer(root[:, n], root[:, n])
        M[diagonal, diagonal] += lam
        factor = scipy.linalg.cho_factor(M, lower=True, check_finite=False)
        solution[:, n] = scipy.linalg.cho_solve(factor, rhs[:, n], check_finite=False)
    return -(Fc - root * solution) / lam


def _line_search(K, A, Z, T, lam, delta, columns, loss):
    """Backtrack on each neuron from a Newton direction.

    A step is accepted when it decreases the neuron's loss by the Armijo
    rule or decreases its largest residual ``max |F|``. The second test
    matters near the solution, where the loss changes by less than its
    round-off and the Armijo test alone would reject every step.
    """
    Ac, Zc, Tc = A[:, columns], Z[:, columns], T[:, columns]
    Kd = K @ delta
    slope = np.einsum("pn,pn->n", Kd, _residual(Zc, Ac, Tc, lam))
    current = np.abs(_residual(Zc, Ac, Tc, lam)).max(axis=0)
    step = np.ones(columns.size)
    for _ in range(40):
        Zt, At = Zc + step * Kd, Ac + step * delta
        armijo = _loss(Zt, At, Tc, lam) <= loss[columns] + 1e-4 * step * slope
        smaller = np.abs(_residual(Zt, At, Tc, lam)).max(axis=0) < current
        pending = ~(armijo | smaller)
        if not pending.any():
            break
        step = np.where(pending, step / 2, step)
    return step


def train_klr(X, gamma, lam=0.01, tol=1e-8, max_iter=100, linear_solver="cg"):
    """Train KLR to convergence with a damped Newton method, all neurons at once.

    Parameters
    ----------
    X : array_like, shape (P, N)
        Patterns with entries ±1.
    gamma : float
        RBF kernel width, > 0.
    lam : float, default 0.01
        Regularisation strength, > 0.
    tol : float, default 1e-8
        Stop when ``max |sigmoid(K A) - T + lam A| <= tol`` over all
        patterns and neurons. The loss gradient is ``K`` times this residual.
    max_iter : int, default 100
        Maximum number of Newton iterations.
    linear_solver : {"cg", "cholesky"}, default "cg"
        How each Newton system is solved: approximately, by conjugate
        gradients for all neurons at once (matrix products of O(P^2 N)
        each), or exactly, by one Cholesky factorisation per neuron
        (O(P^3 N) per iteration). Both stop at the same ``tol``. Conjugate
        gradients are several times faster on the author's N = 50 grid
        (``benchmarks/solver_speed.py`` records the ratio and the machine)
        and are the only option for P in the thousands.

    Returns
    -------
    KLRResult

    Notes
    -----
    The Newton direction for neuron ``i`` solves
    ``(D_i K + lam I) delta = -F_i``. It equals ``-H_i^-1 grad L_i`` when
    ``K`` is invertible, and the system stays solvable when ``K`` is
    singular. A backtracking line search on each neuron's loss makes the
    iteration globally convergent. Near the solution it converges
    quadratically with exact solves, and superlinearly with conjugate
    gradients, whose accuracy tightens as the residual falls.

    Examples
    --------
    >>> from kernel_hopfield.patterns import random_patterns
    >>> result = train_klr(random_patterns(20, 30, rng=1), gamma=0.05)
    >>> result.converged
    True
    """
    X, gamma, lam, K, T = _check_klr_input(X, gamma, lam)
    tol = check_positive(tol, "tol")
    max_iter = check_count(max_iter, "max_iter", minimum=0)
    linear_solver = check_choice(linear_solver, "linear_solver", ("cholesky", "cg"))
    directions = newton_directions_cg if linear_solver == "cg" else _newton_directions

    A = np.zeros_like(X)
    Z = K @ A
    losses, residuals = [], []
    for iteration in range(max_iter + 1):
        F = _residual(Z, A, T, lam)
        loss = _loss(Z, A, T, lam)
        losses.append(loss.sum())
        residuals.append(np.abs(F).max())
        active = np.flatnonzero(np.abs(F).max(axis=0) > tol)
        if active.size == 0 or iteration == max_iter:
            break

        delta = directions(K, Z, F, lam, active)
        step = _line_search(K, A, Z, T, lam, delta, active, loss)
        A[:, active] += step * delta
        Z[:, active] = K @ A[:, active]

    converged = active.size == 0
    message = (
        f"converged after {iteration} iterations"
        if converged
        else f"stopped at max_iter = {max_iter} with max |F| = {residuals[-1]:.3g}"
    )
    return KLRResult(
        network=KernelNetwork(X, A, gamma),
        converged=converged,
        iterations=iteration,
        loss_history=np.array(losses),
        residual_history=np.array(residuals),
        message=message,
        method="newton",
    )
