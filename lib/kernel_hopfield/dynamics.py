"""Recall dynamics: synchronous and asynchronous sign updates.

Every update sets ``s_i <- sgn(h_i(s))``. The rule for ``h_i = 0`` is to
keep the neuron's previous value, so a tie never changes a state.

A synchronous step updates all neurons at once. It can end in a fixed
point or in a 2-cycle, where the state returns after two steps. An
asynchronous step is one sweep over the neurons in a fresh random order,
and each update uses the current state. It ends at a fixed point when a
whole sweep changes nothing.
"""

from dataclasses import dataclass

import numpy as np

from ._validation import (
    check_bipolar,
    check_choice,
    check_count,
    check_network,
    check_real_array,
    check_states,
)

FIXED_POINT = "fixed_point"
TWO_CYCLE = "two_cycle"
MAX_STEPS = "max_steps"

# Number of states recalled together; bounds the (batch, P) kernel buffer.
_BATCH = 2048


@dataclass
class RecallResult:
    """Outcome of recall from a batch of initial states.

    Attributes
    ----------
    states : ndarray, shape (B, N) or (N,)
        Final states.
    steps : ndarray of int, shape (B,) or ()
        Steps taken until the run ended. A fixed point reached at step t
        is counted as t (the step that confirms it is not counted).
    status : ndarray of str, shape (B,) or ()
        ``"fixed_point"``, ``"two_cycle"`` (synchronous only) or
        ``"max_steps"``.
    """

    states: np.ndarray
    steps: np.ndarray
    status: np.ndarray


def sign_update(H, S):
    """Return ``sgn(H)`` with ties (``H == 0``) resolved by keeping ``S``.

    Parameters
    ----------
    H : array_like
        Local fields. Infinite fields have a defined sign and are accepted,
        but NaN has none and is rejected.
    S : array_like, same shape as ``H``
        Current states with entries ±1.

    Returns
    -------
    ndarray of float64, same shape as ``S``
    """
    S = check_bipolar(S, "S")
    H = check_real_array(H, "H")
    if H.shape != S.shape:
        raise ValueError(
            f"H has shape {H.shape} but S has shape {S.shape}; they must match."
        )
    if np.isnan(H).any():
        index = tuple(int(i) for i in np.argwhere(np.isnan(H))[0])
        raise ValueError(f"H contains NaN at index {index}; a NaN field has no sign.")
    return np.where(H > 0, 1.0, np.where(H < 0, -1.0, S))


def _synchronous(network, S, max_steps):
    B = S.shape[0]
    steps = np.full(B, max_steps)
    status = np.full(B, MAX_STEPS, dtype=object)
    previous = np.full_like(S, np.nan)
    running = np.arange(B)
    for t in range(1, max_steps + 1):
        current = S[running]
        new = sign_update(network.fields(current), current)
        fixed = np.all(new == current, axis=1)
        cycle = ~fixed & np.all(new == previous[running], axis=1)
        previous[running] = current
        S[running] = new
        steps[running[fixed]] = t - 1
        status[running[fixed]] = FIXED_POINT
        steps[running[cycle]] = t
        status[running[cycle]] = TWO_CYCLE
        running = running[~(fixed | cycle)]
        if running.size == 0:
            break
    return S, steps, status


def _asynchronous(network, S, max_steps, rng):
    B, N = S.shape
    steps = np.full(B, max_steps)
    status = np.full(B, MAX_STEPS, dtype=object)
    running = np.arange(B)
    for t in range(1, max_steps + 1):
        changed = np.zeros(running.size, dtype=bool)
        order = np.argsort(rng.random((running.size, N)), axis=1)
        rows = np.arange(running.size)
        current = S[running]
        for k in range(N):
            j = order[:, k]
            old = current[rows, j]
            current[rows, j] = sign_update(network.neuron_fields(current, j), old)
            changed |= current[rows, j] != old
        S[running] = current
        done = ~changed
        steps[running[done]] = t - 1
        status[running[done]] = FIXED_POINT
        running = running[changed]
        if running.size == 0:
            break
    return S, steps, status


def recall(network, S0, max_steps=30, mode="synchronous", rng=None):
    """Run sign dynamics from initial states until they settle or time runs out.

    Parameters
    ----------
    network : LinearNetwork or KernelNetwork
        Any object with ``N``, ``fields(S)`` and ``neuron_fields(S, j)``.
    S0 : array_like, shape (B, N) or (N,)
        Initial states with entries ±1.
    max_steps : int, default 30
        Maximum number of synchronous steps or asynchronous sweeps.
    mode : {"synchronous", "asynchronous"}
        Update schedule.
    rng : int, numpy.random.Generator or None
        Seed or generator for the asynchronous update order; unused for
        synchronous updates.

    Returns
    -------
    RecallResult
        Shapes drop the batch axis when ``S0`` is a single state.

    Examples
    --------
    >>> from kernel_hopfield.learning import hebbian
    >>> from kernel_hopfield.patterns import random_patterns
    >>> X = random_patterns(2, 40, rng=0)
    >>> result = recall(hebbian(X), X[0])
    >>> bool((result.states == X[0]).all()), str(result.status)
    (True, 'fixed_point')
    """
    check_network(network)
    S, single = check_states(S0, network.N, "S0")
    max_steps = check_count(max_steps, "max_steps")
    mode = check_choice(mode, "mode", ("synchronous", "asynchronous"))
    rng = np.random.default_rng(rng)

    outputs = []
    for start in range(0, S.shape[0], _BATCH):
        part = S[start : start + _BATCH].copy()
        if mode == "synchronous":
            outputs.append(_synchronous(network, part, max_steps))
        else:
            outputs.append(_asynchronous(network, part, max_steps, rng))
    states, steps, status = (np.concatenate(parts) for parts in zip(*outputs))
    status = status.astype(str)
    if single:
        return RecallResult(states[0], steps[0], status[0])
    return RecallResult(states, steps, status)
