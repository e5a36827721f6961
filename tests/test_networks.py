"""Tests for kernel_hopfield.networks: linear and kernel local fields."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from kernel_hopfield.networks import KernelNetwork, LinearNetwork
from kernel_hopfield.patterns import flip_bits, random_patterns


def gap(reason):
    """Mark a case that the library does not reject yet.

    The case states the expected behaviour. The marker is strict, so the case
    fails once the library rejects the input, and the marker must then go.
    """
    return pytest.mark.xfail(strict=True, reason=reason)


def direct_kernel_fields(S, X, A, gamma):
    """Return h_i(s) = sum_mu A[mu, i] exp(-gamma |s - xi_mu|^2) by loops."""
    H = np.zeros((S.shape[0], A.shape[1]))
    for b, s in enumerate(S):
        for mu, x in enumerate(X):
            H[b] += A[mu] * math.exp(-gamma * float(np.sum((s - x) ** 2)))
    return H


@pytest.fixture
def kernel_network():
    X = random_patterns(6, 10, rng=30)
    A = np.random.default_rng(31).normal(size=(6, 10))
    return KernelNetwork(X, A, gamma=0.05)


# LinearNetwork


def test_linear_fields_are_W_s():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(9, 9))
    S = random_patterns(4, 9, rng=1)
    H = LinearNetwork(W).fields(S)
    for b in range(4):
        for i in range(9):
            assert H[b, i] == pytest.approx(sum(W[i, j] * S[b, j] for j in range(9)))


def test_linear_fields_single_state():
    W = np.random.default_rng(2).normal(size=(5, 5))
    s = random_patterns(1, 5, rng=3)[0]
    h = LinearNetwork(W).fields(s)
    assert h.shape == (5,)
    assert_allclose(h, W @ s, rtol=1e-12)


def test_linear_network_N():
    assert LinearNetwork(np.eye(7)).N == 7


def test_linear_neuron_fields_column():
    W = np.random.default_rng(4).normal(size=(8, 8))
    net = LinearNetwork(W)
    S = random_patterns(5, 8, rng=5)
    j = np.array([0, 7, 3, 3, 1])
    assert_allclose(net.neuron_fields(S, j), net.fields(S)[np.arange(5), j], rtol=1e-12)


# KernelNetwork


def test_kernel_network_sizes(kernel_network):
    assert kernel_network.N == 10
    assert kernel_network.P == 6


def test_kernel_unscaled_fields_direct(kernel_network):
    S = random_patterns(4, 10, rng=32)
    net = kernel_network
    expected = direct_kernel_fields(S, net.X, net.A, net.gamma)
    assert_allclose(net.fields(S, scaled=False), expected, rtol=1e-12)


def test_kernel_scaled_fields_factor(kernel_network):
    # The docstring's factor: scaled h = h exp(gamma d_min^2).
    S = random_patterns(4, 10, rng=33)
    net = kernel_network
    d2 = np.array([[np.sum((s - x) ** 2) for x in net.X] for s in S])
    factor = np.exp(net.gamma * d2.min(axis=1))
    expected = direct_kernel_fields(S, net.X, net.A, net.gamma) * factor[:, None]
    assert_allclose(net.fields(S), expected, rtol=1e-12)


def test_kernel_scaled_unscaled_same_signs(kernel_network):
    S = random_patterns(20, 10, rng=34)
    scaled = kernel_network.fields(S)
    unscaled = kernel_network.fields(S, scaled=False)
    assert_array_equal(np.sign(scaled), np.sign(unscaled))


def test_kernel_fields_single_state(kernel_network):
    s = random_patterns(1, 10, rng=35)[0]
    assert kernel_network.fields(s).shape == (10,)
    assert_allclose(kernel_network.fields(s), kernel_network.fields(s[None])[0])


def test_kernel_neuron_fields_column(kernel_network):
    S = random_patterns(6, 10, rng=36)
    j = np.array([9, 0, 4, 4, 2, 5])
    expected = kernel_network.fields(S)[np.arange(6), j]
    assert_allclose(kernel_network.neuron_fields(S, j), expected, rtol=1e-12)


@pytest.mark.parametrize("distance", [1, 100])
def test_kernel_scaled_fields_no_underflow(distance):
    # N = 500 and gamma = 5: a cue at Hamming distance d from pattern 0 has
    # log-kernel -20 d there and about -20 * 250 at the other patterns. The
    # scaled fields are then A[0] up to exp(-20 * (250 - d)), which is far
    # below round-off, so they must equal A[0] and never be exactly zero.
    N, gamma = 500, 5.0
    X = random_patterns(4, N, rng=37)
    A = np.random.default_rng(38).normal(size=(4, N))
    net = KernelNetwork(X, A, gamma)
    cue = flip_bits(X[0], distance, rng=39)
    assert np.min(np.sum(X[1:] != cue, axis=1)) > distance + 100

    scaled = net.fields(cue)
    assert np.all(scaled != 0.0)
    assert_allclose(scaled, A[0], rtol=1e-12)
    assert_allclose(net.neuron_fields(cue[None], np.array([3]))[0], A[0, 3], rtol=1e-12)


def test_kernel_unscaled_fields_underflow():
    # The same setting at distance 100: exp(-2000) underflows, which is why
    # the scaled fields exist.
    N = 500
    X = random_patterns(4, N, rng=37)
    A = np.random.default_rng(38).normal(size=(4, N))
    cue = flip_bits(X[0], 100, rng=39)
    assert np.all(KernelNetwork(X, A, 5.0).fields(cue, scaled=False) == 0.0)


# Invalid input

X3 = np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])
A3 = np.ones((2, 3))
LINEAR = LinearNetwork(np.eye(3))
KERNEL = KernelNetwork(X3, A3, 0.1)

INVALID = [
    pytest.param(
        lambda: LinearNetwork(np.ones((3, 4))), ValueError, "W", id="W-nonsquare"
    ),
    pytest.param(lambda: LinearNetwork(np.ones(3)), ValueError, "W", id="W-1d"),
    pytest.param(lambda: LinearNetwork(np.ones((1, 1))), ValueError, "W", id="W-N1"),
    pytest.param(
        lambda: LinearNetwork(np.empty((0, 0))), ValueError, "W", id="W-empty"
    ),
    pytest.param(
        lambda: LinearNetwork(np.full((3, 3), np.nan)), ValueError, "W", id="W-nan"
    ),
    pytest.param(
        lambda: LinearNetwork(np.full((3, 3), np.inf)), ValueError, "W", id="W-inf"
    ),
    pytest.param(
        lambda: LINEAR.fields(np.ones(4)), ValueError, "S", id="linear-mismatch"
    ),
    pytest.param(lambda: LINEAR.fields(np.zeros(3)), ValueError, "S", id="linear-zero"),
    pytest.param(
        lambda: LINEAR.fields(np.full(3, np.nan)), ValueError, "S", id="linear-nan"
    ),
    pytest.param(
        lambda: LINEAR.fields(np.empty((0, 3))), ValueError, "S", id="linear-empty"
    ),
    pytest.param(
        lambda: LINEAR.fields(np.ones((1, 1, 3))), ValueError, "S", id="linear-3d"
    ),
    pytest.param(
        lambda: LINEAR.neuron_fields(np.zeros((1, 3)), np.array([0])),
        ValueError,
        "S",
        id="linear-neuron-zero",
    ),
    pytest.param(
        lambda: LINEAR.neuron_fields(np.ones((1, 4)), np.array([0])),
        ValueError,
        "S",
        id="linear-neuron-mismatch",
    ),
    pytest.param(
        lambda: KernelNetwork(0 * X3, A3, 0.1), ValueError, "X", id="kernel-X-zero"
    ),
    pytest.param(
        lambda: KernelNetwork(X3[0], A3, 0.1), ValueError, "X", id="kernel-X-1d"
    ),
    pytest.param(
        lambda: KernelNetwork(np.empty((0, 3)), A3, 0.1),
        ValueError,
        "X",
        id="kernel-X-empty",
    ),
    pytest.param(
        lambda: KernelNetwork(np.ones((2, 1)), np.ones((2, 1)), 0.1),
        ValueError,
        "N",
        id="kernel-N1",
    ),
    pytest.param(
        lambda: KernelNetwork(X3, np.ones((3, 3)), 0.1),
        ValueError,
        "A",
        id="kernel-A-shape",
    ),
    pytest.param(
        lambda: KernelNetwork(X3, np.full((2, 3), np.nan), 0.1),
        ValueError,
        "A",
        id="kernel-A-nan",
    ),
    pytest.param(
        lambda: KernelNetwork(X3, A3, 0.0), ValueError, "gamma", id="kernel-gamma0"
    ),
    pytest.param(
        lambda: KernelNetwork(X3, A3, -1.0), ValueError, "gamma", id="kernel-gammaneg"
    ),
    pytest.param(
        lambda: KernelNetwork(X3, A3, np.nan), ValueError, "gamma", id="kernel-gammanan"
    ),
    pytest.param(
        lambda: KernelNetwork(X3, A3, np.inf), ValueError, "gamma", id="kernel-gammainf"
    ),
    pytest.param(
        lambda: KERNEL.fields(np.ones(4)), ValueError, "S", id="kernel-mismatch"
    ),
    pytest.param(
        lambda: KERNEL.fields(np.zeros((2, 3))), ValueError, "S", id="kernel-zero"
    ),
    pytest.param(
        lambda: KERNEL.fields(np.empty(0)), ValueError, "S", id="kernel-empty"
    ),
    pytest.param(
        lambda: KERNEL.neuron_fields(np.zeros((1, 3)), np.array([0])),
        ValueError,
        "S",
        id="kernel-neuron-zero",
    ),
    pytest.param(
        lambda: LINEAR.neuron_fields(np.ones(3), np.array([0])),
        ValueError,
        "S",
        id="linear-neuron-single",
    ),
    pytest.param(
        lambda: LINEAR.neuron_fields(np.ones((1, 3)), np.array([3])),
        ValueError,
        "j",
        id="linear-neuron-jbig",
    ),
    pytest.param(
        lambda: LINEAR.neuron_fields(np.ones((1, 3)), np.array([-1])),
        ValueError,
        "j",
        id="linear-neuron-jneg",
    ),
    pytest.param(
        lambda: LINEAR.neuron_fields(np.ones((2, 3)), np.array([0])),
        ValueError,
        "j",
        id="linear-neuron-jshape",
    ),
    pytest.param(
        lambda: LINEAR.neuron_fields(np.ones((1, 3)), np.array([0.5])),
        TypeError,
        "j",
        id="linear-neuron-jfloat",
    ),
    pytest.param(
        lambda: KERNEL.neuron_fields(np.ones((1, 3)), np.array([5])),
        ValueError,
        "j",
        id="kernel-neuron-jbig",
    ),
    pytest.param(
        lambda: KERNEL.neuron_fields(np.ones((1, 4)), np.array([0])),
        ValueError,
        "S",
        id="kernel-neuron-mismatch",
    ),
    pytest.param(
        lambda: KERNEL.fields(np.ones(3), scaled="no"),
        TypeError,
        "scaled",
        id="kernel-scaled-str",
    ),
    pytest.param(
        lambda: KernelNetwork(X3, A3.astype(complex), 0.1),
        TypeError,
        "A",
        id="kernel-A-complex",
    ),
]


@pytest.mark.parametrize("call, error, name", INVALID)
def test_networks_invalid_input(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()
