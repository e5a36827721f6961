"""Sweeps on a Dask cluster return the same bits as local worker processes.

A two-worker cluster runs on the loopback interface inside the test
session. The module is skipped when dask.distributed is not installed.
"""

import importlib.util
import os

import numpy as np
import pytest

from kernel_hopfield import sweep
from kernel_hopfield.sweep import (
    BLAS_THREAD_VARIABLES,
    SweepSpec,
    compute_sweep,
    load_sweep,
    recompute_cells,
    run_sweep,
)

distributed = pytest.importorskip("distributed")

# With threadpoolctl the worker check reads the real BLAS thread count, and
# without it the thread-cap environment variables.
HAS_THREADPOOLCTL = importlib.util.find_spec("threadpoolctl") is not None

SPEC = SweepSpec(
    N=16,
    loads=(0.5, 1.5),
    gammas=(0.01, 0.05, 0.3),
    seeds=(1, 2),
    n_test=4,
    n_trials=3,
)


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on 127.0.0.1.

    Before it spawns a worker, each nanny copies the thread caps from this
    process's environment into its own, because BLAS reads them when numpy
    is imported. The nannies run in this process, so the environment is
    restored afterwards.
    """
    saved = {name: os.environ.get(name) for name in BLAS_THREAD_VARIABLES}
    os.environ.update({name: "1" for name in BLAS_THREAD_VARIABLES})
    local = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        env={name: "1" for name in BLAS_THREAD_VARIABLES},
    )
    yield local
    local.close()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster, set_as_default=False) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def local_result():
    return compute_sweep(SPEC, workers=2)


@pytest.fixture(scope="module")
def dask_result(client):
    return compute_sweep(SPEC, scheduler=client)


@pytest.mark.parametrize("name", SPEC.metrics)
def test_dask_matches_local_bits(name, local_result, dask_result):
    np.testing.assert_array_equal(dask_result.metrics[name], local_result.metrics[name])


def test_dask_result_is_finite(dask_result):
    for name in ("recall", "basin", "converged"):
        assert np.all(np.isfinite(dask_result.metrics[name])), name


def test_address_string_matches_local(cluster, local_result):
    result = compute_sweep(SPEC, scheduler=cluster.scheduler_address)
    for name in SPEC.metrics:
        np.testing.assert_array_equal(
            result.metrics[name], local_result.metrics[name], err_msg=name
        )


def test_recompute_cells_on_dask(client, local_result):
    cells = [(0, 1, 2), (1, 0, 0), (1, 1, 1)]
    values = recompute_cells(SPEC, cells, scheduler=client)
    for row, cell in enumerate(cells):
        expected = [local_result.metrics[name][cell] for name in SPEC.metrics]
        np.testing.assert_array_equal(values[row], expected, err_msg=str(cell))


def test_run_sweep_stores_dask_result(tmp_path, client, local_result):
    run_sweep(SPEC, tmp_path, scheduler=client)
    stored = load_sweep(SPEC, tmp_path)
    assert stored is not None
    for name in SPEC.metrics:
        np.testing.assert_array_equal(
            stored.metrics[name], local_result.metrics[name], err_msg=name
        )


def test_command_line_with_scheduler(tmp_path, cluster, capsys):
    argv = ["--N", "12", "--loads", "0.5:1:2", "--gammas", "0.01:0.1:2"]
    argv += ["--n-test", "2", "--n-trials", "2"]
    local_dir, dask_dir = tmp_path / "local", tmp_path / "dask"

    assert sweep.main(argv + ["--workers", "1", "--data", str(local_dir)]) == 0
    assert sweep.main(
        argv + ["--scheduler", cluster.scheduler_address, "--data", str(dask_dir)]
    ) == 0

    (local_file,) = local_dir.glob("stability-N12-*.npz")
    (dask_file,) = dask_dir.glob("stability-N12-*.npz")
    assert local_file.name == dask_file.name
    with np.load(local_file) as local, np.load(dask_file) as remote:
        for name in SPEC.metrics:
            np.testing.assert_array_equal(remote[name], local[name], err_msg=name)
        assert str(remote["checksum"]) == str(local["checksum"])
    assert "4 cells" in capsys.readouterr().out


def _set_worker_threads(count):
    if HAS_THREADPOOLCTL:
        from threadpoolctl import threadpool_limits

        threadpool_limits(count, user_api="blas")
    else:
        os.environ["OPENBLAS_NUM_THREADS"] = str(count)


def test_multithreaded_worker_raises(client):
    client.run(_set_worker_threads, 2)
    try:
        with pytest.raises(RuntimeError, match="OPENBLAS_NUM_THREADS=1"):
            compute_sweep(SPEC, scheduler=client)
    finally:
        client.run(_set_worker_threads, 1)


@pytest.mark.skipif(HAS_THREADPOOLCTL, reason="threadpoolctl replaces the check")
def test_thread_check_reads_environment(monkeypatch):
    for name in BLAS_THREAD_VARIABLES:
        monkeypatch.setenv(name, "1")
    assert sweep._blas_thread_problem() is None

    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert "'OMP_NUM_THREADS': '4'" in sweep._blas_thread_problem()

    monkeypatch.delenv("OMP_NUM_THREADS")
    assert "'OMP_NUM_THREADS': None" in sweep._blas_thread_problem()


def test_other_library_version_raises(client, monkeypatch):
    monkeypatch.setattr(sweep, "__version__", "0.0.0-other")
    with pytest.raises(RuntimeError, match="same version"):
        recompute_cells(SPEC, [(0, 0, 0)], scheduler=client)


@pytest.mark.parametrize(
    "scheduler, error",
    [
        pytest.param("", ValueError, id="empty-address"),
        pytest.param(8786, TypeError, id="port-number"),
        pytest.param(object(), TypeError, id="object"),
    ],
)
def test_invalid_scheduler_rejected(scheduler, error):
    with pytest.raises(error, match=r"\bscheduler\b"):
        compute_sweep(SPEC, scheduler=scheduler)


def test_command_line_rejects_empty_scheduler(tmp_path, capsys):
    with pytest.raises(SystemExit):
        sweep.main(["--scheduler", " ", "--data", str(tmp_path)])
    assert "scheduler must be a Dask scheduler address" in capsys.readouterr().err


def test_library_import_skips_dask():
    import subprocess
    import sys

    code = (
        "import sys, kernel_hopfield, kernel_hopfield.experiments; "
        "print(sorted({'dask', 'distributed'} & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"
