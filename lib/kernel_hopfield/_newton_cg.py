"""Newton directions of KLR by conjugate gradients, for all neurons at once.

The direct solver factorises one P x P matrix per neuron, which costs
O(P^3 N) per Newton iteration and is out of reach for P in the thousands.
Here every neuron's system is solved by conjugate gradients on the
symmetric positive definite matrix ``M_i = lam I + D_i^1/2 K D_i^1/2``,
and one product with ``M_i`` for all neurons is a single P x P by P x N
matrix product. Memory stays O(P^2 + P N).
"""

import numpy as np
from scipy.special import expit


def newton_directions_cg(K, Z, F, lam, columns, max_iter=None):
    """Solve ``(D_i K + lam I) delta_i = -F_i`` approximately for the given neurons.

    Each system is solved through ``M_i y_i = D_i^1/2 K F_i`` and
    ``delta_i = -(F_i - D_i^1/2 y_i) / lam``. The conjugate-gradient
    iteration of neuron ``i`` stops once the residual of its Newton
    equation, ``|D_i^1/2 r_i| / lam`` with ``r_i`` the residual of the
    ``M_i`` system, is at most ``eta_i |F_i|`` with the forcing term
    ``eta_i = min(0.1, sqrt(max |F_i|))``. That keeps the Newton iteration
    superlinear near the solution without solving early systems exactly.

    Parameters
    ----------
    K : ndarray, shape (P, P)
        Gram matrix.
    Z : ndarray, shape (P, N)
        Logits ``K A``.
    F : ndarray, shape (P, N)
        Residuals ``sigmoid(Z) - T + lam A``.
    lam : float
        Regularisation strength, > 0.
    columns : ndarray of int
        Neurons to solve for.
    max_iter : int, optional
        Conjugate-gradient iterations per call; default ``P``.

    Returns
    -------
    ndarray, shape (P, len(columns))
    """
    P = K.shape[0]
    max_iter = P if max_iter is None else max_iter
    p = expit(Z[:, columns])
    root = np.sqrt(p * (1.0 - p))
    Fc = F[:, columns]

    norm_F = np.linalg.norm(Fc, axis=0)
    eta = np.minimum(0.1, np.sqrt(np.abs(Fc).max(axis=0)))
    target = eta * norm_F * lam

    y = np.zeros_like(Fc)
    r = root * (K @ Fc)
    d = r.copy()
    rr = np.sum(r * r, axis=0)
    for _ in range(max_iter):
        pending = np.linalg.norm(root * r, axis=0) > target
        if not pending.any():
            break
        Md = lam * d + root * (K @ (root * d))
        curvature = np.sum(d * Md, axis=0)
        alpha = np.zeros_like(rr)
        np.divide(rr, curvature, out=alpha, where=pending & (curvature > 0))
        y += alpha * d
        r -= alpha * Md
        rr_new = np.sum(r * r, axis=0)
        beta = np.zeros_like(rr)
        np.divide(rr_new, rr, out=beta, where=rr > 0)
        d = r + beta * d
        rr = rr_new
    return -(Fc - root * y) / lam
