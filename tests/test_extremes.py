"""Numerical extremes: large N and gamma, near-singular matrices, exact references.

Underflow of a single kernel term to zero is by design: ``exp(-gamma |s - x|^2)``
is below the smallest float64 once ``gamma |s - x|^2 > 745``. numpy does not
warn on underflow by default, so these tests instead check the harm it could
do: fields that collapse to exactly zero. Overflow, division by zero and
invalid operations raise inside ``np.errstate(over=..., divide=..., invalid=...)``
here, and any RuntimeWarning is an error under the project's pytest settings.

The exact references use Python's ``decimal`` module with 50 significant
digits; every float64 input converts to Decimal exactly.
"""

import itertools
from decimal import Decimal, localcontext

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from kernel_hopfield import (
    KernelNetwork,
    corrupt,
    flip_bits,
    gram_matrix,
    hessian_max_eigenvalue,
    klr_objective,
    log_rbf_kernel,
    random_patterns,
    rbf_kernel,
    recall,
    train_klr,
    train_krr,
)
from kernel_hopfield.spectra import gram_spectrum, hessian_spectrum, psd_eigenvalues

FLOAT_ERRORS = {"over": "raise", "divide": "raise", "invalid": "raise"}

SIZES = [50, 500, 2000]
GAMMAS = [1e-4, 0.1, 10.0]


def decimal_kernel(s, x, gamma):
    """Return exp(-gamma |s - x|^2) as a Decimal, computed with 50 digits."""
    distance = sum((Decimal(float(a)) - Decimal(float(b))) ** 2 for a, b in zip(s, x))
    return (-Decimal(float(gamma)) * distance).exp()


def decimal_softplus(z):
    """Return log(1 + e^z) for a Decimal z without overflow."""
    if z > 0:
        return z + (1 + (-z).exp()).ln()
    return (1 + z.exp()).ln()


# Kernels and fields at large N and gamma


@pytest.mark.parametrize("N", SIZES)
@pytest.mark.parametrize("gamma", GAMMAS)
def test_kernels_no_float_errors(N, gamma):
    X = random_patterns(4, N, rng=N)
    S = flip_bits(X, N // 10, rng=1)
    with np.errstate(**FLOAT_ERRORS):
        K = gram_matrix(X, gamma)
        cross = rbf_kernel(S, X, gamma)
        logk = log_rbf_kernel(S, X, gamma)
    assert np.all(np.isfinite(K))
    assert np.all(np.isfinite(cross))
    assert np.all(np.isfinite(logk))
    assert_array_equal(np.diag(K), 1.0)
    assert np.all((cross >= 0) & (cross <= 1))
    # For ±1 vectors |s - x|^2 = 4 d_H, an exact integer, so the log kernel is
    # gamma times an integer, rounded once.
    hamming = np.sum(S[:, None, :] != X[None, :, :], axis=2)
    assert_allclose(logk, -gamma * 4.0 * hamming, rtol=1e-15)


@pytest.mark.parametrize("N", SIZES)
@pytest.mark.parametrize("gamma", GAMMAS)
def test_scaled_fields_no_collapse(N, gamma):
    # A cue with 10% of its bits flipped sits at |s - x|^2 = 0.4 N from its
    # pattern; at N = 2000 and gamma = 10 that is exp(-8000), far below the
    # float64 range, but the scaled fields keep the nearest pattern at weight 1.
    X = random_patterns(5, N, rng=N + 1)
    A = X.copy()
    network = KernelNetwork(X, A, gamma)
    cue = corrupt(X[0], 0.1, rng=2)
    with np.errstate(**FLOAT_ERRORS):
        scaled = network.fields(cue)
        unscaled = network.fields(cue, scaled=False)
    assert np.all(np.isfinite(scaled))
    assert np.all(scaled != 0.0)
    if gamma * N >= 5:
        # The cue's own pattern outweighs the others, whose relative weights
        # are below exp(-gamma 4 (N/2 - N/10)) <= exp(-8).
        assert_array_equal(np.sign(scaled), X[0])
    if gamma * 0.4 * N > 800:
        # Documented: the unscaled fields underflow, which is why recall
        # uses the scaled ones.
        assert np.all(unscaled == 0.0)


def test_scaled_fields_far_from_every_pattern():
    # A random state at N = 2000 is about N/2 bits from every pattern, so
    # every kernel value is near exp(-40000). The scaled fields are the sum of
    # the coefficients of the nearest patterns (several when tied), because
    # a pattern one bit further away has relative weight exp(-40).
    N, gamma = 2000, 10.0
    X = random_patterns(3, N, rng=3)
    A = np.random.default_rng(4).normal(size=X.shape)
    for seed in range(10, 15):
        s = random_patterns(1, N, rng=seed)[0]
        distance = np.sum(s != X, axis=1)
        nearest = distance == distance.min()
        with np.errstate(**FLOAT_ERRORS):
            h = KernelNetwork(X, A, gamma).fields(s)
            unscaled = KernelNetwork(X, A, gamma).fields(s, scaled=False)
        assert_array_equal(h, A[nearest].sum(axis=0))
        assert np.all(unscaled == 0.0)


@pytest.mark.parametrize("N", SIZES)
def test_recall_large_gamma_n(N):
    gamma = 10.0
    X = random_patterns(5, N, rng=N + 2)
    with np.errstate(**FLOAT_ERRORS):
        result = train_klr(X, gamma)
        cues = corrupt(X, 0.1, rng=6)
        recalled = recall(result.network, cues)
    assert result.converged
    assert_array_equal(recalled.states, X)
    assert np.all(recalled.status == "fixed_point")
    assert_array_equal(recalled.steps, 1)


# The KLR loss at extreme logits


@pytest.mark.parametrize("N", SIZES)
@pytest.mark.parametrize("gamma", GAMMAS)
def test_train_klr_small_p_no_float_errors(N, gamma):
    X = random_patterns(6, N, rng=N + 3)
    with np.errstate(**FLOAT_ERRORS):
        result = train_klr(X, gamma)
        K = gram_matrix(X, gamma)
        loss, gradient = klr_objective(K, result.A, (X + 1) / 2, 0.01)
    assert result.converged
    assert np.all(np.isfinite(result.loss_history))
    assert np.all(np.isfinite(loss))
    assert np.all(np.abs(gradient) < 1e-6)
    # The optimum satisfies F = 0, so |A| <= 1 / lam.
    assert np.all(np.abs(result.A) <= 100.0)


def test_klr_objective_huge_logits_exact():
    # With K = ones and |a| = 500 the logits reach ±3000, where exp overflows;
    # the loss must stay finite and match the 50-digit reference.
    P, N, lam = 6, 3, 0.01
    K = np.ones((P, P))
    A = 500.0 * np.array([[1, -1, 1], [1, -1, -1], [1, -1, 1]] * 2, dtype=float)
    T = np.array([[1, 0, 0], [0, 1, 1], [1, 0, 1]] * 2, dtype=float)
    with np.errstate(**FLOAT_ERRORS):
        loss, gradient = klr_objective(K, A, T, lam)
    assert np.all(np.isfinite(loss))
    assert np.all(np.isfinite(gradient))
    with localcontext() as context:
        context.prec = 50
        for i in range(N):
            a = [Decimal(float(v)) for v in A[:, i]]
            z = [sum(a) for _ in range(P)]
            exact = sum(
                decimal_softplus(z[mu]) - Decimal(float(T[mu, i])) * z[mu]
                for mu in range(P)
            ) + Decimal(lam) / 2 * sum(a[mu] * z[mu] for mu in range(P))
            # Each of the 2P terms is rounded to about eps times its size.
            size = sum(
                abs(z[mu]) + 1 + Decimal(lam) * abs(a[mu] * z[mu]) for mu in range(P)
            )
            assert abs(float(exact) - loss[i]) <= 1e-14 * float(size), i


# Float64 against a 50-digit reference on a tiny network

TINY_N, TINY_GAMMA, TINY_LAM = 5, 0.3, 0.05


@pytest.fixture(scope="module")
def tiny_network():
    X = np.array(
        [[1, -1, 1, 1, -1], [-1, -1, 1, -1, 1], [1, 1, -1, 1, 1]], dtype=float
    )
    A = np.random.default_rng(7).normal(size=X.shape)
    return KernelNetwork(X, A, TINY_GAMMA)


def every_state(N):
    return np.array(list(itertools.product([-1.0, 1.0], repeat=N)))


def test_kernel_matches_decimal(tiny_network):
    S = every_state(TINY_N)
    K = rbf_kernel(S, tiny_network.X, TINY_GAMMA)
    with localcontext() as context:
        context.prec = 50
        exact = np.array(
            [
                [float(decimal_kernel(s, x, TINY_GAMMA)) for x in tiny_network.X]
                for s in S
            ]
        )
    # exp(-gamma d) with gamma d <= 6 carries a relative error of about
    # (gamma d + 1) eps, well below 1e-14.
    assert_allclose(K, exact, rtol=1e-14, atol=0)


@pytest.mark.parametrize("scaled", [False, True])
def test_fields_match_decimal(tiny_network, scaled):
    S = every_state(TINY_N)
    H = tiny_network.fields(S, scaled=scaled)
    X, A = tiny_network.X, tiny_network.A
    with localcontext() as context:
        context.prec = 50
        for b, s in enumerate(S):
            k = [decimal_kernel(s, x, TINY_GAMMA) for x in X]
            if scaled:
                top = max(k)
                k = [value / top for value in k]
            for i in range(TINY_N):
                terms = [Decimal(float(A[mu, i])) * k[mu] for mu in range(len(X))]
                exact = float(sum(terms))
                # A sum of P products can lose relative accuracy by
                # cancellation, so the bound scales with sum |terms|.
                size = float(sum(abs(t) for t in terms))
                assert abs(H[b, i] - exact) <= 1e-14 * size, (b, i)


def test_klr_loss_matches_decimal(tiny_network):
    X, A = tiny_network.X, tiny_network.A
    P = X.shape[0]
    K = gram_matrix(X, TINY_GAMMA)
    T = (X + 1) / 2
    loss, gradient = klr_objective(K, A, T, TINY_LAM)
    with localcontext() as context:
        context.prec = 50
        Kd = [[decimal_kernel(x, y, TINY_GAMMA) for y in X] for x in X]
        lam = Decimal(TINY_LAM)
        for i in range(TINY_N):
            a = [Decimal(float(A[mu, i])) for mu in range(P)]
            t = [Decimal(float(T[mu, i])) for mu in range(P)]
            z = [sum(Kd[mu][nu] * a[nu] for nu in range(P)) for mu in range(P)]
            exact = sum(decimal_softplus(z[mu]) - t[mu] * z[mu] for mu in range(P))
            exact += lam / 2 * sum(a[mu] * z[mu] for mu in range(P))
            size = sum(abs(z[mu]) + 1 for mu in range(P))
            assert abs(loss[i] - float(exact)) <= 1e-14 * float(size), i

            residual = [
                1 / (1 + (-z[mu]).exp()) - t[mu] + lam * a[mu] for mu in range(P)
            ]
            for mu in range(P):
                terms = [Kd[mu][nu] * residual[nu] for nu in range(P)]
                exact_gradient = float(sum(terms))
                bound = 1e-14 * float(sum(abs(term) for term in terms))
                assert abs(gradient[mu, i] - exact_gradient) <= bound, (mu, i)


# Eigen-solvers on near-singular matrices


def test_psd_duplicate_patterns_rank_deficient():
    X = random_patterns(6, 12, rng=8)
    X = np.vstack([X, X[:2]])
    values = psd_eigenvalues(gram_matrix(X, 0.05))
    assert np.all(values >= 0)
    assert np.sum(values == 0.0) == 2
    assert values.sum() == pytest.approx(X.shape[0], rel=1e-12)


def test_psd_gamma_to_zero_rank_one():
    # At gamma = 1e-20 every kernel value rounds to exactly 1: K is all ones.
    X = random_patterns(8, 20, rng=9)
    K = gram_matrix(X, 1e-20)
    assert_array_equal(K, 1.0)
    values = psd_eigenvalues(K)
    assert values[0] == pytest.approx(8.0, rel=1e-14)
    assert_array_equal(values[1:], 0.0)


@pytest.mark.parametrize("gamma", [1e-6, 1e-9, 1e-12])
def test_psd_gamma_small_near_rank_one(gamma):
    # K = ones - O(gamma N): one eigenvalue near P, the rest tiny and >= 0.
    X = random_patterns(8, 20, rng=10)
    values = psd_eigenvalues(gram_matrix(X, gamma))
    assert values[0] == pytest.approx(8.0, rel=1e-4)
    assert np.all(values >= 0)
    assert values.sum() == pytest.approx(8.0, rel=1e-12)


def test_spectra_of_network_with_duplicates():
    X = random_patterns(6, 12, rng=11)
    X = np.vstack([X, X[:1]])
    with pytest.warns(RuntimeWarning, match="duplicate"):
        network = train_klr(X, 0.05).network
    gram = gram_spectrum(network)
    hessian = hessian_spectrum(network, 0.01)
    assert gram[-1] == 0.0
    assert hessian[-1] == 0.0
    assert np.all(hessian >= 0)


def test_power_iteration_singular_gram():
    X = random_patterns(6, 12, rng=12)
    X = np.vstack([X, X[:2]])
    K = gram_matrix(X, 0.05)
    A = np.random.default_rng(13).normal(size=X.shape)
    top, _ = hessian_max_eigenvalue(K, A, 0.01)
    p = 1 / (1 + np.exp(-K @ A))
    for i in range(X.shape[1]):
        H = K @ np.diag(p[:, i] * (1 - p[:, i])) @ K + 0.01 * K
        assert top[i] == pytest.approx(np.linalg.eigvalsh(H)[-1], rel=1e-7)


def test_krr_gamma_to_zero_finite():
    # K + lam I with K all ones is well conditioned for lam > 0.
    X = random_patterns(8, 20, rng=14)
    network = train_krr(X, 1e-20, lam=0.01)
    assert np.all(np.isfinite(network.A))
