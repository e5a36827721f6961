"""Sweep engine: validation, per-cell seeding, determinism and stored results."""

import json
from pathlib import Path

import numpy as np
import pytest

from kernel_hopfield import sweep
from kernel_hopfield.cells import cell_patterns, cell_rng, compute_cell, train_cell
from kernel_hopfield.sweep import (
    SweepSpec,
    StoredSweepError,
    compute_sweep,
    load_sweep,
    recompute_cells,
    run_sweep,
    save_sweep,
    sweep_path,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def small_spec():
    return SweepSpec(
        N=16,
        loads=(0.5, 1.5),
        gammas=(0.01, 0.05, 0.3),
        seeds=(1, 2),
        n_test=4,
        n_trials=3,
    )


@pytest.fixture(scope="module")
def small_result(small_spec):
    return compute_sweep(small_spec, workers=2)


def test_metrics_have_grid_shape(small_spec, small_result):
    assert set(small_result.metrics) == set(small_spec.metrics)
    for values in small_result.metrics.values():
        assert values.shape == small_spec.shape


def test_metrics_within_ranges(small_result):
    for name in ("recall", "fixed_points", "converged"):
        values = small_result.metrics[name]
        assert np.all((values >= 0) & (values <= 1)), name
    assert np.all(small_result.metrics["converged"] == 1)
    assert np.all(small_result.metrics["basin"] <= 0.5)


def test_one_worker_matches_two(small_spec, small_result):
    single = compute_sweep(small_spec, workers=1)
    for name in small_spec.metrics:
        np.testing.assert_array_equal(single.metrics[name], small_result.metrics[name])


def test_cell_independent_of_grid(small_spec, small_result):
    narrow = SweepSpec(
        N=16, loads=(1.5,), gammas=(0.05,), seeds=(2,), n_test=4, n_trials=3
    )
    values = compute_sweep(narrow, workers=1)
    for name in small_spec.metrics:
        assert values.metrics[name][0, 0, 0] == small_result.metrics[name][1, 1, 1]


def test_recompute_cells_match(small_spec, small_result):
    cells = [(0, 1, 2), (1, 0, 0)]
    values = recompute_cells(small_spec, cells, workers=1)
    for row, (s, j, g) in enumerate(cells):
        expected = [small_result.metrics[name][s, j, g] for name in small_spec.metrics]
        np.testing.assert_array_equal(values[row], expected)


def test_mean_over_seeds(small_result):
    heights = small_result.metrics["height"]
    np.testing.assert_allclose(small_result.mean("height"), heights.mean(axis=0))


def test_ridge_is_argmax_gamma(small_spec, small_result):
    heights = small_result.metrics["height"]
    expected = np.asarray(small_spec.gammas)[np.argmax(heights, axis=2)]
    np.testing.assert_array_equal(small_result.ridge("height"), expected)


def test_stored_result_is_loaded(tmp_path, small_spec, small_result, monkeypatch):
    save_sweep(small_result, tmp_path)

    def fail(*args, **kwargs):
        raise AssertionError("a stored sweep was recomputed")

    monkeypatch.setattr(sweep, "compute_sweep", fail)
    loaded = run_sweep(small_spec, tmp_path)
    for name in small_spec.metrics:
        np.testing.assert_array_equal(loaded.metrics[name], small_result.metrics[name])


def test_changed_parameters_recompute(tmp_path, small_spec, small_result):
    save_sweep(small_result, tmp_path)
    other = SweepSpec(**{**small_spec.__dict__, "lam": 0.1})
    assert sweep_path(other, tmp_path) != sweep_path(small_spec, tmp_path)
    assert load_sweep(other, tmp_path) is None


def test_truncated_file_is_recomputed(tmp_path, small_spec, small_result):
    path = save_sweep(small_result, tmp_path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(StoredSweepError, match="cannot be read"):
        load_sweep(small_spec, tmp_path)
    with pytest.warns(UserWarning, match="recomputing"):
        result = run_sweep(small_spec, tmp_path, workers=2)
    np.testing.assert_array_equal(
        result.metrics["height"], small_result.metrics["height"]
    )
    assert load_sweep(small_spec, tmp_path) is not None


def test_altered_values_fail_checksum(tmp_path, small_spec, small_result):
    path = save_sweep(small_result, tmp_path)
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays["height"] = arrays["height"] + 1e-9
    np.savez_compressed(path, **arrays)
    with pytest.raises(StoredSweepError, match="checksum"):
        load_sweep(small_spec, tmp_path)


def test_other_parameters_under_same_name(tmp_path, small_spec, small_result):
    path = save_sweep(small_result, tmp_path)
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    params = json.loads(str(arrays["params"]))
    params["f"] = 0.2
    arrays["params"] = np.array(json.dumps(params))
    np.savez_compressed(path, **arrays)
    with pytest.raises(StoredSweepError, match="other parameters"):
        load_sweep(small_spec, tmp_path)


def test_mechanism_kind_measures_forces():
    spec = SweepSpec(N=16, loads=(1.0,), gammas=(0.02, 0.5), seeds=(3,), kind="mechanism")
    result = compute_sweep(spec, workers=1)
    assert set(result.metrics) == set(spec.metrics)
    assert "field_corr_neurons" in spec.metrics
    concentration = result.metrics["gram_concentration"]
    assert np.all((concentration > 1 / 16) & (concentration <= 1))
    assert result.metrics["gram_lmax"][0, 0, 0] > result.metrics["gram_lmax"][0, 0, 1]


def test_gd_solver_records_residual():
    spec = SweepSpec(
        N=16, loads=(1.0,), gammas=(0.05,), seeds=(3,), solver="gd", epochs=5
    )
    result = compute_sweep(spec, workers=1)
    assert result.metrics["converged"][0, 0, 0] == 0
    assert result.metrics["residual"][0, 0, 0] > 1e-8


def test_spec_round_trips_through_dict(small_spec):
    assert SweepSpec.from_dict(small_spec.to_dict()) == small_spec


@pytest.mark.parametrize(
    "changes, match",
    [
        ({"loads": ()}, "loads"),
        ({"loads": (0.5, -1.0)}, "loads"),
        ({"gammas": (0.0, 0.1)}, "gammas"),
        ({"gammas": (float("nan"),)}, "gammas"),
        ({"gammas": (0.1, 0.1)}, "repeated"),
        ({"loads": (1.0, 1.01)}, "repeated pattern counts"),
        ({"seeds": ()}, "seeds"),
        ({"seeds": (-1,)}, "seeds"),
        ({"seeds": (1.5,)}, "seeds"),
        ({"N": 1}, "N"),
        ({"lam": 0.0}, "lam"),
        ({"f": 1.5}, "f"),
        ({"n_test": 0}, "n_test"),
        ({"kind": "forces"}, "kind"),
        ({"solver": "adam"}, "solver"),
        ({"eta": 0.0}, "eta"),
        ({"epochs": 0}, "epochs"),
    ],
)
def test_spec_rejects_bad_values(changes, match):
    base = dict(N=16, loads=(0.5,), gammas=(0.1,), seeds=(1,))
    with pytest.raises(ValueError, match=match):
        SweepSpec(**{**base, **changes})


def test_command_line_stores_result(tmp_path, capsys):
    argv = [
        "--N",
        "12",
        "--loads",
        "0.5:1:2",
        "--gammas",
        "0.01:0.1:2",
        "--n-test",
        "2",
        "--n-trials",
        "2",
        "--workers",
        "1",
        "--data",
        str(tmp_path),
    ]
    assert sweep.main(argv) == 0
    assert len(list(tmp_path.glob("stability-N12-*.npz"))) == 1
    assert "4 cells" in capsys.readouterr().out


def test_command_line_rejects_bad_range(tmp_path, capsys):
    with pytest.raises(SystemExit):
        sweep.main(["--loads", "1:2", "--data", str(tmp_path)])
    assert "START:STOP:COUNT" in capsys.readouterr().err


def stored_sweeps():
    return sorted(DATA.glob("*-N*-*.npz"))


@pytest.mark.parametrize("path", stored_sweeps(), ids=lambda p: p.name)
def test_stored_sweep_matches_code(path):
    with np.load(path, allow_pickle=False) as stored:
        spec = SweepSpec.from_dict(json.loads(str(stored["params"])))
    result = load_sweep(spec, DATA)
    assert result is not None, f"{path.name} is not the file for its own parameters"

    rng = np.random.default_rng(0)
    cells = [tuple(int(rng.integers(n)) for n in spec.shape) for _ in range(3)]
    values = recompute_cells(spec, cells, workers=2)
    for row, cell in enumerate(cells):
        expected = [result.metrics[name][cell] for name in spec.metrics]
        np.testing.assert_array_equal(values[row], expected, err_msg=str(cell))


# Invalid input to the sweep and cell functions

SPEC = SweepSpec(
    N=16, loads=(0.5,), gammas=(0.1, 0.2), seeds=(1,), n_test=2, n_trials=2
)


@pytest.mark.parametrize(
    "changes, name",
    [
        ({"gammas": (True,)}, "gammas"),
        ({"gammas": (0.1 + 1j,)}, "gammas"),
        ({"loads": ("0.5",)}, "loads"),
    ],
)
def test_spec_rejects_non_real_grids(changes, name):
    base = dict(N=16, loads=(0.5,), gammas=(0.1,), seeds=(1,))
    with pytest.raises(TypeError, match=rf"\b{name}\b"):
        SweepSpec(**{**base, **changes})


@pytest.mark.parametrize(
    "cells, error",
    [
        pytest.param([(-1, 0, 0)], ValueError, id="negative"),
        pytest.param([(0, 0, 2)], ValueError, id="gamma-out-of-range"),
        pytest.param([(0, 1, 0)], ValueError, id="load-out-of-range"),
        pytest.param([(0, 0)], ValueError, id="pair"),
        pytest.param([(0.0, 0, 0)], ValueError, id="float-index"),
        pytest.param([(True, 0, 0)], ValueError, id="bool-index"),
        pytest.param([], ValueError, id="empty"),
        pytest.param(5, TypeError, id="not-a-sequence"),
    ],
)
def test_recompute_cells_rejects_bad_cells(cells, error):
    with pytest.raises(error, match=r"\bcells\b"):
        recompute_cells(SPEC, cells, workers=1)


INVALID = [
    pytest.param(lambda: compute_sweep("spec"), TypeError, "spec", id="compute-spec"),
    pytest.param(
        lambda: recompute_cells(None, [(0, 0, 0)]),
        TypeError,
        "spec",
        id="recompute-spec",
    ),
    pytest.param(lambda: run_sweep({}, "data"), TypeError, "spec", id="run-spec"),
    pytest.param(lambda: run_sweep(SPEC, None), TypeError, "directory", id="run-dir"),
    pytest.param(
        lambda: run_sweep(SPEC, "data", recompute="yes"),
        TypeError,
        "recompute",
        id="run-recompute",
    ),
    pytest.param(lambda: sweep_path(SPEC, 3), TypeError, "directory", id="path-dir"),
    pytest.param(lambda: save_sweep("result", "data"), TypeError, "result", id="save"),
    pytest.param(lambda: load_sweep(SPEC, None), TypeError, "directory", id="load-dir"),
    pytest.param(
        lambda: compute_sweep(SPEC, workers=0),
        ValueError,
        "workers",
        id="compute-workers0",
    ),
    pytest.param(
        lambda: compute_cell(None, 1, 8, 0.1), TypeError, "spec", id="cell-spec"
    ),
    pytest.param(
        lambda: compute_cell(SPEC, -1, 8, 0.1), ValueError, "seed", id="cell-seed"
    ),
    pytest.param(lambda: compute_cell(SPEC, 1, 0, 0.1), ValueError, "P", id="cell-P0"),
    pytest.param(
        lambda: compute_cell(SPEC, 1, 8, 0.0), ValueError, "gamma", id="cell-gamma0"
    ),
    pytest.param(
        lambda: compute_cell(SPEC, 1, 8, np.nan),
        ValueError,
        "gamma",
        id="cell-gammanan",
    ),
    pytest.param(
        lambda: cell_patterns(SPEC, 1.5, 8), TypeError, "seed", id="patterns-seedfloat"
    ),
    pytest.param(lambda: cell_rng(1, 8, -0.1), ValueError, "gamma", id="rng-gammaneg"),
    pytest.param(
        lambda: train_cell(object(), np.ones((2, 16)), 0.1),
        TypeError,
        "spec",
        id="train",
    ),
]


@pytest.mark.parametrize("call, error, name", INVALID)
def test_sweep_invalid_input(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()


def test_result_rejects_unknown_metric(small_result):
    with pytest.raises(ValueError, match=r"\bname\b"):
        small_result.mean("sharpnes")
    with pytest.raises(ValueError, match=r"\bname\b"):
        small_result.ridge("sharpnes")


def test_command_line_rejects_unwritable_data(tmp_path, capsys):
    blocker = tmp_path / "afile"
    blocker.write_text("not a directory")
    with pytest.raises(SystemExit):
        sweep.main(["--N", "12", "--loads", "0.5:1:2", "--gammas", "0.01:0.1:2",
                    "--data", str(blocker / "sub")])
    assert "cannot write sweep results" in capsys.readouterr().err


def test_command_line_rejects_zero_workers(tmp_path, capsys):
    with pytest.raises(SystemExit):
        sweep.main(["--workers", "0", "--data", str(tmp_path)])
    assert "--workers" in capsys.readouterr().err


def test_run_sweep_checks_directory_before_computing(tmp_path, small_spec, monkeypatch):
    blocker = tmp_path / "afile"
    blocker.write_text("not a directory")

    def fail(*args, **kwargs):
        raise AssertionError("computed before the directory was checked")

    monkeypatch.setattr(sweep, "compute_sweep", fail)
    with pytest.raises(OSError, match="cannot write sweep results"):
        run_sweep(small_spec, blocker)


def test_command_line_reports_loaded_result(tmp_path, capsys):
    argv = ["--N", "12", "--loads", "0.5:1:2", "--gammas", "0.01:0.1:2",
            "--n-test", "2", "--n-trials", "2", "--workers", "1", "--data", str(tmp_path)]
    sweep.main(argv)
    assert "computed in" in capsys.readouterr().out
    sweep.main(argv)
    assert "loaded, computed earlier" in capsys.readouterr().out
