"""Tests for kernel_hopfield.capacity and the progress switch it uses."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from kernel_hopfield._progress import progress_bar, progress_enabled
from kernel_hopfield.capacity import RecallCurve, loads_to_counts, recall_curve
from kernel_hopfield.learning import hebbian, train_krr
from kernel_hopfield.measures import recall_test
from kernel_hopfield.patterns import random_patterns


def gap(reason):
    """Mark a case that the library does not reject yet.

    The case states the expected behaviour. The marker is strict, so the case
    fails once the library rejects the input, and the marker must then go.
    """
    return pytest.mark.xfail(strict=True, reason=reason)


def train_kernel(X):
    return train_krr(X, 0.05, lam=0.01)


# loads_to_counts


def test_loads_to_counts_exact():
    assert_array_equal(loads_to_counts([0.1, 0.5, 1.0, 2.5], 20), [2, 10, 20, 50])


def test_loads_to_counts_rounding():
    # 0.26 * 10 = 2.6 rounds up, 0.24 * 10 = 2.4 rounds down.
    assert_array_equal(loads_to_counts([0.26, 0.24], 10), [3, 2])


def test_loads_to_counts_at_least_one():
    assert_array_equal(loads_to_counts([1e-6, 0.04], 10), [1, 1])


def test_loads_to_counts_scalar():
    counts = loads_to_counts(0.3, 50)
    assert counts.shape == (1,)
    assert counts[0] == 15
    assert np.issubdtype(counts.dtype, np.integer)


# recall_curve


@pytest.fixture(scope="module")
def curve():
    return recall_curve(
        train_kernel, 20, [0.2, 0.5, 1.0], 0.1, seeds=(3, 4), n_trials=2
    )


def test_recall_curve_shapes(curve):
    assert isinstance(curve, RecallCurve)
    assert curve.success.shape == (2, 3)
    assert curve.final_overlap.shape == (2, 3)
    assert_array_equal(curve.P, [4, 10, 20])
    assert_array_equal(curve.seeds, [3, 4])
    assert curve.N == 20
    assert curve.f == 0.1
    assert_array_equal(curve.load, [0.2, 0.5, 1.0])


def test_recall_curve_value_ranges(curve):
    assert np.all((curve.success >= 0) & (curve.success <= 1))
    assert np.all(np.abs(curve.final_overlap) <= 1)


def test_recall_curve_reproducible(curve):
    again = recall_curve(
        train_kernel, 20, [0.2, 0.5, 1.0], 0.1, seeds=(3, 4), n_trials=2
    )
    assert_array_equal(again.success, curve.success)
    assert_array_equal(again.final_overlap, curve.final_overlap)


@pytest.mark.parametrize("s, j", [(0, 0), (1, 2), (0, 1)])
def test_recall_curve_single_cell(curve, s, j):
    # Each cell draws from its own generator, seeded by (seed, P).
    seed, P = int(curve.seeds[s]), int(curve.P[j])
    rng = np.random.default_rng([seed, P])
    X = random_patterns(P, 20, rng)
    test = recall_test(train_kernel(X), X, 0.1, 2, 30, rng)
    assert curve.success[s, j] == test.success_rate
    assert curve.final_overlap[s, j] == test.final_overlap.mean()


def test_recall_curve_cell_alone(curve):
    alone = recall_curve(train_kernel, 20, [1.0], 0.1, seeds=(4,), n_trials=2)
    assert alone.success[0, 0] == curve.success[1, 2]
    assert alone.final_overlap[0, 0] == curve.final_overlap[1, 2]


def test_recall_curve_hebbian_low_load():
    # One pattern of 40 neurons with 10 % of bits flipped is always recalled.
    result = recall_curve(hebbian, 40, [0.025], 0.1, seeds=(0, 1, 2), n_trials=3)
    assert_array_equal(result.P, [1])
    assert_array_equal(result.success, 1.0)
    assert_array_equal(result.final_overlap, 1.0)


# progress switch


def test_progress_disabled_by_zero(monkeypatch):
    monkeypatch.setenv("KERNEL_HOPFIELD_PROGRESS", "0")
    assert not progress_enabled()
    bar = progress_bar(range(3))
    assert bar.disable
    assert list(bar) == [0, 1, 2]


@pytest.mark.parametrize("value", [None, "1", "yes"])
def test_progress_enabled_otherwise(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("KERNEL_HOPFIELD_PROGRESS", raising=False)
    else:
        monkeypatch.setenv("KERNEL_HOPFIELD_PROGRESS", value)
    assert progress_enabled()


def test_recall_curve_silent_when_disabled(monkeypatch, capsys):
    monkeypatch.setenv("KERNEL_HOPFIELD_PROGRESS", "0")
    recall_curve(hebbian, 10, [0.1], 0.0, desc="quiet")
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_recall_curve_bar_when_enabled(monkeypatch, capsys):
    monkeypatch.setenv("KERNEL_HOPFIELD_PROGRESS", "1")
    recall_curve(hebbian, 10, [0.1], 0.0, desc="loud")
    assert "loud" in capsys.readouterr().err


# Invalid input

INVALID = [
    pytest.param(
        lambda: loads_to_counts([0.5, 0.0], 10), ValueError, "loads", id="loads-zero"
    ),
    pytest.param(
        lambda: loads_to_counts([-0.5], 10), ValueError, "loads", id="loads-neg"
    ),
    pytest.param(
        lambda: loads_to_counts([np.nan], 10), ValueError, "loads", id="loads-nan"
    ),
    pytest.param(
        lambda: loads_to_counts([np.inf], 10), ValueError, "loads", id="loads-inf"
    ),
    pytest.param(
        lambda: loads_to_counts([], 10), ValueError, "loads", id="loads-empty"
    ),
    pytest.param(lambda: loads_to_counts([0.5], 1), ValueError, "N", id="loads-N1"),
    pytest.param(
        lambda: loads_to_counts([0.5], 10.0), TypeError, "N", id="loads-Nfloat"
    ),
    pytest.param(
        lambda: loads_to_counts([[0.5, 1.0]], 10),
        ValueError,
        "loads",
        id="loads-2d",
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 1, [0.5], 0.1), ValueError, "N", id="curve-N1"
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.0], 0.1),
        ValueError,
        "loads",
        id="curve-load0",
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], -0.1), ValueError, "f", id="curve-fneg"
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], 1.5), ValueError, "f", id="curve-fbig"
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], np.nan),
        ValueError,
        "f",
        id="curve-fnan",
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], 0.1, n_trials=0),
        ValueError,
        "n_trials",
        id="curve-trials0",
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], 0.1, max_steps=0),
        ValueError,
        "max_steps",
        id="curve-steps0",
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], 0.1, seeds=()),
        ValueError,
        "seeds",
        id="curve-seeds-empty",
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], 0.1, seeds=(0.5,)),
        ValueError,
        "seeds",
        id="curve-seeds-float",
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], 0.1, seeds=(-1,)),
        ValueError,
        "seeds",
        id="curve-seeds-neg",
    ),
    pytest.param(
        lambda: loads_to_counts([0.5 + 1j], 10), TypeError, "loads", id="loads-complex"
    ),
    pytest.param(
        lambda: loads_to_counts([True], 10), TypeError, "loads", id="loads-bool"
    ),
    pytest.param(
        lambda: loads_to_counts(["0.5"], 10), TypeError, "loads", id="loads-str"
    ),
    pytest.param(
        lambda: recall_curve(hebbian, 10, [0.5], 0.1, seeds=(True,)),
        ValueError,
        "seeds",
        id="curve-seeds-bool",
    ),
    pytest.param(
        lambda: recall_curve(None, 10, [0.5], 0.1),
        TypeError,
        "train",
        id="curve-train-none",
    ),
    pytest.param(
        lambda: recall_curve(lambda X: X, 10, [0.5], 0.1),
        TypeError,
        "network",
        id="curve-train-returns-array",
    ),
]


@pytest.mark.parametrize("call, error, name", INVALID)
def test_capacity_invalid_input(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()
