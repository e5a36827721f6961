"""Spectra, concentration, the PSD eigen-solver and spectral surgery."""

import numpy as np
import pytest

from kernel_hopfield import KernelNetwork, random_patterns, recall_success, train_klr
from kernel_hopfield.kernels import gram_matrix
from kernel_hopfield.spectra import (
    concentration,
    fisher_spectra,
    gram_spectrum,
    hessian_spectrum,
    participation_ratio,
    psd_eigenvalues,
    spectral_surgery,
    weight_singular_values,
)

LAM = 0.01


@pytest.fixture(scope="module")
def network():
    return train_klr(random_patterns(24, 16, rng=8), gamma=0.03, lam=LAM).network


def dense_hessian(network, i):
    """Hessian of neuron i's KLR loss from finite differences of its gradient."""
    K = gram_matrix(network.X, network.gamma)
    t = (network.X[:, i] + 1) / 2

    def gradient(a):
        return K @ (1 / (1 + np.exp(-K @ a)) - t + LAM * a)

    a = network.A[:, i]
    step = 1e-6
    columns = []
    for k in range(a.size):
        e = np.zeros(a.size)
        e[k] = step
        columns.append((gradient(a + e) - gradient(a - e)) / (2 * step))
    H = np.array(columns).T
    return (H + H.T) / 2


def test_gram_spectrum_sums_to_P(network):
    values = gram_spectrum(network)
    assert values.sum() == pytest.approx(network.P)
    assert np.all(np.diff(values) <= 0)


def test_hessian_spectrum_per_neuron(network):
    spectra = hessian_spectrum(network, LAM, average=False)
    for i in (0, 5):
        expected = np.sort(np.linalg.eigvalsh(dense_hessian(network, i)))[::-1]
        np.testing.assert_allclose(spectra[i], expected, rtol=1e-5, atol=1e-7)


def test_averaged_hessian_is_mean_matrix(network):
    K = gram_matrix(network.X, network.gamma)
    mean = np.mean([dense_hessian(network, i) for i in range(network.N)], axis=0)
    np.testing.assert_allclose(
        hessian_spectrum(network, LAM), np.sort(np.linalg.eigvalsh(mean))[::-1],
        rtol=1e-5, atol=1e-7,
    )
    assert K.shape == mean.shape


def test_fisher_plus_regulariser_bounds(network):
    fisher = fisher_spectra(network)
    hessian = hessian_spectrum(network, LAM, average=False)
    assert np.all(hessian[:, 0] >= fisher[:, 0])


def test_weight_singular_values(network):
    expected = np.linalg.svd(network.A.T @ network.X, compute_uv=False)
    np.testing.assert_allclose(weight_singular_values(network), expected)


def test_concentration_limits():
    assert concentration([5.0, 0.0, 0.0]) == 1.0
    assert concentration(np.ones(4)) == pytest.approx(0.25)
    assert participation_ratio(np.ones(4)) == pytest.approx(4.0)
    assert participation_ratio([3.0, 0.0]) == pytest.approx(1.0)


@pytest.mark.parametrize("values", [[], [-1.0, 2.0], [0.0, 0.0], [np.nan]])
def test_concentration_rejects_bad(values):
    with pytest.raises(ValueError, match="eigenvalues"):
        concentration(values)


def test_psd_roundoff_set_to_zero():
    v = np.array([1.0, 1.0, 1.0]) / np.sqrt(3)
    M = 4.0 * np.outer(v, v)
    values = psd_eigenvalues(M)
    assert values[0] == pytest.approx(4.0)
    assert np.all(values[1:] == 0.0)


def test_psd_near_singular_gram():
    X = random_patterns(5, 10, rng=1)
    X = np.vstack([X, X[:1]])
    values = psd_eigenvalues(gram_matrix(X, 0.05))
    assert values[-1] == 0.0
    assert np.all(values >= 0)


def test_psd_rejects_negative_eigenvalue():
    with pytest.raises(ValueError, match="not positive semi-definite"):
        psd_eigenvalues(np.diag([1.0, -0.5]))


@pytest.mark.parametrize(
    "M, match",
    [
        (np.ones((2, 3)), "square"),
        (np.array([[1.0, 2.0], [0.0, 1.0]]), "symmetric"),
        (np.array([[np.inf]]), "NaN"),
        (np.empty((0, 0)), "square"),
    ],
)
def test_psd_rejects_bad_matrix(M, match):
    with pytest.raises(ValueError, match=match):
        psd_eigenvalues(M)


def test_surgery_parts_sum_to_original(network):
    leading = spectral_surgery(network, "leading")
    trailing = spectral_surgery(network, "trailing")
    np.testing.assert_allclose(leading.A + trailing.A, network.A, atol=1e-12)


def test_surgery_leading_is_rank_one(network):
    leading = spectral_surgery(network, "leading")
    assert np.linalg.matrix_rank(leading.A, tol=1e-9) == 1


def test_surgery_projects_on_gram_eigenvector(network):
    values, U = np.linalg.eigh(gram_matrix(network.X, network.gamma))
    u = U[:, -1]
    leading = spectral_surgery(network, "leading")
    np.testing.assert_allclose(leading.A, np.outer(u, u @ network.A), atol=1e-12)


def test_surgery_changes_recall():
    X = random_patterns(100, 50, rng=2)
    network = train_klr(X, gamma=0.02).network
    full = recall_success(network, X, 0.0, rng=0)
    leading = recall_success(spectral_surgery(network, "leading"), X, 0.0, rng=0)
    assert full == 1.0
    assert leading < full


@pytest.mark.parametrize(
    "keep, modes, match",
    [("middle", 1, "keep"), ("leading", 0, "modes"), ("leading", 24, "modes")],
)
def test_surgery_rejects_bad_input(network, keep, modes, match):
    with pytest.raises(ValueError, match=match):
        spectral_surgery(network, keep, modes)


def test_spectra_reject_linear_network():
    from kernel_hopfield import hebbian

    with pytest.raises(TypeError, match="KernelNetwork"):
        gram_spectrum(hebbian(random_patterns(3, 5, rng=0)))


def test_hessian_rejects_bad_lam(network):
    with pytest.raises(ValueError, match="lam"):
        hessian_spectrum(network, -1.0)


def test_kernel_network_input_unchanged(network):
    A = network.A.copy()
    spectral_surgery(network, "trailing", modes=2)
    np.testing.assert_array_equal(network.A, A)
    assert isinstance(network, KernelNetwork)


# Invalid input


def test_psd_rejects_complex():
    with pytest.raises(TypeError, match=r"\bM\b"):
        psd_eigenvalues(np.eye(2, dtype=complex))


@pytest.mark.parametrize("values", [["a", "b"], [1.0 + 1.0j], [True, False]])
def test_concentration_rejects_non_real(values):
    with pytest.raises(TypeError, match=r"\beigenvalues\b"):
        concentration(values)
    with pytest.raises(TypeError, match=r"\beigenvalues\b"):
        participation_ratio(values)


def test_hessian_spectrum_rejects_non_bool_average(network):
    with pytest.raises(TypeError, match=r"\baverage\b"):
        hessian_spectrum(network, LAM, average="yes")
