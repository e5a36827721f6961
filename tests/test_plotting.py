"""Smoke tests for kernel_hopfield.plotting on the Agg backend."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from numpy.testing import assert_allclose

from kernel_hopfield.plotting import (
    GARDNER_BOUND,
    HEBBIAN_CAPACITY,
    PSEUDO_INVERSE_CAPACITY,
    mark_capacities,
    plot_with_spread,
    use_book_style,
)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_backend_is_agg():
    assert matplotlib.get_backend().lower() == "agg"


def test_use_book_style_applies_file():
    with matplotlib.rc_context():
        use_book_style()
        assert not matplotlib.rcParams["axes.spines.top"]
        assert not matplotlib.rcParams["axes.spines.right"]
        assert list(matplotlib.rcParams["figure.figsize"]) == [6.4, 4.0]


def test_plot_with_spread_mean_and_band(ax):
    x = np.array([0.1, 0.2, 0.3])
    values = np.array([[0.0, 0.5, 1.0], [1.0, 0.5, 0.0], [0.5, 0.5, 0.5]])
    assert plot_with_spread(ax, x, values, label="runs") is ax
    (line,) = ax.get_lines()
    assert_allclose(line.get_xdata(), x)
    assert_allclose(line.get_ydata(), values.mean(axis=0))
    assert line.get_label() == "runs"
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1


def test_plot_with_spread_single_row(ax):
    plot_with_spread(ax, [0, 1, 2], [0.2, 0.4, 0.9])
    assert len(ax.get_lines()) == 1
    assert len(ax.collections) == 0
    assert_allclose(ax.get_lines()[0].get_ydata(), [0.2, 0.4, 0.9])


def test_mark_capacities_default(ax):
    assert mark_capacities(ax) is ax
    positions = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert positions == [HEBBIAN_CAPACITY, PSEUDO_INVERSE_CAPACITY, GARDNER_BOUND]


def test_mark_capacities_custom(ax):
    mark_capacities(ax, {"a": 0.3, "b": 0.7, "c": 1.1, "d": 1.9})
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b", "c", "d"]
    assert [line.get_xdata()[0] for line in lines] == [0.3, 0.7, 1.1, 1.9]


def test_capacity_constants():
    assert HEBBIAN_CAPACITY == 0.138
    assert PSEUDO_INVERSE_CAPACITY == 1.0
    assert GARDNER_BOUND == 2.0


def test_figure_renders(ax):
    plot_with_spread(ax, [0.5, 1.0], [[0.9, 0.4], [1.0, 0.6]])
    mark_capacities(ax)
    ax.legend()
    ax.figure.canvas.draw()
