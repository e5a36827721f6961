"""Force splits at stored patterns and their statistics."""

import numpy as np
import pytest

from kernel_hopfield import KernelNetwork, landscape, random_patterns, train_klr
from kernel_hopfield.forces import (
    field_split,
    force_statistics,
    gradient_split,
    split_forces,
)


@pytest.fixture(scope="module")
def network():
    return train_klr(random_patterns(30, 12, rng=4), gamma=0.04).network


def test_field_split_sums_to_aligned_field(network):
    direct, indirect = field_split(network)
    aligned = network.X * network.fields(network.X, scaled=False)
    np.testing.assert_allclose(direct + indirect, aligned, rtol=1e-10, atol=1e-12)


def test_field_split_direct_is_own_coefficient(network):
    direct, _ = field_split(network)
    np.testing.assert_array_equal(direct, network.X * network.A)


def test_cross_term_by_brute_force(network):
    X, A, gamma = network.X, network.A, network.gamma
    nu = 3
    expected = np.zeros(network.N)
    for mu in range(network.P):
        if mu != nu:
            expected += A[mu] * np.exp(-gamma * np.sum((X[nu] - X[mu]) ** 2))
    _, indirect = field_split(network)
    np.testing.assert_allclose(indirect[nu], X[nu] * expected, rtol=1e-10)


def test_gradient_split_matches_finite_differences(network):
    direct, indirect = gradient_split(network)
    step = 1e-6
    numeric = np.empty((network.P, network.N))
    for j in range(network.N):
        shift = np.zeros(network.N)
        shift[j] = step
        numeric[:, j] = (
            landscape(network, network.X + shift) - landscape(network, network.X - shift)
        ) / (2 * step)
    gradient = network.X * numeric * network.N
    np.testing.assert_allclose(direct + indirect, gradient, rtol=1e-5, atol=1e-7)


def test_gradient_split_own_term_absent():
    X = random_patterns(1, 10, rng=1)
    network = KernelNetwork(X, 3.0 * X, gamma=0.2)
    direct, indirect = gradient_split(network)
    np.testing.assert_allclose(indirect, 0.0, atol=1e-14)
    np.testing.assert_allclose(direct, 3.0)


def test_split_forces_rejects_unknown(network):
    with pytest.raises(ValueError, match="split must be one of"):
        split_forces(network, "hebbian")


@pytest.mark.parametrize("split", ["field", "gradient"])
def test_statistics_scale_invariant(network, split):
    base = force_statistics(*split_forces(network, split))
    scaled = KernelNetwork(network.X, 7.0 * network.A, network.gamma)
    other = force_statistics(*split_forces(scaled, split))
    assert other.corr_neurons == pytest.approx(base.corr_neurons, rel=1e-9)
    assert other.corr_patterns == pytest.approx(base.corr_patterns, rel=1e-9)
    assert other.dominance == pytest.approx(base.dominance, rel=1e-9)
    assert other.mean_direct == pytest.approx(7.0 * base.mean_direct, rel=1e-9)


def test_statistics_against_numpy():
    rng = np.random.default_rng(0)
    direct = rng.standard_normal((6, 9))
    indirect = -0.5 * direct + 0.3 * rng.standard_normal((6, 9))
    stats = force_statistics(direct, indirect)
    per_pattern = [np.corrcoef(direct[k], indirect[k])[0, 1] for k in range(6)]
    assert stats.corr_neurons == pytest.approx(np.mean(per_pattern))
    expected = np.corrcoef(direct.mean(axis=1), indirect.mean(axis=1))[0, 1]
    assert stats.corr_patterns == pytest.approx(expected)
    assert stats.dominance == pytest.approx(np.abs(direct).mean() / np.abs(indirect).mean())
    assert stats.corr_neurons < 0


def test_statistics_constant_rows_give_nan():
    direct = np.ones((3, 4))
    indirect = np.arange(12.0).reshape(3, 4)
    stats = force_statistics(direct, indirect)
    assert np.isnan(stats.corr_neurons)


def test_statistics_zero_indirect_dominance_infinite():
    stats = force_statistics(np.ones((2, 3)), np.zeros((2, 3)))
    assert stats.dominance == np.inf


@pytest.mark.parametrize(
    "direct, indirect",
    [
        (np.ones((2, 3)), np.ones((3, 2))),
        (np.ones(3), np.ones(3)),
        (np.empty((0, 3)), np.empty((0, 3))),
        (np.full((2, 2), np.nan), np.ones((2, 2))),
    ],
)
def test_statistics_reject_bad_arrays(direct, indirect):
    with pytest.raises(ValueError, match="direct and indirect"):
        force_statistics(direct, indirect)


def test_statistics_reject_non_real():
    with pytest.raises(TypeError, match=r"\bdirect\b"):
        force_statistics(np.array([["a", "b"]]), np.ones((1, 2)))
    with pytest.raises(TypeError, match=r"\bindirect\b"):
        force_statistics(np.ones((1, 2)), np.ones((1, 2), dtype=complex))


def test_splits_reject_linear_network():
    from kernel_hopfield import hebbian

    linear = hebbian(random_patterns(3, 5, rng=0))
    for split in ("field", "gradient"):
        with pytest.raises(TypeError, match=r"\bnetwork\b"):
            split_forces(linear, split)
