"""Tests for kernel_hopfield.patterns: random patterns, cues and overlaps."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from kernel_hopfield.patterns import (
    corrupt,
    flip_bits,
    has_duplicates,
    initial_overlap,
    n_flips,
    overlap,
    random_patterns,
)


def gap(reason):
    """Mark a case that the library does not reject yet.

    The case states the expected behaviour. The marker is strict, so the case
    fails once the library rejects the input, and the marker must then go.
    """
    return pytest.mark.xfail(strict=True, reason=reason)


# random_patterns


def test_random_patterns_shape():
    X = random_patterns(7, 13, rng=0)
    assert X.shape == (7, 13)
    assert X.dtype == np.float64


def test_random_patterns_entries_bipolar():
    X = random_patterns(20, 30, rng=1)
    assert np.all(np.abs(X) == 1)


def test_random_patterns_same_seed():
    assert_array_equal(random_patterns(5, 40, rng=3), random_patterns(5, 40, rng=3))


def test_random_patterns_seeds_differ():
    assert not np.array_equal(
        random_patterns(5, 40, rng=3), random_patterns(5, 40, rng=4)
    )


def test_random_patterns_accepts_generator():
    first = random_patterns(4, 10, rng=np.random.default_rng(9))
    second = random_patterns(4, 10, rng=np.random.default_rng(9))
    assert_array_equal(first, second)


def test_random_patterns_unbiased():
    # 10 000 entries: the mean has standard deviation 0.01, so 0.05 is 5 sigma.
    X = random_patterns(200, 50, rng=5)
    assert abs(X.mean()) < 0.05


# n_flips and initial_overlap


@pytest.mark.parametrize("N", [2, 10, 50])
def test_n_flips_integer_fraction(N):
    for k in range(N + 1):
        assert n_flips(k / N, N) == k


def test_n_flips_rounds_to_nearest():
    # 0.132 * 50 = 6.6 rounds up and 0.128 * 50 = 6.4 rounds down.
    assert n_flips(0.132, 50) == 7
    assert n_flips(0.128, 50) == 6


@pytest.mark.parametrize("f", [0.0, 0.1, 0.25, 0.5, 1.0])
def test_initial_overlap_formula(f):
    assert initial_overlap(f) == pytest.approx(1.0 - 2.0 * f, abs=1e-15)


# flip_bits and corrupt


@pytest.mark.parametrize("n", [0, 1, 5, 19, 20])
def test_flip_bits_exact_count(n):
    X = random_patterns(6, 20, rng=11)
    Y = flip_bits(X, n, rng=12)
    assert_array_equal(np.sum(X != Y, axis=1), n)
    assert np.all(np.abs(Y) == 1)


def test_flip_bits_single_state():
    x = random_patterns(1, 15, rng=2)[0]
    y = flip_bits(x, 4, rng=0)
    assert y.shape == (15,)
    assert np.sum(x != y) == 4


def test_flip_bits_input_unchanged():
    X = random_patterns(3, 10, rng=2)
    before = X.copy()
    flip_bits(X, 5, rng=0)
    assert_array_equal(X, before)


def test_flip_bits_reproducible():
    X = random_patterns(3, 30, rng=2)
    assert_array_equal(flip_bits(X, 7, rng=4), flip_bits(X, 7, rng=4))


def test_flip_bits_uniform_positions():
    # 3 of 10 bits in each of 2000 rows: each position is flipped 600 times on
    # average with standard deviation sqrt(2000 * 0.3 * 0.7) ~ 20.5.
    X = np.ones((2000, 10))
    counts = np.sum(flip_bits(X, 3, rng=8) == -1, axis=0)
    assert np.all(np.abs(counts - 600) < 5 * 20.5)


@pytest.mark.parametrize("f", [0.0, 0.1, 0.2, 0.5, 0.75, 1.0])
def test_corrupt_flip_count(f):
    N = 40
    X = random_patterns(5, N, rng=3)
    Y = corrupt(X, f, rng=4)
    assert_array_equal(np.sum(X != Y, axis=1), round(f * N))


@pytest.mark.parametrize("f", [0.05, 0.1, 0.3, 0.45])
def test_corrupt_overlap_m0(f):
    # f N is an integer for N = 60, so the overlap is exactly 1 - 2 f.
    X = random_patterns(4, 60, rng=6)
    Y = corrupt(X, f, rng=7)
    m = np.einsum("bn,bn->b", Y, X) / 60
    assert_allclose(m, 1.0 - 2.0 * f, atol=1e-12)


def test_corrupt_zero_returns_copy():
    X = random_patterns(3, 10, rng=1)
    Y = corrupt(X, 0.0, rng=0)
    assert_array_equal(Y, X)
    Y[0, 0] = -Y[0, 0]
    assert Y[0, 0] != X[0, 0]


def test_corrupt_one_flips_all():
    X = random_patterns(3, 10, rng=1)
    assert_array_equal(corrupt(X, 1.0, rng=0), -X)


# overlap and has_duplicates


def test_overlap_matches_dot_product():
    S = random_patterns(3, 16, rng=0)
    X = random_patterns(5, 16, rng=1)
    m = overlap(S, X)
    assert m.shape == (3, 5)
    for b in range(3):
        for mu in range(5):
            assert m[b, mu] == pytest.approx(np.dot(S[b], X[mu]) / 16, abs=1e-15)


def test_overlap_shapes():
    S = random_patterns(3, 16, rng=0)
    X = random_patterns(5, 16, rng=1)
    assert np.ndim(overlap(S[0], X[0])) == 0
    assert overlap(S[0], X).shape == (5,)
    assert overlap(S, X[0]).shape == (3,)


def test_overlap_self_and_negation():
    x = random_patterns(1, 21, rng=0)[0]
    assert overlap(x, x) == pytest.approx(1.0, abs=1e-15)
    assert overlap(x, -x) == pytest.approx(-1.0, abs=1e-15)


def test_has_duplicates_repeated_row():
    X = random_patterns(4, 10, rng=0)
    assert has_duplicates(np.vstack([X, X[2]]))


def test_has_duplicates_distinct_rows(small_patterns):
    assert not has_duplicates(small_patterns)


def test_has_duplicates_negation_distinct():
    x = random_patterns(1, 10, rng=0)
    assert not has_duplicates(np.vstack([x, -x]))


# Invalid input

NAN_ROW = np.array([[1.0, np.nan, 1.0]])
INF_ROW = np.array([[1.0, np.inf, 1.0]])
ZERO_ROW = np.array([[1.0, 0.0, -1.0]])
X3 = np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])

INVALID = [
    pytest.param(lambda: random_patterns(0, 5), ValueError, "P", id="random-P0"),
    pytest.param(lambda: random_patterns(-1, 5), ValueError, "P", id="random-Pneg"),
    pytest.param(lambda: random_patterns(3, 1), ValueError, "N", id="random-N1"),
    pytest.param(lambda: random_patterns(2.0, 5), TypeError, "P", id="random-Pfloat"),
    pytest.param(lambda: random_patterns(2, 5.0), TypeError, "N", id="random-Nfloat"),
    pytest.param(lambda: n_flips(-0.1, 10), ValueError, "f", id="nflips-fneg"),
    pytest.param(lambda: n_flips(1.1, 10), ValueError, "f", id="nflips-fbig"),
    pytest.param(lambda: n_flips(np.nan, 10), ValueError, "f", id="nflips-fnan"),
    pytest.param(lambda: n_flips(np.inf, 10), ValueError, "f", id="nflips-finf"),
    pytest.param(lambda: n_flips("0.1", 10), TypeError, "f", id="nflips-fstr"),
    pytest.param(
        lambda: n_flips(0.5, 0),
        ValueError,
        "N",
        id="nflips-N0",
    ),
    pytest.param(
        lambda: n_flips(0.5, -4),
        ValueError,
        "N",
        id="nflips-Nneg",
    ),
    pytest.param(lambda: initial_overlap(-0.5), ValueError, "f", id="m0-fneg"),
    pytest.param(lambda: initial_overlap(2.0), ValueError, "f", id="m0-fbig"),
    pytest.param(lambda: initial_overlap(np.nan), ValueError, "f", id="m0-fnan"),
    pytest.param(lambda: flip_bits(ZERO_ROW, 1), ValueError, "X", id="flip-zero"),
    pytest.param(lambda: flip_bits(NAN_ROW, 1), ValueError, "X", id="flip-nan"),
    pytest.param(lambda: flip_bits(INF_ROW, 1), ValueError, "X", id="flip-inf"),
    pytest.param(
        lambda: flip_bits(np.empty((0, 3)), 0), ValueError, "X", id="flip-empty"
    ),
    pytest.param(
        lambda: flip_bits(np.ones((2, 2, 3)), 0), ValueError, "X", id="flip-3d"
    ),
    pytest.param(lambda: flip_bits(np.array(["a"]), 0), TypeError, "X", id="flip-str"),
    pytest.param(lambda: flip_bits(X3, -1), ValueError, "n", id="flip-nneg"),
    pytest.param(lambda: flip_bits(X3, 4), ValueError, "n", id="flip-nbig"),
    pytest.param(lambda: flip_bits(X3, 1.5), TypeError, "n", id="flip-nfloat"),
    pytest.param(lambda: corrupt(ZERO_ROW, 0.1), ValueError, "X", id="corrupt-zero"),
    pytest.param(lambda: corrupt(NAN_ROW, 0.1), ValueError, "X", id="corrupt-nan"),
    pytest.param(
        lambda: corrupt(np.empty(0), 0.1), ValueError, "X", id="corrupt-empty"
    ),
    pytest.param(
        lambda: corrupt(np.ones((1, 1, 3)), 0.1), ValueError, "X", id="corrupt-3d"
    ),
    pytest.param(lambda: corrupt(X3, -0.1), ValueError, "f", id="corrupt-fneg"),
    pytest.param(lambda: corrupt(X3, 1.5), ValueError, "f", id="corrupt-fbig"),
    pytest.param(lambda: corrupt(X3, np.nan), ValueError, "f", id="corrupt-fnan"),
    pytest.param(
        lambda: overlap(X3, np.ones((2, 4))), ValueError, "X", id="overlap-mismatch"
    ),
    pytest.param(
        lambda: overlap(0.5 * X3, X3),
        ValueError,
        "S",
        id="overlap-half",
    ),
    pytest.param(
        lambda: overlap(NAN_ROW, X3),
        ValueError,
        "S",
        id="overlap-nan",
    ),
    pytest.param(
        lambda: overlap(np.empty((0, 3)), X3),
        ValueError,
        "S",
        id="overlap-empty",
    ),
    pytest.param(
        lambda: overlap(np.ones((2, 2, 3)), X3),
        ValueError,
        "S",
        id="overlap-3d",
    ),
    pytest.param(lambda: has_duplicates(ZERO_ROW), ValueError, "X", id="dup-zero"),
    pytest.param(lambda: has_duplicates(NAN_ROW), ValueError, "X", id="dup-nan"),
    pytest.param(lambda: has_duplicates(X3[0]), ValueError, "X", id="dup-1d"),
    pytest.param(
        lambda: has_duplicates(np.empty((0, 3))), ValueError, "X", id="dup-empty"
    ),
    pytest.param(lambda: has_duplicates(np.ones((3, 1))), ValueError, "N", id="dup-N1"),
    pytest.param(lambda: n_flips(0.5, 1), ValueError, "N", id="nflips-N1"),
    pytest.param(lambda: n_flips(0.5, 10.0), TypeError, "N", id="nflips-Nfloat"),
    pytest.param(lambda: flip_bits(np.ones((2, 1)), 0), ValueError, "X", id="flip-N1"),
    pytest.param(lambda: corrupt(np.ones(1), 0.5), ValueError, "N", id="corrupt-N1"),
    pytest.param(lambda: overlap(X3, 0.5 * X3), ValueError, "X", id="overlap-X-half"),
    pytest.param(lambda: overlap(X3, NAN_ROW), ValueError, "X", id="overlap-X-nan"),
    pytest.param(
        lambda: overlap(np.ones(1), np.ones(1)), ValueError, "S", id="overlap-N1"
    ),
    pytest.param(
        lambda: overlap(np.array(["a", "b", "c"]), X3), TypeError, "S", id="overlap-str"
    ),
]


@pytest.mark.parametrize("call, error, name", INVALID)
def test_patterns_invalid_input(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()
