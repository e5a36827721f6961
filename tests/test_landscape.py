"""Closed forms of the landscape F(s) against finite differences."""

import numpy as np
import pytest

from kernel_hopfield import (
    KernelNetwork,
    hamming_profile,
    landscape,
    landscape_gradient,
    landscape_laplacian,
    path_profile,
    random_patterns,
    train_klr,
)


@pytest.fixture(scope="module")
def network():
    X = random_patterns(12, 10, rng=3)
    return train_klr(X, gamma=0.08).network


def relaxed_states(network, count=4, seed=0):
    """Points of the continuous relaxation near the stored patterns."""
    rng = np.random.default_rng(seed)
    return network.X[:count] + 0.3 * rng.standard_normal((count, network.N))


def test_landscape_matches_direct_sum(network):
    S = relaxed_states(network)
    K = np.exp(-network.gamma * ((S[:, None, :] - network.X[None]) ** 2).sum(-1))
    direct = np.einsum("bi,bi->b", S, K @ network.A) / network.N
    np.testing.assert_allclose(landscape(network, S), direct, rtol=1e-12)


def test_gradient_matches_finite_differences(network):
    S = relaxed_states(network)
    step = 1e-6
    numeric = np.empty_like(S)
    for j in range(network.N):
        shift = np.zeros(network.N)
        shift[j] = step
        numeric[:, j] = (
            landscape(network, S + shift) - landscape(network, S - shift)
        ) / (2 * step)
    gradient, _, _ = landscape_gradient(network, S)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-8)


def test_gradient_terms_sum_to_gradient(network):
    S = relaxed_states(network)
    gradient, h, Jts = landscape_gradient(network, S)
    K = np.exp(-network.gamma * ((S[:, None, :] - network.X[None]) ** 2).sum(-1))
    np.testing.assert_allclose(h, K @ network.A, rtol=1e-12)
    np.testing.assert_allclose(gradient, (h + Jts) / network.N, rtol=1e-12)


def test_gradient_own_term_vanishes_at_pattern():
    X = random_patterns(1, 8, rng=0)
    network = KernelNetwork(X, 2.0 * X, gamma=0.3)
    _, _, Jts = landscape_gradient(network, X)
    np.testing.assert_allclose(Jts, 0.0, atol=1e-14)


def test_laplacian_matches_finite_differences(network):
    S = relaxed_states(network)
    step = 1e-4
    centre = landscape(network, S)
    numeric = np.zeros(S.shape[0])
    for j in range(network.N):
        shift = np.zeros(network.N)
        shift[j] = step
        numeric += (
            landscape(network, S + shift) - 2 * centre + landscape(network, S - shift)
        )
    numeric /= step**2
    np.testing.assert_allclose(landscape_laplacian(network, S), numeric, rtol=1e-5)


def test_landscape_accepts_single_state(network):
    value = landscape(network, network.X[0])
    assert value.shape == (1,)


def test_landscape_rejects_wrong_width(network):
    with pytest.raises(ValueError, match="S must have shape"):
        landscape(network, np.ones((2, network.N + 1)))


def test_landscape_rejects_nan(network):
    S = network.X[:1].copy()
    S[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        landscape(network, S)


def test_hamming_profile_starts_at_peak(network):
    mean, std = hamming_profile(network, network.X[0], [0, 1, 3], n_samples=5, rng=1)
    assert mean[0] == pytest.approx(landscape(network, network.X[0])[0])
    assert std[0] == 0.0
    assert mean[1] < mean[0]


def test_path_profile_endpoints(network):
    t, values = path_profile(network, network.X[0], network.X[1], n_points=11)
    assert t[0] == 0.0
    assert t[-1] == 1.0
    assert values[0] == pytest.approx(landscape(network, network.X[0])[0])
    assert values[-1] == pytest.approx(landscape(network, network.X[1])[0])


# Invalid input

X3 = np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])
NET3 = KernelNetwork(X3, np.ones((2, 3)), 0.1)

INVALID = [
    pytest.param(
        lambda: landscape(np.eye(3), X3), TypeError, "network", id="not-kernel"
    ),
    pytest.param(
        lambda: landscape_gradient(NET3, np.empty((0, 3))),
        ValueError,
        "S",
        id="gradient-empty",
    ),
    pytest.param(
        lambda: landscape_laplacian(NET3, X3.astype(complex)),
        TypeError,
        "S",
        id="laplacian-complex",
    ),
    pytest.param(
        lambda: hamming_profile(NET3, [1.0, 0.0, 1.0], [1]),
        ValueError,
        "pattern",
        id="hamming-pattern-zero",
    ),
    pytest.param(
        lambda: hamming_profile(NET3, [1.0, 1.0], [1]),
        ValueError,
        "pattern",
        id="hamming-pattern-short",
    ),
    pytest.param(
        lambda: hamming_profile(NET3, X3[0], []),
        ValueError,
        "distances",
        id="hamming-no-distances",
    ),
    pytest.param(
        lambda: hamming_profile(NET3, X3[0], [-1]),
        ValueError,
        "distances",
        id="hamming-negative",
    ),
    pytest.param(
        lambda: hamming_profile(NET3, X3[0], [4]),
        ValueError,
        "distances",
        id="hamming-above-N",
    ),
    pytest.param(
        lambda: hamming_profile(NET3, X3[0], [1.5]),
        ValueError,
        "distances",
        id="hamming-fractional",
    ),
    pytest.param(
        lambda: hamming_profile(NET3, X3[0], [np.nan]),
        ValueError,
        "distances",
        id="hamming-nan",
    ),
    pytest.param(
        lambda: hamming_profile(NET3, X3[0], [1], n_samples=0),
        ValueError,
        "n_samples",
        id="hamming-samples0",
    ),
    pytest.param(
        lambda: path_profile(NET3, X3[0], X3[1], n_points=1),
        ValueError,
        "n_points",
        id="path-one-point",
    ),
    pytest.param(
        lambda: path_profile(NET3, [1.0, np.nan, 1.0], X3[1]),
        ValueError,
        "start",
        id="path-start-nan",
    ),
    pytest.param(
        lambda: path_profile(NET3, X3[0], np.ones(4)),
        ValueError,
        "end",
        id="path-end-length",
    ),
    pytest.param(
        lambda: path_profile(NET3, X3[0], X3), ValueError, "end", id="path-end-2d"
    ),
]


@pytest.mark.parametrize("call, error, name", INVALID)
def test_landscape_invalid_input(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()


def test_hamming_profile_accepts_whole_float_distances(network):
    as_int = hamming_profile(network, network.X[0], [0, 2], n_samples=3, rng=2)
    as_float = hamming_profile(network, network.X[0], [0.0, 2.0], n_samples=3, rng=2)
    np.testing.assert_array_equal(as_int, as_float)
