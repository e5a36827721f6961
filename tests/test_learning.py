"""Tests for kernel_hopfield.learning: Hebbian, pseudo-inverse, KRR and KLR."""

import itertools
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from kernel_hopfield.dynamics import sign_update
from kernel_hopfield.kernels import gram_matrix
from kernel_hopfield.learning import (
    KLRResult,
    hebbian,
    hessian_max_eigenvalue,
    klr_objective,
    pseudo_inverse,
    train_klr,
    train_klr_gd,
    train_krr,
)
from kernel_hopfield.networks import KernelNetwork, LinearNetwork
from kernel_hopfield.patterns import random_patterns


def gap(reason):
    """Mark a case that the library does not reject yet.

    The case states the expected behaviour. The marker is strict, so the case
    fails once the library rejects the input, and the marker must then go.
    """
    return pytest.mark.xfail(strict=True, reason=reason)


def direct_klr_loss(K, A, T, lam):
    """Return L_i = sum_mu [log(1 + e^z) - t z] + lam/2 a^T K a by loops."""
    P, N = A.shape
    loss = np.zeros(N)
    for i in range(N):
        z = K @ A[:, i]
        for mu in range(P):
            loss[i] += math.log1p(math.exp(z[mu])) - T[mu, i] * z[mu]
        loss[i] += 0.5 * lam * A[:, i] @ K @ A[:, i]
    return loss


@pytest.fixture
def tiny_problem():
    """A Gram matrix, coefficients and targets with P = 5, N = 4."""
    corners = np.array(list(itertools.product([-1.0, 1.0], repeat=4)))
    X = corners[np.random.default_rng(40).choice(16, size=5, replace=False)]
    K = gram_matrix(X, 0.1)
    A = 0.5 * np.random.default_rng(41).normal(size=X.shape)
    return K, A, (X + 1) / 2


# hebbian and pseudo_inverse


def test_hebbian_zero_diagonal(small_patterns):
    W = hebbian(small_patterns).W
    assert_array_equal(np.diag(W), 0.0)


def test_hebbian_outer_products(small_patterns):
    X = small_patterns
    P, N = X.shape
    W = hebbian(X).W
    for i in range(N):
        for j in range(N):
            if i != j:
                expected = sum(X[mu, i] * X[mu, j] for mu in range(P)) / N
                assert W[i, j] == pytest.approx(expected, abs=1e-15)


def test_hebbian_returns_linear_network(small_patterns):
    assert isinstance(hebbian(small_patterns), LinearNetwork)


def test_hebbian_exact_ties_are_zero_fields():
    # With W = X^T X / N the field h_i = sum_j W_ij s_j is an integer over N.
    # When that integer is 0 the tie must keep the state, but terms such as
    # 4/6 - 2/6 - 2/6 round to about 1e-17 in float64 for N = 6.
    X = random_patterns(8, 6, rng=254)
    S = random_patterns(40, 6, rng=255)
    exact = S @ (X.T @ X - X.shape[0] * np.eye(6)).T
    fields = hebbian(X).fields(S)
    assert np.any(exact == 0)
    assert_array_equal(fields[exact == 0], 0.0)


@pytest.mark.parametrize("P", [1, 5, 11])
def test_pseudo_inverse_fixed_points(P):
    X = random_patterns(P, 12, rng=P)
    assert np.linalg.matrix_rank(X) == P
    net = pseudo_inverse(X)
    H = net.fields(X)
    assert_allclose(H, X, atol=1e-10)
    assert_array_equal(sign_update(H, -X), X)


def test_pseudo_inverse_projection(small_patterns):
    W = pseudo_inverse(small_patterns).W
    assert_allclose(W, W.T, atol=1e-12)
    assert_allclose(W @ W, W, atol=1e-12)
    assert np.trace(W) == pytest.approx(small_patterns.shape[0], abs=1e-10)


# train_krr


@pytest.mark.parametrize("lam", [0.0, 0.01, 1.0])
def test_train_krr_direct_solve(small_patterns, lam):
    X = small_patterns
    net = train_krr(X, 0.08, lam)
    K = np.exp(-0.08 * np.array([[np.sum((a - b) ** 2) for b in X] for a in X]))
    expected = np.linalg.solve(K + lam * np.eye(X.shape[0]), X)
    assert isinstance(net, KernelNetwork)
    assert_allclose(net.A, expected, rtol=1e-9, atol=1e-12)


def test_train_krr_interpolates_at_zero_lam(small_patterns):
    net = train_krr(small_patterns, 0.1, lam=0.0)
    assert_allclose(net.fields(small_patterns, scaled=False), small_patterns, atol=1e-9)


# klr_objective and hessian_max_eigenvalue


def test_klr_objective_loss_direct(tiny_problem):
    K, A, T = tiny_problem
    loss, _ = klr_objective(K, A, T, 0.3)
    assert loss.shape == (A.shape[1],)
    assert_allclose(loss, direct_klr_loss(K, A, T, 0.3), rtol=1e-12)


@pytest.mark.parametrize("lam", [0.0, 0.01, 0.5])
def test_klr_objective_gradient_finite_differences(tiny_problem, lam):
    K, A, T = tiny_problem
    _, gradient = klr_objective(K, A, T, lam)
    step = 1e-6
    numeric = np.zeros_like(A)
    for p in range(A.shape[0]):
        for i in range(A.shape[1]):
            E = np.zeros_like(A)
            E[p, i] = step
            up = klr_objective(K, A + E, T, lam)[0][i]
            down = klr_objective(K, A - E, T, lam)[0][i]
            numeric[p, i] = (up - down) / (2 * step)
    # Central differences with step 1e-6 on losses of order 1: error ~ 1e-9.
    assert_allclose(gradient, numeric, atol=1e-7)


def test_hessian_matches_finite_differences(tiny_problem):
    # The Hessian formula K D K + lam K against differences of the gradient.
    K, A, T = tiny_problem
    lam = 0.05
    P = K.shape[0]
    step = 1e-6
    for i in range(A.shape[1]):
        numeric = np.zeros((P, P))
        for p in range(P):
            E = np.zeros_like(A)
            E[p, i] = step
            up = klr_objective(K, A + E, T, lam)[1][:, i]
            down = klr_objective(K, A - E, T, lam)[1][:, i]
            numeric[:, p] = (up - down) / (2 * step)
        z = K @ A[:, i]
        d = np.exp(-z) / (1 + np.exp(-z)) ** 2
        formula = K @ np.diag(d) @ K + lam * K
        assert_allclose(numeric, formula, atol=1e-7)


def test_hessian_max_eigenvalue_dense(tiny_problem):
    K, A, _ = tiny_problem
    lam = 0.05
    top, V = hessian_max_eigenvalue(K, A, lam)
    assert top.shape == (A.shape[1],)
    assert V.shape == A.shape
    for i in range(A.shape[1]):
        z = K @ A[:, i]
        d = np.exp(-z) / (1 + np.exp(-z)) ** 2
        H = K @ np.diag(d) @ K + lam * K
        assert top[i] == pytest.approx(np.linalg.eigvalsh(H)[-1], rel=1e-7)
        assert np.linalg.norm(V[:, i]) == pytest.approx(1.0, abs=1e-12)
        assert_allclose(H @ V[:, i], top[i] * V[:, i], atol=1e-3 * top[i])


def test_hessian_warm_start_agrees(tiny_problem):
    K, A, _ = tiny_problem
    top, V = hessian_max_eigenvalue(K, A, 0.05)
    again, _ = hessian_max_eigenvalue(K, A, 0.05, V=V)
    assert_allclose(again, top, rtol=1e-7)


# train_klr (Newton)


@pytest.fixture(scope="module")
def klr_load_two():
    """Newton KLR at N = 50, P = 100, gamma = 0.05, lam = 0.01."""
    X = random_patterns(100, 50, rng=7)
    return X, train_klr(X, 0.05, lam=0.01)


def test_train_klr_converges(klr_load_two):
    _, result = klr_load_two
    assert isinstance(result, KLRResult)
    assert result.converged
    assert result.method == "newton"
    assert "converged" in result.message
    assert result.residual_history[-1] <= 1e-8
    assert result.loss_history.size == result.iterations + 1
    assert result.residual_history.size == result.iterations + 1
    assert result.sharpness_history.size == 0


def test_train_klr_gradient_small(klr_load_two):
    X, result = klr_load_two
    K = gram_matrix(X, 0.05)
    _, gradient = klr_objective(K, result.A, (X + 1) / 2, 0.01)
    # The gradient is K F with max |F| <= 1e-8, so |grad| <= ||K||_inf 1e-8.
    assert np.abs(gradient).max() <= np.abs(K).sum(axis=1).max() * 1e-8


def test_train_klr_coefficient_bound(klr_load_two):
    # At the minimiser lam A = T - sigmoid(K A), whose entries lie in (-1, 1).
    _, result = klr_load_two
    assert np.abs(result.A).max() < 1 / 0.01


def test_train_klr_patterns_fixed(klr_load_two):
    X, result = klr_load_two
    assert result.A is result.network.A
    H = result.network.fields(X)
    assert_array_equal(np.sign(H), X)


def test_train_klr_loss_decreases(klr_load_two):
    _, result = klr_load_two
    assert np.all(np.diff(result.loss_history) <= 0)


def test_train_klr_beats_gd(klr_load_two):
    X, newton = klr_load_two
    gd = train_klr_gd(X, 0.05, lam=0.01, eta=0.1, epochs=300)
    assert newton.loss_history[-1] <= gd.loss_history[-1]


def test_train_klr_iteration_limit(small_patterns):
    result = train_klr(small_patterns, 0.05, max_iter=1)
    assert not result.converged
    assert result.iterations == 1
    assert "max_iter" in result.message


# train_klr_gd


def test_train_klr_gd_history_lengths(small_patterns):
    result = train_klr_gd(small_patterns, 0.05, epochs=7)
    assert result.method == "gd"
    assert result.iterations == 7
    assert result.loss_history.size == 8
    assert result.residual_history.size == 8
    assert result.sharpness_history.size == 0


def test_train_klr_gd_zero_epochs(small_patterns):
    result = train_klr_gd(small_patterns, 0.05, epochs=0)
    assert_array_equal(result.A, 0.0)
    P, N = small_patterns.shape
    assert result.loss_history.size == 1
    assert result.loss_history[0] == pytest.approx(P * N * math.log(2), rel=1e-12)


def test_train_klr_gd_first_step(small_patterns):
    X = small_patterns
    K = gram_matrix(X, 0.05)
    T = (X + 1) / 2
    result = train_klr_gd(X, 0.05, lam=0.01, eta=0.3, epochs=1)
    _, gradient = klr_objective(K, np.zeros_like(X), T, 0.01)
    assert_allclose(result.A, -0.3 * gradient, rtol=1e-12)


def test_train_klr_gd_loss_decreases(small_patterns):
    # With eta = 1 / L, where L bounds every Hessian (D <= 1/4), the
    # descent lemma makes every step lower the loss.
    X = small_patterns
    K = gram_matrix(X, 0.05)
    bound = np.linalg.eigvalsh(K @ K / 4 + 0.01 * K)[-1]
    result = train_klr_gd(X, 0.05, lam=0.01, eta=1 / bound, epochs=40)
    assert np.all(np.diff(result.loss_history) < 0)


def test_train_klr_gd_sharpness_start():
    # At A = 0 every neuron has D = 1/4, so H = K K / 4 + lam K.
    X = random_patterns(200, 50, rng=42)
    eta, lam = 0.1, 0.01
    result = train_klr_gd(X, 0.02, lam=lam, eta=eta, epochs=1, track_sharpness=True)
    K = gram_matrix(X, 0.02)
    expected = np.linalg.eigvalsh(K @ K / 4 + lam * K)[-1]
    assert result.sharpness_history.size == 2
    assert result.sharpness_history[0] == pytest.approx(expected, rel=1e-7)
    assert result.sharpness_history[0] > 2 / eta


def test_train_klr_gd_divergence_reported(small_patterns):
    with pytest.warns(RuntimeWarning, match="overflow"):
        result = train_klr_gd(small_patterns, 0.02, eta=1e6, epochs=300)
    assert not result.converged
    assert "diverged" in result.message
    assert result.iterations < 300
    assert not np.isfinite(result.loss_history[-1])


def test_train_klr_gd_nonfinite_coefficients_give_no_network(small_patterns):
    # With eta = 1e308 the first step overflows A itself, so there is no
    # finite network to return; KLRResult documents network = None.
    with pytest.warns(RuntimeWarning):
        result = train_klr_gd(small_patterns, 0.02, eta=1e308, epochs=5)
    assert result.network is None
    assert "diverged" in result.message
    assert not result.converged
    assert np.isfinite(result.loss_history[0])


def test_train_klr_gd_diverging_sharpness_tracked(small_patterns):
    # Tracking the sharpness must not turn a diverging run into an error.
    with pytest.warns(RuntimeWarning):
        result = train_klr_gd(
            small_patterns, 0.02, eta=1e308, epochs=5, track_sharpness=True
        )
    assert result.network is None
    assert result.sharpness_history.size == result.loss_history.size


# Duplicate patterns


def duplicated(X):
    return np.vstack([X, X[:2]])


@pytest.mark.parametrize(
    "train",
    [
        pytest.param(lambda X: train_krr(X, 0.1, lam=0.0), id="krr-lam0"),
        pytest.param(lambda X: train_krr(X, 0.1), id="krr"),
        pytest.param(lambda X: train_klr(X, 0.1).network, id="klr"),
        pytest.param(lambda X: train_klr_gd(X, 0.1, epochs=20).network, id="klr-gd"),
    ],
)
def test_duplicates_warn_finite(small_patterns, train):
    X = duplicated(small_patterns)
    with pytest.warns(RuntimeWarning, match="duplicate"):
        net = train(X)
    assert np.all(np.isfinite(net.A))
    assert_allclose(net.A[-2:], net.A[:2], atol=1e-6)


# Invalid input

X3 = np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])
K2 = np.eye(2)
A2 = np.zeros((2, 3))
T2 = np.ones((2, 3))

BAD_X = [
    pytest.param(np.array([[1.0, 0.0, -1.0]]), ValueError, "X", id="zero"),
    pytest.param(np.array([[1.0, np.nan, -1.0]]), ValueError, "X", id="nan"),
    pytest.param(np.array([[1.0, np.inf, -1.0]]), ValueError, "X", id="inf"),
    pytest.param(np.empty((0, 3)), ValueError, "X", id="empty"),
    pytest.param(np.ones(3), ValueError, "X", id="1d"),
    pytest.param(np.ones((3, 1)), ValueError, "N", id="N1"),
]

TRAINERS = [
    pytest.param(hebbian, id="hebbian"),
    pytest.param(pseudo_inverse, id="pinv"),
    pytest.param(lambda X: train_krr(X, 0.1), id="krr"),
    pytest.param(lambda X: train_klr(X, 0.1), id="klr"),
    pytest.param(lambda X: train_klr_gd(X, 0.1, epochs=1), id="klr-gd"),
]


@pytest.mark.parametrize("train", TRAINERS)
@pytest.mark.parametrize("X, error, name", BAD_X)
def test_trainers_reject_patterns(train, X, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        train(X)


KERNEL_TRAINERS = [
    pytest.param(lambda **kw: train_krr(X3, **kw), id="krr"),
    pytest.param(lambda **kw: train_klr(X3, **kw), id="klr"),
    pytest.param(lambda **kw: train_klr_gd(X3, epochs=1, **kw), id="klr-gd"),
]

BAD_SETTINGS = [
    pytest.param({"gamma": 0.0}, "gamma", id="gamma0"),
    pytest.param({"gamma": -0.1}, "gamma", id="gammaneg"),
    pytest.param({"gamma": np.nan}, "gamma", id="gammanan"),
    pytest.param({"gamma": np.inf}, "gamma", id="gammainf"),
    pytest.param({"gamma": 0.1, "lam": -0.01}, "lam", id="lamneg"),
    pytest.param({"gamma": 0.1, "lam": np.nan}, "lam", id="lamnan"),
    pytest.param({"gamma": 0.1, "lam": np.inf}, "lam", id="laminf"),
]


@pytest.mark.parametrize("train", KERNEL_TRAINERS)
@pytest.mark.parametrize("settings, name", BAD_SETTINGS)
def test_kernel_trainers_reject_settings(train, settings, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        train(**settings)


INVALID = [
    pytest.param(lambda: train_klr(X3, 0.1, lam=0.0), ValueError, "lam", id="klr-lam0"),
    pytest.param(
        lambda: train_klr_gd(X3, 0.1, lam=0.0), ValueError, "lam", id="gd-lam0"
    ),
    pytest.param(lambda: train_klr(X3, 0.1, tol=0.0), ValueError, "tol", id="klr-tol0"),
    pytest.param(
        lambda: train_klr(X3, 0.1, tol=np.nan), ValueError, "tol", id="klr-tolnan"
    ),
    pytest.param(
        lambda: train_klr(X3, 0.1, max_iter=-1),
        ValueError,
        "max_iter",
        id="klr-iterneg",
    ),
    pytest.param(
        lambda: train_klr(X3, 0.1, max_iter=2.0),
        TypeError,
        "max_iter",
        id="klr-iterfloat",
    ),
    pytest.param(
        lambda: train_klr_gd(X3, 0.1, eta=0.0), ValueError, "eta", id="gd-eta0"
    ),
    pytest.param(
        lambda: train_klr_gd(X3, 0.1, eta=-0.1), ValueError, "eta", id="gd-etaneg"
    ),
    pytest.param(
        lambda: train_klr_gd(X3, 0.1, eta=np.nan), ValueError, "eta", id="gd-etanan"
    ),
    pytest.param(
        lambda: train_klr_gd(X3, 0.1, eta=np.inf), ValueError, "eta", id="gd-etainf"
    ),
    pytest.param(
        lambda: train_klr_gd(X3, 0.1, epochs=-1),
        ValueError,
        "epochs",
        id="gd-epochsneg",
    ),
    pytest.param(
        lambda: train_klr_gd(X3, 0.1, epochs=2.5),
        TypeError,
        "epochs",
        id="gd-epochsfloat",
    ),
    pytest.param(
        lambda: klr_objective(np.eye(3), A2, T2, 0.1), ValueError, "K", id="obj-K-shape"
    ),
    pytest.param(
        lambda: klr_objective(K2, A2, np.ones((2, 2)), 0.1),
        ValueError,
        "T",
        id="obj-T-shape",
    ),
    pytest.param(
        lambda: klr_objective(K2, A2, T2, -0.1), ValueError, "lam", id="obj-lamneg"
    ),
    pytest.param(
        lambda: klr_objective(K2, A2, T2, np.nan), ValueError, "lam", id="obj-lamnan"
    ),
    pytest.param(
        lambda: klr_objective(np.full((2, 2), np.nan), A2, T2, 0.1),
        ValueError,
        "K",
        id="obj-K-nan",
    ),
    pytest.param(
        lambda: klr_objective(K2, A2, 3 * T2, 0.1),
        ValueError,
        "T",
        id="obj-T-three",
    ),
    pytest.param(
        lambda: klr_objective(
            np.empty((0, 0)), np.empty((0, 3)), np.empty((0, 3)), 0.1
        ),
        ValueError,
        "A",
        id="obj-empty",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, -0.1),
        ValueError,
        "lam",
        id="hess-lamneg",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, np.nan),
        ValueError,
        "lam",
        id="hess-lamnan",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(np.eye(3), A2, 0.1),
        ValueError,
        "K",
        id="hess-K-shape",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(np.full((2, 2), np.nan), A2, 0.1),
        ValueError,
        "K",
        id="hess-K-nan",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, 0.1, max_iter=0),
        ValueError,
        "max_iter",
        id="hess-iter0",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, 0.1, tol=-1.0),
        ValueError,
        "tol",
        id="hess-tolneg",
    ),
    pytest.param(
        lambda: klr_objective(K2, np.full((2, 3), np.nan), T2, 0.1),
        ValueError,
        "A",
        id="obj-A-nan",
    ),
    pytest.param(
        lambda: klr_objective(K2, A2, np.full((2, 3), np.inf), 0.1),
        ValueError,
        "T",
        id="obj-T-inf",
    ),
    pytest.param(
        lambda: klr_objective(K2, A2, 0.5 * T2, 0.1), ValueError, "T", id="obj-T-half"
    ),
    pytest.param(
        lambda: klr_objective(K2, np.zeros(2), np.ones(2), 0.1),
        ValueError,
        "A",
        id="obj-A-1d",
    ),
    pytest.param(
        lambda: klr_objective(np.ones((2, 3)), A2, T2, 0.1),
        ValueError,
        "K",
        id="obj-K-nonsquare",
    ),
    pytest.param(
        lambda: klr_objective(K2, A2, T2, np.inf), ValueError, "lam", id="obj-laminf"
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, np.empty((2, 0)), 0.1),
        ValueError,
        "A",
        id="hess-A-empty",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(np.array([[1.0, 0.5], [0.0, 1.0]]), A2, 0.1),
        ValueError,
        "K",
        id="hess-K-asymmetric",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, 0.1, V=np.ones((3, 3))),
        ValueError,
        "V",
        id="hess-V-shape",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, 0.1, V=np.zeros((2, 3))),
        ValueError,
        "V",
        id="hess-V-zero",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, 0.1, V=np.full((2, 3), np.nan)),
        ValueError,
        "V",
        id="hess-V-nan",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, 0.1, tol=np.nan),
        ValueError,
        "tol",
        id="hess-tolnan",
    ),
    pytest.param(
        lambda: hessian_max_eigenvalue(K2, A2, 0.1, max_iter=2.5),
        TypeError,
        "max_iter",
        id="hess-iterfloat",
    ),
    pytest.param(
        lambda: train_klr_gd(X3, 0.1, epochs=1, track_sharpness="yes"),
        TypeError,
        "track_sharpness",
        id="gd-track-str",
    ),
]


@pytest.mark.parametrize("call, error, name", INVALID)
def test_learning_invalid_input(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()


@pytest.mark.parametrize("gamma", [1e-3, 0.02, 0.2])
def test_klr_linear_solvers_agree(gamma):
    X = random_patterns(120, 30, rng=11)
    cg = train_klr(X, gamma, linear_solver="cg")
    direct = train_klr(X, gamma, linear_solver="cholesky")
    assert cg.converged
    assert direct.converged
    assert cg.residual_history[-1] <= 1e-8
    assert_allclose(cg.A, direct.A, atol=1e-5)
    assert cg.loss_history[-1] == pytest.approx(direct.loss_history[-1], rel=1e-10)


def test_klr_rejects_unknown_linear_solver():
    with pytest.raises(ValueError, match="linear_solver"):
        train_klr(random_patterns(5, 10, rng=0), 0.1, linear_solver="lu")
