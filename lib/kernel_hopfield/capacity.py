"""Recall against load: the data behind capacity curves.

For each seed and each load ``P / N`` a fresh set of random patterns is
drawn, a network is trained with a given learning rule, and every pattern
is recalled from corrupted cues. Each (seed, load) cell draws from its own
generator, seeded by ``(seed, P)``, so any cell can be recomputed alone.
"""

from dataclasses import dataclass

import numpy as np

from ._progress import progress_bar
from ._validation import check_count, check_fraction, check_real_array, check_seeds
from .measures import recall_test
from .patterns import random_patterns


@dataclass
class RecallCurve:
    """Recall statistics on a grid of seeds and loads.

    Attributes
    ----------
    N : int
        Number of neurons.
    P : ndarray of int, shape (L,)
        Number of patterns at each load.
    seeds : ndarray of int, shape (S,)
        Seeds of the pattern draws.
    f : float
        Flip fraction of the cues.
    success : ndarray, shape (S, L)
        Fraction of exact recalls.
    final_overlap : ndarray, shape (S, L)
        Mean overlap of the final state with its pattern.
    """

    N: int
    P: np.ndarray
    seeds: np.ndarray
    f: float
    success: np.ndarray
    final_overlap: np.ndarray

    @property
    def load(self):
        """Loads ``P / N``, shape (L,)."""
        return self.P / self.N


def loads_to_counts(loads, N):
    """Return pattern counts ``P = round(load N)``, each at least 1.

    Parameters
    ----------
    loads : float or array_like, shape (L,)
        Loads ``P / N``, positive and finite.
    N : int
        Number of neurons, >= 2.

    Returns
    -------
    ndarray of int, shape (L,)
    """
    N = check_count(N, "N", minimum=2)
    loads = np.atleast_1d(check_real_array(loads, "loads"))
    if loads.ndim != 1:
        raise ValueError(
            f"loads must be a number or a 1-D list, got shape {loads.shape}."
        )
    if loads.size == 0 or not np.all(np.isfinite(loads)) or np.any(loads <= 0):
        raise ValueError(f"loads must be positive and finite, got {loads}.")
    return np.maximum(1, np.rint(loads * N)).astype(int)


def recall_curve(train, N, loads, f, seeds=(0,), n_trials=1, max_steps=30, desc=None):
    """Measure recall of freshly trained networks across loads and seeds.

    Parameters
    ----------
    train : callable
        Maps a pattern matrix ``X`` of shape (P, N) to a network.
    N : int
        Number of neurons.
    loads : array_like
        Loads ``P / N``; ``P = round(load N)``.
    f : float
        Flip fraction of the cues, in [0, 1].
    seeds : sequence of int, default (0,)
        One pattern draw per seed and load; non-negative integers.
    n_trials : int, default 1
        Cues per pattern.
    max_steps : int, default 30
        Step limit of synchronous recall.
    desc : str, optional
        Label of the progress bar.

    Returns
    -------
    RecallCurve
    """
    if not callable(train):
        raise TypeError(
            f"train must be a callable that maps patterns to a network, got {train!r}."
        )
    counts = loads_to_counts(loads, N)
    f = check_fraction(f, "f")
    check_count(n_trials, "n_trials")
    check_count(max_steps, "max_steps")
    seeds = np.asarray(check_seeds(seeds), dtype=int)
    success = np.empty((seeds.size, counts.size))
    final = np.empty_like(success)

    cells = [(s, j) for s in range(seeds.size) for j in range(counts.size)]
    for s, j in progress_bar(cells, desc=desc):
        rng = np.random.default_rng([int(seeds[s]), int(counts[j])])
        X = random_patterns(int(counts[j]), N, rng)
        test = recall_test(train(X), X, f, n_trials, max_steps, rng)
        success[s, j] = test.success_rate
        final[s, j] = test.final_overlap.mean()
    return RecallCurve(N, counts, seeds, f, success, final)
