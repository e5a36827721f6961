"""Symmetries of kernel Hopfield networks, checked on generated examples.

Each example draws seeded random patterns (N <= 20 neurons, no duplicate
rows) and a kernel width from a fixed list of ``gamma N`` values; the
hypothesis profile in conftest.py keeps the examples few and deterministic.

Symmetries checked:

- permuting the neurons permutes fields, recall results and trained
  coefficients;
- flipping the sign of every pattern and state leaves the kernel unchanged
  and negates fields, recall results and trained coefficients;
- multiplying the coefficients by ``c > 0`` leaves recall unchanged;
- a stored pattern whose aligned training logits are all positive (zero
  training error) is a fixed point.
"""

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from kernel_hopfield import (
    KernelNetwork,
    LinearNetwork,
    corrupt,
    gram_matrix,
    has_duplicates,
    hebbian,
    random_patterns,
    recall,
    recall_test,
    train_klr,
    train_klr_gd,
    train_krr,
)

# Values of gamma N, from a nearly flat kernel to nearly isolated patterns.
GAMMA_N = (0.02, 0.1, 0.5, 2.0, 8.0)

# Positive factors, powers of two and others, so rounding is exercised.
FACTORS = (1e-3, 0.37, 2.0, 7.5, 1e3)


@st.composite
def problems(draw, max_load=2.0):
    """Return distinct seeded patterns X (P, N), a kernel width and a seed."""
    N = draw(st.integers(min_value=6, max_value=20))
    P = draw(st.integers(min_value=1, max_value=max(1, int(max_load * N))))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    gamma = draw(st.sampled_from(GAMMA_N)) / N
    X = random_patterns(P, N, rng=seed)
    assume(not has_duplicates(X))
    return X, gamma, seed


def coefficients(X, seed):
    return np.random.default_rng([seed, 1]).normal(size=X.shape)


def assert_same_recall(first, second):
    assert_array_equal(first.states, second.states)
    assert_array_equal(first.steps, second.steps)
    assert_array_equal(first.status, second.status)


# Permutation of the neurons


@given(problems())
def test_permutation_permutes_fields(problem):
    X, gamma, seed = problem
    perm = np.random.default_rng([seed, 2]).permutation(X.shape[1])
    A = coefficients(X, seed)
    S = corrupt(X, 0.25, rng=seed)
    network = KernelNetwork(X, A, gamma)
    permuted = KernelNetwork(X[:, perm], A[:, perm], gamma)
    for scaled in (True, False):
        H = network.fields(S, scaled=scaled)
        Hp = permuted.fields(S[:, perm], scaled=scaled)
        # The kernel values agree exactly (integer distances); the sums over
        # patterns may be rounded differently per column.
        assert_allclose(Hp, H[:, perm], rtol=1e-12, atol=1e-14 * np.abs(H).max())


@given(problems())
def test_permutation_permutes_recall(problem):
    X, gamma, seed = problem
    perm = np.random.default_rng([seed, 2]).permutation(X.shape[1])
    network = train_klr(X, gamma).network
    permuted = KernelNetwork(X[:, perm], network.A[:, perm], gamma)
    cues = corrupt(X, 0.2, rng=seed)
    result = recall(network, cues)
    result_permuted = recall(permuted, cues[:, perm])
    assert_array_equal(result_permuted.states, result.states[:, perm])
    assert_array_equal(result_permuted.steps, result.steps)
    assert_array_equal(result_permuted.status, result.status)


@given(problems())
def test_permutation_commutes_with_training(problem):
    X, gamma, seed = problem
    perm = np.random.default_rng([seed, 2]).permutation(X.shape[1])
    assert_array_equal(gram_matrix(X[:, perm], gamma), gram_matrix(X, gamma))

    klr = train_klr(X, gamma)
    klr_permuted = train_klr(X[:, perm], gamma)
    assert klr_permuted.converged == klr.converged
    # Each neuron is trained by its own Newton iteration on the same Gram
    # matrix, so only the rounding of column-wise products may differ.
    assert_allclose(klr_permuted.A, klr.A[:, perm], rtol=1e-9, atol=1e-9)

    krr = train_krr(X, gamma)
    krr_permuted = train_krr(X[:, perm], gamma)
    assert_allclose(krr_permuted.A, krr.A[:, perm], rtol=1e-9, atol=1e-12)


@given(problems())
def test_pattern_order_commutes_with_training(problem):
    X, gamma, seed = problem
    order = np.random.default_rng([seed, 3]).permutation(X.shape[0])
    klr = train_klr(X, gamma)
    assert_allclose(train_klr(X[order], gamma).A, klr.A[order], rtol=1e-9, atol=1e-9)


# Global sign flip
#
# |(-s) - (-x)|^2 = |s - x|^2, so the kernel is unchanged. For KLR the
# targets t = (x + 1) / 2 become 1 - t, and with z -> -z,
#     log(1 + e^-z) - (1 - t)(-z) = log(1 + e^z) - t z,
# while a^T K a is even in a. So L(-a; 1 - t) = L(a; t): training on -X
# gives -A. KRR is linear in its targets, so it gives -A as well, and so
# does gradient descent from A = 0, step by step. Hebbian weights X^T X / N
# are unchanged.


@given(problems())
def test_sign_flip_kernel_and_linear_rules(problem):
    X, gamma, _ = problem
    assert_array_equal(gram_matrix(-X, gamma), gram_matrix(X, gamma))
    assert_array_equal(hebbian(-X).W, hebbian(X).W)
    # Negating the right-hand side of the same Cholesky solve negates the
    # result exactly, since round-to-nearest is symmetric under negation.
    assert_array_equal(train_krr(-X, gamma).A, -train_krr(X, gamma).A)


@given(problems())
def test_sign_flip_negates_klr(problem):
    X, gamma, _ = problem
    klr = train_klr(X, gamma)
    flipped = train_klr(-X, gamma)
    assert flipped.converged == klr.converged
    assert_allclose(flipped.A, -klr.A, rtol=1e-9, atol=1e-9)
    assert_allclose(flipped.loss_history, klr.loss_history, rtol=1e-9, atol=1e-9)

    gd = train_klr_gd(X, gamma, epochs=20)
    gd_flipped = train_klr_gd(-X, gamma, epochs=20)
    assert_allclose(gd_flipped.A, -gd.A, rtol=1e-9, atol=1e-12)


@given(problems())
def test_sign_flip_negates_recall(problem):
    X, gamma, seed = problem
    A = train_klr(X, gamma).A
    network = KernelNetwork(X, A, gamma)
    flipped = KernelNetwork(-X, -A, gamma)
    cues = corrupt(X, 0.2, rng=seed)
    # h'(-s) = sum_mu (-a_mu) K(-s, -x_mu) = -h(s), computed with the same
    # operations on negated numbers, so it is exact.
    assert_array_equal(flipped.fields(-cues), -network.fields(cues))
    result = recall(network, cues)
    result_flipped = recall(flipped, -cues)
    assert_array_equal(result_flipped.states, -result.states)
    assert_array_equal(result_flipped.steps, result.steps)
    assert_array_equal(result_flipped.status, result.status)

    hebb = hebbian(X)
    assert_array_equal(
        recall(hebbian(-X), -cues).states, -recall(hebb, cues).states
    )


# Positive scaling of the coefficients


@given(problems(), st.sampled_from(FACTORS))
def test_positive_scaling_keeps_recall(problem, factor):
    X, gamma, seed = problem
    A = train_klr(X, gamma).A
    cues = corrupt(X, 0.2, rng=seed)
    result = recall(KernelNetwork(X, A, gamma), cues)
    assert_same_recall(recall(KernelNetwork(X, factor * A, gamma), cues), result)



@given(problems(), st.sampled_from((2.0**-10, 0.5, 8.0, 2.0**20)))
def test_power_of_two_scaling_keeps_hebbian_recall(problem, factor):
    # Hebbian fields are often exact ties in exact arithmetic, and whether
    # float64 rounds such a sum to 0 or to ±1e-17 depends on the factor.
    # Powers of two scale every product and sum exactly, so ties survive.
    X, _, seed = problem
    cues = corrupt(X, 0.2, rng=seed)
    W = hebbian(X).W
    linear = recall(LinearNetwork(W), cues)
    assert_same_recall(recall(LinearNetwork(factor * W), cues), linear)


@given(problems(), st.sampled_from(FACTORS))
def test_positive_scaling_keeps_async_recall(problem, factor):
    X, gamma, seed = problem
    A = train_klr(X, gamma).A
    cues = corrupt(X, 0.2, rng=seed)
    first = recall(KernelNetwork(X, A, gamma), cues, mode="asynchronous", rng=seed)
    second = recall(
        KernelNetwork(X, factor * A, gamma), cues, mode="asynchronous", rng=seed
    )
    assert_same_recall(second, first)


# Stored patterns as fixed points


@given(problems(max_load=3.0))
def test_zero_training_error_gives_fixed_points(problem):
    X, gamma, seed = problem
    network = train_klr(X, gamma).network
    # The training logits z = K A are the unscaled fields at the patterns.
    aligned = X * network.fields(X, scaled=False)
    correct = np.all(aligned > 0, axis=1)

    result = recall(network, X, max_steps=1)
    assert np.all(result.status[correct] == "fixed_point")
    assert_array_equal(result.states[correct], X[correct])
    assert_array_equal(result.steps[correct], 0)

    # The scaled fields differ by a positive factor per pattern: same signs.
    scaled = X * network.fields(X)
    assert_array_equal(scaled > 0, aligned > 0)

    if correct.all():
        assert recall_test(network, X, 0.0, rng=seed).success.all()
        asynchronous = recall(network, X, mode="asynchronous", rng=seed)
        assert_array_equal(asynchronous.states, X)
    # A pattern with a wrong sign moves in the first synchronous step.
    wrong = np.any(aligned < 0, axis=1)
    assert not np.any(np.all(result.states[wrong] == X[wrong], axis=1))
