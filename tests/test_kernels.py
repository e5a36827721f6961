"""Tests for kernel_hopfield.kernels: RBF kernels, log kernels and distances."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from kernel_hopfield.kernels import (
    gram_matrix,
    log_rbf_kernel,
    rbf_kernel,
    squared_distances,
)
from kernel_hopfield.patterns import flip_bits, random_patterns


def gap(reason):
    """Mark a case that the library does not reject yet.

    The case states the expected behaviour. The marker is strict, so the case
    fails once the library rejects the input, and the marker must then go.
    """
    return pytest.mark.xfail(strict=True, reason=reason)


def brute_squared_distances(S, X):
    return np.array([[float(np.sum((s - x) ** 2)) for x in X] for s in S])


# squared_distances


def test_squared_distances_bipolar_brute_force():
    S = random_patterns(4, 11, rng=0)
    X = random_patterns(6, 11, rng=1)
    assert_array_equal(squared_distances(S, X), brute_squared_distances(S, X))


def test_squared_distances_real_brute_force():
    rng = np.random.default_rng(2)
    S = rng.normal(size=(5, 9))
    X = rng.normal(size=(3, 9))
    assert_allclose(squared_distances(S, X), brute_squared_distances(S, X), rtol=1e-12)


def test_squared_distances_hamming_relation():
    # For ±1 vectors |s - x|^2 = 4 * (number of differing bits).
    x = random_patterns(1, 30, rng=3)
    for k in (0, 1, 7, 30):
        s = flip_bits(x, k, rng=k)
        assert squared_distances(s, x)[0, 0] == 4 * k


def test_squared_distances_nonnegative_self():
    rng = np.random.default_rng(4)
    S = rng.normal(size=(6, 20)) * 1e3
    d2 = squared_distances(S, S)
    assert np.all(d2 >= 0)
    assert_allclose(np.diag(d2), 0.0, atol=1e-6 * np.max(d2))


# rbf_kernel, gram_matrix and the exponential-overlap identity


@pytest.mark.parametrize("gamma", [0.01, 0.1, 0.5])
def test_rbf_kernel_overlap_identity(gamma):
    N = 16
    S = random_patterns(3, N, rng=5)
    X = random_patterns(4, N, rng=6)
    K = rbf_kernel(S, X, gamma)
    for b in range(3):
        for mu in range(4):
            dot = float(np.dot(S[b], X[mu]))
            expected = math.exp(-2 * gamma * N) * math.exp(2 * gamma * dot)
            assert K[b, mu] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("gamma", [0.01, 0.1, 0.5])
def test_gram_matrix_overlap_identity(gamma):
    N = 16
    X = random_patterns(5, N, rng=7)
    K = gram_matrix(X, gamma)
    for mu in range(5):
        for nu in range(5):
            dot = float(np.dot(X[mu], X[nu]))
            expected = math.exp(-2 * gamma * N) * math.exp(2 * gamma * dot)
            assert K[mu, nu] == pytest.approx(expected, rel=1e-12)


def test_gram_matrix_equals_rbf_kernel(small_patterns):
    assert_allclose(
        gram_matrix(small_patterns, 0.07),
        rbf_kernel(small_patterns, small_patterns, 0.07),
        rtol=1e-12,
    )


def test_gram_matrix_properties(small_patterns):
    K = gram_matrix(small_patterns, 0.05)
    P = small_patterns.shape[0]
    assert K.shape == (P, P)
    assert_array_equal(K, K.T)
    assert_array_equal(np.diag(K), 1.0)
    assert np.trace(K) == pytest.approx(P, abs=1e-12)
    assert np.linalg.eigvalsh(K).min() > -1e-12


def test_rbf_kernel_continuous_states():
    rng = np.random.default_rng(8)
    S = rng.uniform(-1, 1, size=(3, 7))
    X = random_patterns(2, 7, rng=9)
    expected = np.exp(-0.3 * brute_squared_distances(S, X))
    assert_allclose(rbf_kernel(S, X, 0.3), expected, rtol=1e-12)


# log_rbf_kernel


def test_log_rbf_matches_log_of_rbf():
    S = random_patterns(4, 20, rng=10)
    X = random_patterns(5, 20, rng=11)
    K = rbf_kernel(S, X, 0.2)
    assert np.all(K > 0)
    assert_allclose(log_rbf_kernel(S, X, 0.2), np.log(K), rtol=1e-12)


def test_log_rbf_finite_where_rbf_underflows():
    # With gamma N = 20 000 every off-diagonal kernel value is below exp(-745)
    # and underflows to zero, while its logarithm stays an exact, finite number.
    N, gamma = 2000, 10.0
    X = random_patterns(3, N, rng=12)
    S = flip_bits(X, 1, rng=13)
    logk = log_rbf_kernel(S, X, gamma)
    K = rbf_kernel(S, X, gamma)
    hamming = np.sum(S[:, None, :] != X[None, :, :], axis=2)
    assert np.all(np.isfinite(logk))
    assert_allclose(logk, -gamma * 4 * hamming, rtol=1e-12)
    off_diagonal = ~np.eye(3, dtype=bool)
    assert np.all(K[off_diagonal] == 0.0)
    assert np.all(logk[off_diagonal] < -745)


# Invalid input

X3 = np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])

BAD_GAMMA = [0, -1.0, np.nan, np.inf, -np.inf]

INVALID = [
    *(
        pytest.param(
            lambda g=g: rbf_kernel(X3, X3, g), ValueError, "gamma", id=f"rbf-{g}"
        )
        for g in BAD_GAMMA
    ),
    *(
        pytest.param(
            lambda g=g: log_rbf_kernel(X3, X3, g), ValueError, "gamma", id=f"log-{g}"
        )
        for g in BAD_GAMMA
    ),
    *(
        pytest.param(
            lambda g=g: gram_matrix(X3, g), ValueError, "gamma", id=f"gram-{g}"
        )
        for g in BAD_GAMMA
    ),
    pytest.param(lambda: rbf_kernel(X3, X3, "0.1"), TypeError, "gamma", id="rbf-gstr"),
    pytest.param(lambda: rbf_kernel(X3, X3, True), TypeError, "gamma", id="rbf-gbool"),
    pytest.param(
        lambda: rbf_kernel(X3, np.ones((2, 4)), 0.1), ValueError, "X", id="rbf-mismatch"
    ),
    pytest.param(lambda: rbf_kernel(X3[0], X3, 0.1), ValueError, "S", id="rbf-1d"),
    pytest.param(
        lambda: rbf_kernel(np.ones((1, 1, 3)), X3, 0.1), ValueError, "S", id="rbf-3d"
    ),
    pytest.param(
        lambda: rbf_kernel(np.array([[1.0, np.nan, 1.0]]), X3, 0.1),
        ValueError,
        "S",
        id="rbf-nan",
    ),
    pytest.param(
        lambda: rbf_kernel(X3, np.array([[1.0, np.inf, 1.0]]), 0.1),
        ValueError,
        "X",
        id="rbf-inf",
    ),
    pytest.param(
        lambda: rbf_kernel(np.empty((0, 3)), X3, 0.1),
        ValueError,
        "S",
        id="rbf-empty",
    ),
    pytest.param(
        lambda: log_rbf_kernel(np.ones((2, 0)), np.ones((3, 0)), 0.1),
        ValueError,
        "S",
        id="log-N0",
    ),
    pytest.param(lambda: gram_matrix(2 * X3, 0.1), ValueError, "X", id="gram-two"),
    pytest.param(
        lambda: gram_matrix(np.full((2, 3), np.nan), 0.1),
        ValueError,
        "X",
        id="gram-nan",
    ),
    pytest.param(lambda: gram_matrix(X3[0], 0.1), ValueError, "X", id="gram-1d"),
    pytest.param(
        lambda: gram_matrix(np.empty((0, 3)), 0.1), ValueError, "X", id="gram-empty"
    ),
    pytest.param(
        lambda: gram_matrix(np.ones((3, 1)), 0.1), ValueError, "N", id="gram-N1"
    ),
    pytest.param(
        lambda: squared_distances(X3, np.ones((2, 4))),
        ValueError,
        "X",
        id="sqdist-mismatch",
    ),
    pytest.param(
        lambda: squared_distances(np.array([[1.0, np.nan, 1.0]]), X3),
        ValueError,
        "S",
        id="sqdist-nan",
    ),
    pytest.param(
        lambda: rbf_kernel(np.ones((2, 1)), np.ones((3, 1)), 0.1),
        ValueError,
        "S",
        id="rbf-N1",
    ),
    pytest.param(
        lambda: rbf_kernel(X3.astype(complex), X3, 0.1),
        TypeError,
        "S",
        id="rbf-complex",
    ),
    pytest.param(
        lambda: rbf_kernel(X3, X3 > 0, 0.1), TypeError, "X", id="rbf-bool"
    ),
    pytest.param(
        lambda: log_rbf_kernel(X3, np.empty((0, 3)), 0.1),
        ValueError,
        "X",
        id="log-X-empty",
    ),
    pytest.param(
        lambda: squared_distances(np.empty((0, 3)), X3),
        ValueError,
        "S",
        id="sqdist-empty",
    ),
    pytest.param(
        lambda: squared_distances(X3[0], X3), ValueError, "S", id="sqdist-1d"
    ),
    pytest.param(
        lambda: squared_distances(X3, np.array([[1.0, np.inf, 1.0]])),
        ValueError,
        "X",
        id="sqdist-inf",
    ),
    pytest.param(
        lambda: squared_distances([["a", "b", "c"]], X3),
        TypeError,
        "S",
        id="sqdist-str",
    ),
]


@pytest.mark.parametrize("call, error, name", INVALID)
def test_kernels_invalid_input(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()
