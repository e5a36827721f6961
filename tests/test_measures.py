"""Tests for kernel_hopfield.measures: recall trials and basin radii."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from kernel_hopfield.learning import hebbian, train_klr
from kernel_hopfield.measures import (
    RecallTest,
    basin_radius,
    recall_success,
    recall_test,
)
from kernel_hopfield.networks import LinearNetwork
from kernel_hopfield.patterns import random_patterns


def gap(reason):
    """Mark a case that the library does not reject yet.

    The case states the expected behaviour. The marker is strict, so the case
    fails once the library rejects the input, and the marker must then go.
    """
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.fixture(scope="module")
def klr_network():
    """Converged KLR at N = 50, P = 100, gamma = 0.05 with its patterns."""
    X = random_patterns(100, 50, rng=7)
    result = train_klr(X, 0.05)
    assert result.converged
    return result.network, X


@pytest.fixture
def one_pattern():
    """Hebbian network storing one pattern of N = 20 neurons.

    A cue with n wrong bits has x_i h_i N = N - 2 n - x_i s_i, which is
    positive for every neuron exactly when n <= 9, so such cues are
    recalled in one step and cues with n >= 10 are not.
    """
    x = random_patterns(1, 20, rng=50)
    return hebbian(x), x


# recall_success and recall_test


def test_recall_success_stored_patterns(klr_network):
    net, X = klr_network
    assert recall_success(net, X, 0.0) == 1.0


def test_recall_test_shapes(klr_network):
    net, X = klr_network
    test = recall_test(net, X[:7], 0.1, n_trials=3, rng=0)
    assert isinstance(test, RecallTest)
    assert test.success.shape == (7, 3)
    assert test.success.dtype == bool
    assert test.final_overlap.shape == (7, 3)
    assert test.status.shape == (7, 3)


def test_recall_test_success_rate(one_pattern):
    net, x = one_pattern
    test = recall_test(net, np.vstack([x, x]), 0.3, n_trials=4, rng=1)
    assert test.success_rate == pytest.approx(test.success.mean())
    assert (
        recall_success(net, np.vstack([x, x]), 0.3, n_trials=4, rng=1)
        == test.success_rate
    )


def test_recall_test_overlap_consistent(klr_network):
    net, X = klr_network
    test = recall_test(net, X[:20], 0.2, n_trials=2, rng=2)
    assert np.all(np.abs(test.final_overlap) <= 1)
    assert np.all(test.final_overlap[test.success] == 1.0)
    assert np.all(test.final_overlap[~test.success] < 1.0)


def test_recall_test_one_bit_miss():
    # W = y x^T / N sends every state with positive overlap to y, which is x
    # with bit 0 flipped. Ending one bit away from x is a failed recall.
    N = 40
    x = random_patterns(1, N, rng=51)
    y = x.copy()
    y[0, 0] = -y[0, 0]
    test = recall_test(LinearNetwork(np.outer(y[0], x[0]) / N), x, 0.0, n_trials=2)
    assert not test.success.any()
    assert np.all(test.final_overlap == pytest.approx(1 - 2 / N, abs=1e-15))
    assert np.all(test.status == "fixed_point")


def test_recall_test_reversed_cue(one_pattern):
    # f = 1 gives the cue -x, itself a fixed point of the Hebbian network.
    net, x = one_pattern
    test = recall_test(net, x, 1.0, n_trials=2, rng=3)
    assert not test.success.any()
    assert np.all(test.final_overlap == -1.0)
    assert np.all(test.status == "fixed_point")


def test_recall_test_reproducible(klr_network):
    net, X = klr_network
    first = recall_test(net, X[:10], 0.3, n_trials=2, rng=4)
    second = recall_test(net, X[:10], 0.3, n_trials=2, rng=4)
    assert_array_equal(first.success, second.success)
    assert_array_equal(first.final_overlap, second.final_overlap)


# basin_radius


def test_basin_radius_one_pattern(one_pattern):
    net, x = one_pattern
    grid = [0.0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8]
    assert_array_equal(basin_radius(net, x, grid, n_trials=3, rng=5), [0.4])


def test_basin_radius_default_grid(one_pattern):
    # The default grid is 0, 1/N, ..., 1/2, and the last recalled flip count is 9.
    net, x = one_pattern
    assert_array_equal(basin_radius(net, x, n_trials=3, rng=6), [9 / 20])


def test_basin_radius_zero_threshold(one_pattern):
    net, x = one_pattern
    grid = [0.1, 0.5, 0.9]
    assert_array_equal(basin_radius(net, x, grid, threshold=0.0, rng=7), [0.9])


def test_basin_radius_not_fixed_point():
    # h = -s flips every neuron each step: no pattern is a fixed point.
    X = random_patterns(3, 10, rng=8)
    radius = basin_radius(LinearNetwork(-np.eye(10)), X, [0.0, 0.1, 0.2], rng=9)
    assert_array_equal(radius, 0.0)


def test_basin_radius_first_failure_stops():
    # Recompute the rule with loops from the same trials: the radius is the
    # last grid value before the first one whose success rate misses the
    # threshold, even when later grid values succeed again.
    X = random_patterns(4, 30, rng=10)
    net = hebbian(X)
    grid = np.arange(0, 16) / 30
    threshold, n_trials = 0.9, 5

    generator = np.random.default_rng(11)
    rates = [
        recall_test(net, X, f, n_trials, rng=generator).success.mean(axis=1)
        for f in grid
    ]
    expected = np.zeros(4)
    recovers = False
    for mu in range(4):
        for k, f in enumerate(grid):
            if rates[k][mu] < threshold:
                recovers |= any(rate[mu] >= threshold for rate in rates[k + 1 :])
                break
            expected[mu] = f

    radius = basin_radius(net, X, grid, threshold=threshold, n_trials=n_trials, rng=11)
    assert_array_equal(radius, expected)
    assert recovers, "no pattern succeeds again after a failure; pick another seed"


def test_basin_radius_grid_monotone_in_threshold(klr_network):
    net, X = klr_network
    grid = [0.0, 0.1, 0.2, 0.3]
    loose = basin_radius(net, X[:10], grid, threshold=0.5, n_trials=4, rng=12)
    strict = basin_radius(net, X[:10], grid, threshold=1.0, n_trials=4, rng=12)
    assert np.all(strict <= loose)


# Invalid input

NET = LinearNetwork(np.eye(3))
X3 = np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])

BAD_X = [
    pytest.param(np.array([[1.0, 0.0, -1.0]]), "X", id="X-zero"),
    pytest.param(np.array([[1.0, np.nan, -1.0]]), "X", id="X-nan"),
    pytest.param(np.empty((0, 3)), "X", id="X-empty"),
    pytest.param(np.ones(3), "X", id="X-1d"),
    pytest.param(np.ones((2, 4)), "N", id="X-mismatch"),
]


@pytest.mark.parametrize(
    "measure",
    [
        pytest.param(lambda X: recall_test(NET, X, 0.1), id="test"),
        pytest.param(lambda X: recall_success(NET, X, 0.1), id="success"),
        pytest.param(lambda X: basin_radius(NET, X, [0.0]), id="basin"),
    ],
)
@pytest.mark.parametrize("X, name", BAD_X)
def test_measures_reject_patterns(measure, X, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        measure(X)


INVALID = [
    pytest.param(lambda: recall_test(NET, X3, -0.1), ValueError, "f", id="test-fneg"),
    pytest.param(lambda: recall_test(NET, X3, 1.5), ValueError, "f", id="test-fbig"),
    pytest.param(lambda: recall_test(NET, X3, np.nan), ValueError, "f", id="test-fnan"),
    pytest.param(
        lambda: recall_test(NET, X3, 0.1, n_trials=0),
        ValueError,
        "n_trials",
        id="test-trials0",
    ),
    pytest.param(
        lambda: recall_test(NET, X3, 0.1, max_steps=0),
        ValueError,
        "max_steps",
        id="test-steps0",
    ),
    pytest.param(
        lambda: recall_success(NET, X3, 2.0), ValueError, "f", id="success-fbig"
    ),
    pytest.param(
        lambda: recall_success(NET, X3, 0.1, n_trials=-1),
        ValueError,
        "n_trials",
        id="success-trialsneg",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, []),
        ValueError,
        "flip_fractions",
        id="basin-empty",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [[0.1]]),
        ValueError,
        "flip_fractions",
        id="basin-2d",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.2, 0.1]),
        ValueError,
        "flip_fractions",
        id="basin-decreasing",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.1, 0.1]),
        ValueError,
        "flip_fractions",
        id="basin-repeated",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [-0.1, 0.1]),
        ValueError,
        "flip_fractions",
        id="basin-negative",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.5, 1.5]),
        ValueError,
        "flip_fractions",
        id="basin-above1",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.1, np.nan]),
        ValueError,
        "flip_fractions",
        id="basin-nan",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.1], threshold=1.1),
        ValueError,
        "threshold",
        id="basin-thresholdbig",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.1], threshold=-0.1),
        ValueError,
        "threshold",
        id="basin-thresholdneg",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.1], n_trials=0),
        ValueError,
        "n_trials",
        id="basin-trials0",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.1, np.inf]),
        ValueError,
        "flip_fractions",
        id="basin-inf",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, ["a", "b"]),
        TypeError,
        "flip_fractions",
        id="basin-str",
    ),
    pytest.param(
        lambda: basin_radius(NET, X3, [0.1], max_steps=0),
        ValueError,
        "max_steps",
        id="basin-steps0",
    ),
    pytest.param(
        lambda: recall_test(np.eye(3), X3, 0.1), TypeError, "network", id="test-not-net"
    ),
    pytest.param(
        lambda: basin_radius("hebbian", X3, [0.1]),
        TypeError,
        "network",
        id="basin-not-net",
    ),
]


@pytest.mark.parametrize("call, error, name", INVALID)
def test_measures_invalid_input(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()
