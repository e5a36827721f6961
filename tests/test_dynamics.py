"""Tests for kernel_hopfield.dynamics: sign updates and recall."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from kernel_hopfield.dynamics import RecallResult, recall, sign_update
from kernel_hopfield.learning import hebbian, train_klr
from kernel_hopfield.networks import KernelNetwork, LinearNetwork
from kernel_hopfield.patterns import corrupt, random_patterns

# Two neurons with antiferromagnetic coupling: from (1, 1) a synchronous
# step gives (-1, -1) and the next step returns to (1, 1).
ANTIFERRO = LinearNetwork(np.array([[0.0, -1.0], [-1.0, 0.0]]))

# A cyclic shift, h_i = s_{i-1}: synchronous dynamics rotate the state, so
# (1, -1, -1) has period 3 and never settles or forms a 2-cycle.
SHIFT = LinearNetwork(np.roll(np.eye(3), 1, axis=0))


def energy(W, s):
    return -0.5 * s @ W @ s


# sign_update


def test_sign_update_rule():
    H = np.array([2.0, -0.5, 0.0, 0.0, 1e-300, -1e-300])
    S = np.array([-1.0, 1.0, 1.0, -1.0, -1.0, 1.0])
    expected = np.where(H == 0, S, np.sign(H))
    assert_array_equal(sign_update(H, S), expected)


def test_sign_update_tie_keeps_state():
    S = random_patterns(3, 9, rng=0)
    assert_array_equal(sign_update(np.zeros_like(S), S), S)
    assert_array_equal(sign_update(np.zeros_like(S), -S), -S)


def test_recall_tie_keeps_state():
    # W = 0 gives h = 0 everywhere: every state is a fixed point.
    s = random_patterns(1, 6, rng=1)[0]
    result = recall(LinearNetwork(np.zeros((6, 6))), s)
    assert_array_equal(result.states, s)
    assert result.status == "fixed_point"
    assert result.steps == 0


def test_sign_update_negative_zero_is_tie():
    S = np.array([1.0, -1.0])
    assert_array_equal(sign_update(np.array([-0.0, -0.0]), S), S)


def test_recall_kernel_tie_keeps_state():
    # Zero coefficients give h = 0 for every neuron: a tie everywhere.
    X = random_patterns(3, 8, rng=21)
    network = KernelNetwork(X, np.zeros_like(X), gamma=0.1)
    s = random_patterns(1, 8, rng=22)[0]
    result = recall(network, s)
    assert_array_equal(result.states, s)
    assert result.status == "fixed_point"
    assert result.steps == 0


def test_recall_tied_neuron_keeps_value():
    # Neuron 0 has no coefficients, so its field is 0 and it keeps its
    # wrong value while the other neurons are corrected.
    x = random_patterns(1, 12, rng=23)
    A = x.copy()
    A[:, 0] = 0.0
    cue = x[0].copy()
    cue[:3] *= -1
    result = recall(KernelNetwork(x, A, gamma=0.05), cue)
    assert result.status == "fixed_point"
    assert result.states[0] == cue[0]
    assert_array_equal(result.states[1:], x[0, 1:])


# synchronous recall


def test_recall_fixed_point_at_start():
    result = recall(ANTIFERRO, np.array([1.0, -1.0]))
    assert isinstance(result, RecallResult)
    assert result.status == "fixed_point"
    assert result.steps == 0
    assert_array_equal(result.states, [1.0, -1.0])


def test_recall_fixed_point_after_steps():
    # Hebbian network with one pattern: a cue with 3 of 20 bits wrong is
    # corrected in one step, and the second step confirms the fixed point.
    x = random_patterns(1, 20, rng=2)
    cue = corrupt(x, 0.15, rng=3)[0]
    result = recall(hebbian(x), cue)
    assert_array_equal(result.states, x[0])
    assert result.status == "fixed_point"
    assert result.steps == 1


def test_recall_two_cycle():
    result = recall(ANTIFERRO, np.array([1.0, 1.0]))
    assert result.status == "two_cycle"
    assert result.steps == 2
    assert_array_equal(result.states, [1.0, 1.0])


def test_recall_kernel_two_cycle():
    # Patterns x and -x whose coefficients point at each other: the field at
    # x is -x + exp(-4 gamma N) x, so synchronous updates swap x and -x.
    x = random_patterns(1, 10, rng=24)[0]
    network = KernelNetwork(np.vstack([x, -x]), np.vstack([-x, x]), gamma=0.1)
    result = recall(network, x)
    assert result.status == "two_cycle"
    assert result.steps == 2
    assert_array_equal(result.states, x)


def test_recall_step_limit():
    s0 = np.array([1.0, -1.0, -1.0])
    result = recall(SHIFT, s0, max_steps=4)
    assert result.status == "max_steps"
    assert result.steps == 4
    assert_array_equal(result.states, np.roll(s0, 4))


def test_recall_mixed_batch():
    S0 = np.array([[1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])
    result = recall(ANTIFERRO, S0)
    assert result.states.shape == (3, 2)
    assert result.steps.shape == (3,)
    assert result.status.shape == (3,)
    assert_array_equal(result.status, ["fixed_point", "two_cycle", "fixed_point"])
    assert_array_equal(result.steps, [0, 2, 0])


def test_recall_single_state_shapes():
    s = random_patterns(1, 8, rng=4)[0]
    result = recall(hebbian(random_patterns(2, 8, rng=5)), s)
    assert result.states.shape == (8,)
    assert np.ndim(result.steps) == 0
    assert np.ndim(result.status) == 0


def test_recall_batch_matches_singles():
    # 2100 states exceed one internal batch; each must end as when run alone.
    X = random_patterns(3, 6, rng=6)
    net = hebbian(X)
    S0 = random_patterns(2100, 6, rng=7)
    result = recall(net, S0)
    for b in (0, 1, 2047, 2048, 2099):
        alone = recall(net, S0[b])
        assert_array_equal(result.states[b], alone.states)
        assert result.steps[b] == alone.steps
        assert result.status[b] == alone.status


def test_recall_input_unchanged():
    S0 = random_patterns(4, 10, rng=8)
    before = S0.copy()
    recall(hebbian(random_patterns(2, 10, rng=9)), S0)
    assert_array_equal(S0, before)


def test_recall_kernel_patterns_fixed():
    X = random_patterns(30, 20, rng=10)
    result = recall(train_klr(X, 0.05).network, X)
    assert_array_equal(result.states, X)
    assert np.all(result.status == "fixed_point")
    assert_array_equal(result.steps, 0)


# asynchronous recall


def test_async_reaches_fixed_point():
    X = random_patterns(3, 30, rng=11)
    net = hebbian(X)
    S0 = random_patterns(5, 30, rng=12)
    result = recall(net, S0, mode="asynchronous", rng=13)
    assert np.all(result.status == "fixed_point")
    H = net.fields(result.states)
    assert_array_equal(sign_update(H, result.states), result.states)


def test_async_energy_decreases():
    # With symmetric W and zero diagonal every single-neuron update lowers
    # or keeps E = -s W s / 2.
    X = random_patterns(4, 30, rng=14)
    net = hebbian(X)
    S0 = random_patterns(6, 30, rng=15)
    result = recall(net, S0, mode="asynchronous", rng=16)
    for s0, s in zip(S0, result.states, strict=True):
        assert energy(net.W, s) <= energy(net.W, s0) + 1e-12


def test_async_reproducible():
    net = hebbian(random_patterns(4, 25, rng=17))
    S0 = random_patterns(6, 25, rng=18)
    first = recall(net, S0, mode="asynchronous", rng=19)
    second = recall(net, S0, mode="asynchronous", rng=np.random.default_rng(19))
    assert_array_equal(first.states, second.states)
    assert_array_equal(first.steps, second.steps)


def test_async_breaks_two_cycle():
    # The antiferromagnetic pair oscillates under synchronous updates. One
    # neuron at a time, it settles in one sweep at (-1, 1) or (1, -1).
    result = recall(ANTIFERRO, np.array([1.0, 1.0]), mode="asynchronous", rng=0)
    assert result.status == "fixed_point"
    assert result.states[0] == -result.states[1]
    assert result.steps == 1


def test_async_step_limit():
    # Under the shift, each sweep moves at least one bit, so with one sweep
    # allowed the run must stop at the limit.
    result = recall(
        SHIFT, np.array([1.0, -1.0, -1.0]), max_steps=1, mode="asynchronous", rng=0
    )
    assert result.status == "max_steps"
    assert result.steps == 1


# Invalid input


def test_recall_unknown_mode():
    with pytest.raises(ValueError, match=r"\bmode\b"):
        recall(ANTIFERRO, np.array([1.0, 1.0]), mode="sync")


INVALID = [
    pytest.param(np.array([1.0, 0.0]), {}, ValueError, "S0", id="S0-zero"),
    pytest.param(np.array([1.0, np.nan]), {}, ValueError, "S0", id="S0-nan"),
    pytest.param(np.array([1.0, np.inf]), {}, ValueError, "S0", id="S0-inf"),
    pytest.param(np.empty((0, 2)), {}, ValueError, "S0", id="S0-empty"),
    pytest.param(np.ones((1, 1, 2)), {}, ValueError, "S0", id="S0-3d"),
    pytest.param(np.ones(3), {}, ValueError, "S0", id="S0-mismatch"),
    pytest.param(np.ones(2), {"max_steps": 0}, ValueError, "max_steps", id="steps0"),
    pytest.param(
        np.ones(2), {"max_steps": 2.5}, TypeError, "max_steps", id="stepsfloat"
    ),
    pytest.param(
        np.ones(2), {"mode": "Synchronous"}, ValueError, "mode", id="mode-case"
    ),
    pytest.param(np.ones(2), {"mode": None}, ValueError, "mode", id="mode-none"),
]


@pytest.mark.parametrize("S0, options, error, name", INVALID)
def test_recall_invalid_input(S0, options, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        recall(ANTIFERRO, S0, **options)


SIGN_UPDATE_INVALID = [
    pytest.param(np.ones(3), np.ones(4), ValueError, "H", id="shape-mismatch"),
    pytest.param(np.ones((2, 3)), np.ones(3), ValueError, "H", id="no-broadcast"),
    pytest.param(np.array([1.0, np.nan]), np.ones(2), ValueError, "H", id="H-nan"),
    pytest.param(np.array(["a", "b"]), np.ones(2), TypeError, "H", id="H-str"),
    pytest.param(np.array([1 + 1j, 1.0]), np.ones(2), TypeError, "H", id="H-complex"),
    pytest.param(np.ones(2), np.array([1.0, 0.0]), ValueError, "S", id="S-zero"),
    pytest.param(np.ones(2), np.array([1.0, np.nan]), ValueError, "S", id="S-nan"),
    pytest.param(np.ones(0), np.ones(0), ValueError, "S", id="empty"),
]


@pytest.mark.parametrize("H, S, error, name", SIGN_UPDATE_INVALID)
def test_sign_update_invalid_input(H, S, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        sign_update(H, S)


def test_sign_update_infinite_fields_have_sign():
    H = np.array([np.inf, -np.inf])
    assert_array_equal(sign_update(H, np.array([-1.0, 1.0])), [1.0, -1.0])


def test_recall_rejects_non_network():
    with pytest.raises(TypeError, match=r"\bnetwork\b"):
        recall(np.eye(2), np.array([1.0, 1.0]))
