"""Input checks shared by the public functions.

Each check raises ``ValueError`` (or ``TypeError`` for a wrong type) with a
message that names the argument, the value received and what is expected.
Inner helpers trust their input, so these checks run once, at the boundary.
"""

import numbers

import numpy as np


def check_bipolar(X, name, ndim=None):
    """Return ``X`` as a float array after checking that every entry is ±1.

    Parameters
    ----------
    X : array_like
        Patterns or states.
    name : str
        Argument name used in error messages.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.

    Returns
    -------
    ndarray of float64
    """
    X = np.asarray(X)
    if X.dtype == object or not np.issubdtype(X.dtype, np.number):
        raise TypeError(f"{name} must be a numeric array of ±1, got dtype {X.dtype}.")
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and X.ndim not in allowed:
        raise ValueError(
            f"{name} must have {' or '.join(map(str, allowed))} dimensions, "
            f"got shape {X.shape}."
        )
    if X.size == 0:
        raise ValueError(f"{name} is empty (shape {X.shape}); pass at least one entry.")
    bad = (X != 1) & (X != -1)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} must contain only +1 and -1, got {X[index]!r} at index {index}."
        )
    return X.astype(np.float64)


def check_patterns(X, name="X"):
    """Return a (P, N) pattern matrix after checking entries and size."""
    X = check_bipolar(X, name, ndim=2)
    if X.shape[1] < 2:
        raise ValueError(
            f"{name} has N = {X.shape[1]} neurons; a network needs N >= 2."
        )
    return X


def check_states(S, N, name="S"):
    """Return states as a 2-D (B, N) array; a single state of shape (N,) is accepted.

    Returns
    -------
    S : ndarray, shape (B, N)
    single : bool
        True when the input was one state of shape (N,).
    """
    S = check_bipolar(S, name, ndim=(1, 2))
    single = S.ndim == 1
    S = np.atleast_2d(S)
    if S.shape[1] != N:
        raise ValueError(
            f"{name} has {S.shape[1]} neurons per state but the network has N = {N}."
        )
    return S, single


def check_positive(value, name, allow_zero=False):
    """Return ``value`` as float after checking that it is finite and positive."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}.")
    if value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}, got {value}.")
    return value


def check_count(value, name, minimum=1):
    """Return ``value`` as int after checking that it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}.")
    return int(value)


def check_fraction(value, name):
    """Return ``value`` as float after checking that it lies in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number in [0, 1], got {value!r}.")
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value}.")
    return value


def check_choice(value, name, choices):
    """Return ``value`` after checking that it is one of ``choices``."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}, got {value!r}.")
    return value


def check_finite_array(A, name, shape=None):
    """Return ``A`` as a float array after checking shape and finiteness."""
    A = np.asarray(A, dtype=np.float64)
    if shape is not None and A.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {A.shape}.")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} contains NaN or infinite values.")
    return A
