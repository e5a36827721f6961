"""Input checks shared by the public functions.

Each check raises ``ValueError`` (or ``TypeError`` for a wrong type) with a
message that names the argument, the value received and what is expected.
Inner helpers trust their input, so these checks run once, at the boundary.
The checks only inspect their input. The arrays they return contain the
same values, converted to float64, so they do not change what a valid call
computes.
"""

import numbers

import numpy as np


def _dimensions_error(name, allowed, shape):
    return ValueError(
        f"{name} must have {' or '.join(map(str, allowed))} dimensions, "
        f"got shape {shape}."
    )


def _as_real_array(values, name):
    """Return ``values`` as an array after checking that its dtype is real.

    Booleans, complex numbers, strings and ragged nested lists are rejected
    instead of being converted, because numpy would silently turn them
    into numbers (``True`` into 1.0, ``1+2j`` into 1.0).
    """
    try:
        array = np.asarray(values)
    except ValueError as error:
        raise ValueError(
            f"{name} must be a rectangular numeric array: {error}"
        ) from None
    real = np.issubdtype(array.dtype, np.integer) or np.issubdtype(
        array.dtype, np.floating
    )
    if array.dtype == bool or not real:
        raise TypeError(
            f"{name} must be a real numeric array, got dtype {array.dtype}."
        )
    return array


def check_real_array(values, name):
    """Return ``values`` as a float64 array after checking that its dtype is real.

    Unlike :func:`check_finite_array`, this accepts infinite and NaN entries
    and empty arrays; the caller decides what they mean.
    """
    return _as_real_array(values, name).astype(np.float64, copy=False)


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
        raise _dimensions_error(name, allowed, X.shape)
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


def check_flag(value, name):
    """Return ``value`` as bool after checking that it is a bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}.")
    return bool(value)


def check_finite_array(A, name, shape=None, ndim=None):
    """Return ``A`` as a float array after checking dtype, shape and finiteness.

    Parameters
    ----------
    A : array_like
        Real numbers.
    name : str
        Argument name used in error messages.
    shape : tuple of int, optional
        Required shape.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.

    Returns
    -------
    ndarray of float64
        Non-empty, every entry finite.
    """
    A = _as_real_array(A, name)
    if shape is not None and A.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {A.shape}.")
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and A.ndim not in allowed:
        raise _dimensions_error(name, allowed, A.shape)
    if A.size == 0:
        raise ValueError(f"{name} is empty (shape {A.shape}); pass at least one entry.")
    A = A.astype(np.float64, copy=False)
    if not np.all(np.isfinite(A)):
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(A))[0])
        raise ValueError(
            f"{name} contains NaN or infinite values: {float(A[index])} at index "
            f"{index}."
        )
    return A


def check_grid(values, name, low=None, high=None):
    """Return a strictly increasing, non-empty, finite 1-D grid as floats.

    Parameters
    ----------
    values : array_like
        Grid points; a scalar counts as a grid of one point.
    name : str
        Argument name used in error messages.
    low, high : float, optional
        Closed bounds that every point must respect.

    Returns
    -------
    ndarray of float64, shape (n,)
    """
    grid = np.atleast_1d(_as_real_array(values, name)).astype(np.float64)
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D grid, got shape {grid.shape}."
        )
    if not np.all(np.isfinite(grid)):
        raise ValueError(f"{name} must contain only finite values, got {grid}.")
    if np.any(np.diff(grid) <= 0):
        raise ValueError(f"{name} must be strictly increasing, got {grid}.")
    if (low is not None and grid[0] < low) or (high is not None and grid[-1] > high):
        raise ValueError(f"{name} must lie within [{low}, {high}], got {grid}.")
    return grid


def check_seeds(seeds, name="seeds"):
    """Return seeds as a tuple of ints after checking they are integers >= 0.

    Floats are rejected even when integral, because ``int()`` would
    silently truncate a value such as 0.5 to the seed 0.
    """
    array = np.atleast_1d(np.asarray(seeds))
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"{name} must be a non-empty list of integers, got {seeds!r}."
        )
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must be integers, got {seeds!r}.")
    if np.any(array < 0):
        raise ValueError(f"{name} must be non-negative integers, got {array}.")
    return tuple(int(s) for s in array)


def check_neuron_indices(j, B, N, name="j"):
    """Return neuron indices as an int array of shape (B,), each in [0, N)."""
    array = np.asarray(j)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise TypeError(
            f"{name} must be integer neuron indices, got dtype {array.dtype}."
        )
    if array.shape != (B,):
        raise ValueError(
            f"{name} must have shape ({B},), one neuron per state, got {array.shape}."
        )
    if np.any(array < 0) or np.any(array >= N):
        raise ValueError(
            f"{name} must contain neuron indices in [0, {N - 1}], got {array}."
        )
    return array


def check_network(network, name="network"):
    """Check that ``network`` offers ``N``, ``fields`` and ``neuron_fields``."""
    missing = [
        attribute
        for attribute in ("N", "fields", "neuron_fields")
        if not hasattr(network, attribute)
    ]
    if missing:
        raise TypeError(
            f"{name} must be a network with N, fields and neuron_fields "
            f"(a LinearNetwork or KernelNetwork), got {type(network).__name__}, "
            f"which lacks {', '.join(missing)}."
        )
    return network
