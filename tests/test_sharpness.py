"""Readings of Pinnacle Sharpness: reference values, scaling and brute force."""

import numpy as np
import pytest

from kernel_hopfield import sharpness

from kernel_hopfield import (
    KernelNetwork,
    flip_drop,
    hebbian,
    height,
    landscape,
    pinnacle_sharpness,
    random_patterns,
    rkhs_margin,
    sharpness_readings,
    train_klr,
)


@pytest.fixture(scope="module")
def trained():
    X = random_patterns(40, 20, rng=5)
    return train_klr(X, gamma=0.03).network


def scaled(network, c):
    return KernelNetwork(network.X, c * network.A, network.gamma)


@pytest.mark.parametrize("gamma", [1e-3, 0.05, 2.0])
def test_isolated_pattern_has_unit_sharpness(gamma):
    X = random_patterns(1, 16, rng=2)
    network = KernelNetwork(X, 0.4 * X, gamma)
    assert pinnacle_sharpness(network, X)[0] == pytest.approx(1.0, rel=1e-12)


def test_sharpness_from_finite_difference_laplacian(trained):
    X = trained.X[:3]
    step = 1e-4
    laplacian = np.zeros(3)
    for j in range(trained.N):
        shift = np.zeros(trained.N)
        shift[j] = step
        laplacian += (
            landscape(trained, X + shift)
            - 2 * landscape(trained, X)
            + landscape(trained, X - shift)
        )
    laplacian /= step**2
    expected = -laplacian / (2 * trained.gamma * trained.N * landscape(trained, X))
    np.testing.assert_allclose(pinnacle_sharpness(trained, X), expected, rtol=1e-5)


def test_height_is_mean_aligned_field(trained):
    X = trained.X
    aligned = np.mean(X * trained.fields(X, scaled=False), axis=1)
    np.testing.assert_allclose(height(trained, X), aligned, rtol=1e-12)


def test_single_flip_drop_by_brute_force(trained):
    xi = trained.X[0]
    values = []
    for j in range(trained.N):
        state = xi.copy()
        state[j] = -state[j]
        values.append(landscape(trained, state)[0])
    expected = 1 - np.mean(values) / landscape(trained, xi)[0]
    assert flip_drop(trained, trained.X[:1])[0] == pytest.approx(expected, rel=1e-12)


def test_multi_flip_drop_is_seeded(trained):
    first = flip_drop(trained, trained.X[:4], k=3, n_samples=5, rng=7)
    second = flip_drop(trained, trained.X[:4], k=3, n_samples=5, rng=7)
    np.testing.assert_array_equal(first, second)
    assert np.all(first > flip_drop(trained, trained.X[:4], k=1))


def test_margin_by_brute_force(trained):
    X, A = trained.X, trained.A
    K = np.exp(-trained.gamma * ((X[:, None, :] - X[None]) ** 2).sum(-1))
    norms = np.sqrt([A[:, i] @ K @ A[:, i] for i in range(trained.N)])
    aligned = X * (K @ A)
    expected = np.min(aligned / norms, axis=1)
    np.testing.assert_allclose(rkhs_margin(trained, X), expected, rtol=1e-10)


def test_margin_positive_after_training(trained):
    assert np.all(rkhs_margin(trained, trained.X) > 0)


@pytest.mark.parametrize("c", [0.01, 3.0, 250.0])
def test_relative_readings_scale_invariant(trained, c):
    base = sharpness_readings(trained, trained.X[:5])
    other = sharpness_readings(scaled(trained, c), trained.X[:5])
    for name in ("sharpness", "drop", "margin"):
        np.testing.assert_allclose(other[name], base[name], rtol=1e-10, err_msg=name)


@pytest.mark.parametrize("c", [0.01, 3.0, 250.0])
def test_height_scales_linearly(trained, c):
    X = trained.X[:5]
    np.testing.assert_allclose(height(scaled(trained, c), X), c * height(trained, X))


def test_negative_height_gives_nan():
    X = random_patterns(1, 10, rng=0)
    network = KernelNetwork(X, -X, gamma=0.1)
    assert np.isnan(pinnacle_sharpness(network, X)[0])
    assert np.isnan(flip_drop(network, X)[0])
    assert height(network, X)[0] < 0


def test_zero_coefficients_give_nan_margin():
    X = random_patterns(3, 10, rng=0)
    network = KernelNetwork(X, np.zeros_like(X), gamma=0.1)
    assert np.all(np.isnan(rkhs_margin(network, X)))


def test_readings_reject_linear_network():
    X = random_patterns(3, 10, rng=0)
    with pytest.raises(TypeError, match="KernelNetwork"):
        height(hebbian(X), X)


def test_readings_reject_wrong_width(trained):
    with pytest.raises(ValueError, match="N = "):
        pinnacle_sharpness(trained, np.ones((2, trained.N + 1)))


@pytest.mark.parametrize("k", [0, 21])
def test_flip_drop_rejects_bad_k(trained, k):
    with pytest.raises(ValueError, match="k must"):
        flip_drop(trained, trained.X[:1], k=k)


def test_single_flip_batches_agree(trained, monkeypatch):
    whole = flip_drop(trained, trained.X)
    monkeypatch.setattr(sharpness, "_FLIP_BATCH_ENTRIES", trained.N * trained.N * 3)
    batched = flip_drop(trained, trained.X)
    np.testing.assert_allclose(batched, whole, rtol=1e-12)
