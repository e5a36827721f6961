"""Plotting helpers shared by the chapters.

Every helper draws on a given matplotlib ``Axes`` and returns it, so the
chapters compose figures freely. :func:`use_book_style` applies the one
style file shipped with the package.
"""

from importlib.resources import files

import matplotlib.pyplot as plt
import numpy as np

#: Hebbian capacity for random patterns (Amit, Gutfreund and Sompolinsky 1985).
HEBBIAN_CAPACITY = 0.138
#: Pseudo-inverse (projection rule) capacity.
PSEUDO_INVERSE_CAPACITY = 1.0
#: Gardner bound for perceptron-type learning of random patterns (Gardner 1988).
GARDNER_BOUND = 2.0


def use_book_style():
    """Apply the book's matplotlib style."""
    plt.style.use(str(files("kernel_hopfield") / "book.mplstyle"))


def plot_with_spread(ax, x, values, label=None, color=None, marker="o"):
    """Plot the mean over rows of ``values`` with a band from min to max.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    x : array_like, shape (L,)
    values : array_like, shape (S, L)
        One row per seed.
    label, color, marker
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    values = np.atleast_2d(values)
    line = ax.plot(x, values.mean(axis=0), marker=marker, label=label, color=color)[0]
    if values.shape[0] > 1:
        ax.fill_between(
            x, values.min(axis=0), values.max(axis=0), color=line.get_color(), alpha=0.2
        )
    return ax


def mark_capacities(ax, values=None):
    """Draw vertical reference lines at known capacities.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    values : dict of str to float, optional
        Label to load; defaults to the Hebbian capacity, the pseudo-inverse
        capacity and the Gardner bound.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if values is None:
        values = {
            r"Hebbian $\alpha_c \approx 0.138$": HEBBIAN_CAPACITY,
            "pseudo-inverse 1": PSEUDO_INVERSE_CAPACITY,
            "Gardner bound 2": GARDNER_BOUND,
        }
    styles = [":", "--", "-."]
    for (label, x), style in zip(values.items(), styles * len(values)):
        ax.axvline(x, color="0.4", linestyle=style, linewidth=1, label=label)
    return ax
