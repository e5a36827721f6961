"""Random bipolar patterns, corrupted cues and overlaps.

Patterns are rows of a (P, N) array with entries ±1. A cue is a pattern
with an exact number of bits flipped: with flip fraction ``f`` the number
of flipped bits is ``round(f * N)`` and the initial overlap with the
pattern is ``m0 = 1 - 2 f``.
"""

import numpy as np

from ._validation import (
    check_bipolar,
    check_count,
    check_fraction,
    check_patterns,
)


def random_patterns(P, N, rng=None):
    """Draw P patterns of N independent, unbiased ±1 entries.

    Parameters
    ----------
    P : int
        Number of patterns, at least 1.
    N : int
        Number of neurons, at least 2.
    rng : int, numpy.random.Generator or None
        Seed or generator, passed to ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (P, N)

    Examples
    --------
    >>> X = random_patterns(3, 8, rng=0)
    >>> X.shape
    (3, 8)
    """
    P = check_count(P, "P")
    N = check_count(N, "N", minimum=2)
    rng = np.random.default_rng(rng)
    return rng.choice(np.array([-1.0, 1.0]), size=(P, N))


def n_flips(f, N):
    """Return the number of bits flipped at flip fraction ``f``: ``round(f N)``.

    ``f`` lies in [0, 1] and ``N``, the number of neurons, is an integer >= 2.
    Python's ``round`` takes halves to the even neighbour, so ``f N = 2.5``
    flips 2 bits and a small ``f N`` can flip none. The cue's true initial
    overlap is therefore ``1 - 2 n_flips(f, N) / N``, which equals
    :func:`initial_overlap` only when ``f N`` is a whole number.
    """
    f = check_fraction(f, "f")
    N = check_count(N, "N", minimum=2)
    return int(round(f * N))


def initial_overlap(f):
    """Return the overlap ``m0 = 1 - 2 f`` of a cue with flip fraction ``f``."""
    f = check_fraction(f, "f")
    return 1.0 - 2.0 * f


def flip_bits(X, n, rng=None):
    """Flip exactly ``n`` distinct, uniformly chosen bits of each row.

    Parameters
    ----------
    X : array_like, shape (N,) or (B, N)
        States or patterns with entries ±1.
    n : int
        Number of bits to flip per row, ``0 <= n <= N``.
    rng : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    ndarray of float64, same shape as ``X``
        A new array; ``X`` is not modified.
    """
    X = check_bipolar(X, "X", ndim=(1, 2))
    N = X.shape[-1]
    if N < 2:
        raise ValueError(f"X has N = {N} bits per state; a network needs N >= 2.")
    n = check_count(n, "n", minimum=0)
    if n > N:
        raise ValueError(f"n = {n} bits cannot be flipped in states of N = {N} bits.")
    rng = np.random.default_rng(rng)

    rows = np.atleast_2d(X).copy()
    keys = rng.random(rows.shape)
    flipped = np.argsort(keys, axis=1)[:, :n]
    np.put_along_axis(rows, flipped, -np.take_along_axis(rows, flipped, 1), 1)
    return rows.reshape(X.shape)


def corrupt(X, f, rng=None):
    """Flip ``round(f N)`` random bits of each row of ``X``.

    Parameters
    ----------
    X : array_like, shape (N,) or (B, N)
        Patterns with entries ±1.
    f : float
        Flip fraction in [0, 1]; the cue's overlap with its pattern is
        ``1 - 2 round(f N) / N``.
    rng : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    ndarray of float64, same shape as ``X``
    """
    X = check_bipolar(X, "X", ndim=(1, 2))
    return flip_bits(X, n_flips(f, X.shape[-1]), rng)


def overlap(S, X):
    """Return the overlaps ``m = S X^T / N`` between states and patterns.

    Parameters
    ----------
    S : array_like, shape (N,) or (B, N)
        States with entries ±1.
    X : array_like, shape (N,) or (P, N)
        Patterns with entries ±1.

    Returns
    -------
    float or ndarray
        Shape follows the inputs: scalar, (B,), (P,) or (B, P).
    """
    S = check_bipolar(S, "S", ndim=(1, 2))
    X = check_bipolar(X, "X", ndim=(1, 2))
    if S.shape[-1] != X.shape[-1]:
        raise ValueError(
            f"S has {S.shape[-1]} neurons per state but X has {X.shape[-1]}."
        )
    if S.shape[-1] < 2:
        raise ValueError(
            f"S and X have N = {S.shape[-1]} neurons; a network needs N >= 2."
        )
    return S @ X.T / S.shape[-1]


def has_duplicates(X):
    """Return True when two rows of the pattern matrix are equal."""
    X = check_patterns(X)
    return np.unique(X, axis=0).shape[0] < X.shape[0]
