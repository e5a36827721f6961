"""Sweeps over kernel width and load: train, measure and store every cell.

A sweep covers a grid of seeds, loads ``P / N`` and kernel widths ``gamma``.
Each cell draws its patterns from a generator seeded by ``(seed, P)``, so
cells that share a seed and a load share their patterns, and its recall
cues from a generator seeded by ``(seed, P, gamma)``. Any cell can
therefore be recomputed alone, and the result does not depend on the grid
around it or on the number of worker processes.

Results are stored in a directory (``data/`` in the book) as ``.npz``
files named by a hash of the parameters. Each file contains the
parameters, the library version and a SHA-256 checksum of the arrays, and
is read with pickling disabled. A file whose parameters differ, or whose
checksum does not match, is never used: it is reported and recomputed.

Rows of cells run in local worker processes by default, or on a Dask
cluster when a ``scheduler`` is given. Only then are ``dask`` and
``distributed`` imported, so the library runs without them. Both paths
compute each row with one BLAS thread, so they return the same bits.
Dask workers must be started with ``OPENBLAS_NUM_THREADS=1``,
``OMP_NUM_THREADS=1`` and ``MKL_NUM_THREADS=1`` (the Dask nanny sets these
by default unless the shell that starts it overrides them), and with the
same version of this library as the client. A row task checks both on
the worker and raises ``RuntimeError`` otherwise.
"""

import argparse
import hashlib
import json
import multiprocessing
import numbers
import os
import tempfile
import time
import warnings
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ._progress import progress_bar
from ._validation import (
    check_choice,
    check_count,
    check_flag,
    check_fraction,
    check_positive,
    check_real_array,
    check_seeds,
)
from ._version import __version__
from .capacity import loads_to_counts
from .cells import KINDS, METRICS, SOLVERS, compute_cell

# Changes whenever the meaning of a stored metric changes. Format 2: Newton
# directions by conjugate gradients instead of Cholesky factorisations.
STORAGE_FORMAT = 2

# Environment variables that cap the thread pools of OpenBLAS, OpenMP and MKL.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def author_loads():
    """Return the article's 30 loads, evenly spaced from 0.1 to 6."""
    return tuple(float(x) for x in np.linspace(0.1, 6.0, 30))


def author_gammas():
    """Return the article's 30 kernel widths, log-spaced from 1e-4 to 10."""
    return tuple(float(x) for x in np.logspace(-4, 1, 30))


def _float_grid(values, name):
    grid = np.atleast_1d(check_real_array(values, name))
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D grid, got {values!r}.")
    if not np.all(np.isfinite(grid)) or np.any(grid <= 0):
        raise ValueError(f"{name} must be positive and finite, got {grid}.")
    if np.unique(grid).size != grid.size:
        raise ValueError(f"{name} contains repeated values: {grid}.")
    return tuple(float(x) for x in grid)


def _seed_tuple(seeds):
    seeds = check_seeds(seeds)
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds contains repeated values: {list(seeds)}.")
    return seeds


@dataclass(frozen=True)
class SweepSpec:
    """Parameters of a sweep; two sweeps with equal specs give equal results.

    Parameters
    ----------
    N : int
        Number of neurons, >= 2.
    loads : sequence of float
        Loads ``P / N``; ``P = round(load N)`` must differ between loads.
    gammas : sequence of float
        Kernel widths, > 0.
    seeds : sequence of int
        Pattern draws, one per seed.
    lam : float
        KLR regularisation, > 0. Training runs the converged Newton solver.
    f : float
        Flip fraction of the recall cues, in [0, 1].
    n_test : int
        Patterns tested per cell (the first ``n_test``, or all if fewer).
    n_trials : int
        Cues per test pattern for recall success and for each basin step.
    threshold : float
        Success fraction that defines the basin radius, in [0, 1].
    max_steps : int
        Step limit of synchronous recall.
    kind : {"stability", "mechanism"}
        What each cell measures (see :mod:`kernel_hopfield.cells`).
    solver : {"newton", "gd"}
        Converged Newton training, or the author's gradient descent with
        learning rate ``eta`` for ``epochs`` epochs from ``A = 0``.
    eta : float
        Learning rate of gradient descent, > 0.
    epochs : int
        Epochs of gradient descent, >= 1.
    """

    N: int = 50
    loads: tuple = field(default_factory=author_loads)
    gammas: tuple = field(default_factory=author_gammas)
    seeds: tuple = (42,)
    lam: float = 0.01
    f: float = 0.1
    n_test: int = 10
    n_trials: int = 10
    threshold: float = 0.9
    max_steps: int = 30
    kind: str = "stability"
    solver: str = "newton"
    eta: float = 0.1
    epochs: int = 300

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "N", check_count(self.N, "N", minimum=2))
        set_(self, "loads", _float_grid(self.loads, "loads"))
        set_(self, "gammas", _float_grid(self.gammas, "gammas"))
        set_(self, "seeds", _seed_tuple(self.seeds))
        set_(self, "lam", check_positive(self.lam, "lam"))
        set_(self, "f", check_fraction(self.f, "f"))
        set_(self, "n_test", check_count(self.n_test, "n_test"))
        set_(self, "n_trials", check_count(self.n_trials, "n_trials"))
        set_(self, "threshold", check_fraction(self.threshold, "threshold"))
        set_(self, "max_steps", check_count(self.max_steps, "max_steps"))
        set_(self, "kind", check_choice(self.kind, "kind", KINDS))
        set_(self, "solver", check_choice(self.solver, "solver", SOLVERS))
        set_(self, "eta", check_positive(self.eta, "eta"))
        set_(self, "epochs", check_count(self.epochs, "epochs"))
        counts = loads_to_counts(self.loads, self.N)
        if np.unique(counts).size != counts.size:
            raise ValueError(
                f"loads {self.loads} give repeated pattern counts P = {counts} "
                f"at N = {self.N}; space the loads at least 1/N apart."
            )

    @property
    def P(self):
        """Pattern counts, one per load."""
        return loads_to_counts(self.loads, self.N)

    @property
    def metrics(self):
        """Names of the measured quantities, in storage order."""
        return METRICS[self.kind]

    @property
    def shape(self):
        """Shape (seeds, loads, gammas) of every metric array."""
        return (len(self.seeds), len(self.loads), len(self.gammas))

    def to_dict(self):
        """Return the parameters, the library version and the storage format."""
        params = asdict(self)
        params["loads"] = list(self.loads)
        params["gammas"] = list(self.gammas)
        params["seeds"] = list(self.seeds)
        params["version"] = __version__
        params["format"] = STORAGE_FORMAT
        return params

    @classmethod
    def from_dict(cls, params):
        """Return the spec of stored parameters, ignoring version and format."""
        fields = {k: v for k, v in params.items() if k not in ("version", "format")}
        return cls(**fields)

    def key(self):
        """Return a short hash of :meth:`to_dict`, used as the file name."""
        text = json.dumps(self.to_dict(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class SweepResult:
    """Metrics of a sweep, each an array of shape ``spec.shape``.

    Attributes
    ----------
    spec : SweepSpec
        Parameters that produced the result.
    metrics : dict of str to ndarray
        One array per name in ``spec.metrics``.
    seconds : float
        Wall-clock time of the computation (not of loading it).
    loaded : bool
        True when the result was read from storage rather than computed.
    """

    spec: SweepSpec
    metrics: dict
    seconds: float
    loaded: bool = False

    def mean(self, name):
        """Return a metric averaged over seeds, shape (loads, gammas)."""
        check_choice(name, "name", tuple(self.metrics))
        values = self.metrics[name]
        counts = np.sum(np.isfinite(values), axis=0)
        sums = np.nansum(values, axis=0)
        out = np.full(counts.shape, np.nan)
        np.divide(sums, counts, out=out, where=counts > 0)
        return out

    def ridge(self, name):
        """Return the gamma that maximises a metric at each load, per seed.

        Returns
        -------
        ndarray, shape (seeds, loads)
            NaN where every cell of that seed and load is NaN.
        """
        check_choice(name, "name", tuple(self.metrics))
        values = self.metrics[name]
        gammas = np.asarray(self.spec.gammas)
        finite = np.isfinite(values).any(axis=2)
        index = np.argmax(np.where(np.isfinite(values), values, -np.inf), axis=2)
        return np.where(finite, gammas[index], np.nan)


def _compute_row(spec, seed, P):
    return np.stack([compute_cell(spec, seed, P, gamma) for gamma in spec.gammas])


@contextmanager
def _single_threaded_blas():
    """Make worker processes started inside the block use one BLAS thread.

    Each cell is computed in a worker with one thread, so that its floating-point
    operations, and hence its bits, do not depend on how many workers run.
    """
    saved = {name: os.environ.get(name) for name in BLAS_THREAD_VARIABLES}
    os.environ.update({name: "1" for name in BLAS_THREAD_VARIABLES})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _blas_thread_problem():
    """Return why this process may run BLAS on several threads, or None.

    threadpoolctl, when installed, reports the thread count of every BLAS
    library loaded. Without it, the thread-cap environment variables must
    all be ``"1"``; they only take effect if set before numpy is imported.
    """
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        values = {name: os.environ.get(name) for name in BLAS_THREAD_VARIABLES}
        if any(value != "1" for value in values.values()):
            return f"the thread-cap environment variables are {values}, not all '1'"
        return None
    pools = threadpool_info()
    threads = [pool["num_threads"] for pool in pools if pool["user_api"] == "blas"]
    if any(count != 1 for count in threads):
        return f"the loaded BLAS libraries run {threads} threads"
    return None


def _check_dask_worker(version):
    """Raise unless this Dask worker computes cells as the local workers do.

    A cell's bits depend on the BLAS thread count and on the library code,
    so a worker with several BLAS threads or another library version would
    return different numbers without any other sign.
    """
    if version != __version__:
        raise RuntimeError(
            f"the Dask worker runs kernel_hopfield {__version__} but the client "
            f"runs {version}; install the same version on every worker."
        )
    problem = _blas_thread_problem()
    if problem is not None:
        raise RuntimeError(
            f"the Dask worker is not single-threaded: {problem}. Start the workers "
            "with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1, so "
            "that sweeps return the same bits as the local worker processes."
        )


def _compute_row_on_dask(spec, seed, P, version):
    _check_dask_worker(version)
    return _compute_row(spec, seed, P)


def _compute_cell_on_dask(spec, seed, P, gamma, version):
    _check_dask_worker(version)
    return compute_cell(spec, seed, P, gamma)


def _import_distributed():
    try:
        import distributed
    except ImportError as error:
        raise ImportError(
            "a Dask scheduler was given but dask.distributed is not installed; "
            "install the packages dask and distributed, or pass scheduler=None "
            "to use local worker processes."
        ) from error
    return distributed


def _check_scheduler(scheduler):
    """Return None, a non-empty address string or a distributed.Client."""
    if scheduler is None:
        return None
    if isinstance(scheduler, str):
        if not scheduler.strip():
            raise ValueError(
                "scheduler must be a Dask scheduler address such as "
                "'tcp://127.0.0.1:8786', got an empty string."
            )
        return scheduler
    distributed = _import_distributed()
    if not isinstance(scheduler, distributed.Client):
        raise TypeError(
            "scheduler must be None, a Dask scheduler address (str) or a "
            f"distributed.Client, got {type(scheduler).__name__}."
        )
    return scheduler


@contextmanager
def _dask_client(scheduler):
    """Yield a client: the given one, or a new one connected to an address.

    A client created here is closed on exit; a client passed in stays open.
    """
    distributed = _import_distributed()
    if isinstance(scheduler, distributed.Client):
        yield scheduler
        return
    with distributed.Client(scheduler, set_as_default=False) as client:
        yield client


@contextmanager
def _cancel_on_error(client, futures):
    """Cancel pending futures when the block raises, so workers stop early."""
    try:
        yield
    except BaseException:
        client.cancel(list(futures))
        raise


def _run_rows_dask(spec, rows, scheduler, desc):
    """Compute the given (seed index, load index) rows on a Dask cluster."""
    distributed = _import_distributed()
    counts = spec.P
    out = {}
    with _dask_client(scheduler) as client:
        # pure=False gives every task a unique key, so a row is never taken
        # from the results of another sweep that happens to share the key.
        futures = {
            client.submit(
                _compute_row_on_dask,
                spec,
                spec.seeds[s],
                int(counts[j]),
                __version__,
                pure=False,
            ): (s, j)
            for s, j in rows
        }
        completed = distributed.as_completed(futures, loop=client.loop)
        with _cancel_on_error(client, futures):
            for future in progress_bar(completed, len(futures), desc):
                out[futures[future]] = future.result()
    return out


def _run_rows(spec, rows, workers, desc, scheduler=None):
    """Compute the given (seed index, load index) rows in worker processes."""
    if scheduler is not None:
        return _run_rows_dask(spec, rows, scheduler, desc)
    counts = spec.P
    out = {}
    context = multiprocessing.get_context("spawn")
    with _single_threaded_blas(), ProcessPoolExecutor(workers, context) as pool:
        futures = {
            pool.submit(_compute_row, spec, spec.seeds[s], int(counts[j])): (s, j)
            for s, j in rows
        }
        for future in progress_bar(as_completed(futures), len(futures), desc):
            out[futures[future]] = future.result()
    return out


def _check_spec(spec):
    if not isinstance(spec, SweepSpec):
        raise TypeError(f"spec must be a SweepSpec, got {type(spec).__name__}.")
    return spec


def _check_directory(directory):
    if not isinstance(directory, (str, os.PathLike)):
        raise TypeError(
            f"directory must be a path (str or os.PathLike), got {directory!r}."
        )
    return directory


def _ensure_writable(directory):
    """Create ``directory`` if needed and check that a file can be written there.

    A sweep can run for many minutes, so an unusable storage directory is
    reported before the computation starts rather than after it.
    """
    path = Path(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as error:
        raise OSError(
            f"cannot write sweep results to {str(path)!r}: {error}. "
            "Pass a writable directory."
        ) from error


def _check_cells(spec, cells):
    """Return cell indices as (seed, load, gamma) int triples inside ``spec.shape``.

    Negative indices are rejected, because numpy-style wrap-around would
    silently recompute a different cell.
    """
    try:
        triples = [tuple(cell) for cell in cells]
    except TypeError:
        raise TypeError(
            "cells must be a sequence of (seed, load, gamma) index triples, "
            f"got {cells!r}."
        ) from None
    if not triples:
        raise ValueError(
            "cells is empty; pass at least one (seed, load, gamma) triple."
        )
    for cell in triples:
        valid = len(cell) == 3 and all(
            isinstance(i, numbers.Integral) and not isinstance(i, bool) for i in cell
        )
        if not valid or not all(0 <= i < n for i, n in zip(cell, spec.shape)):
            raise ValueError(
                f"cells must contain integer triples (seed, load, gamma) with each "
                f"index in [0, n) for shape {spec.shape}, got {cell!r}."
            )
    return [tuple(int(i) for i in cell) for cell in triples]


def _default_workers(workers):
    if workers is None:
        return os.cpu_count() or 1
    return check_count(workers, "workers")


def compute_sweep(spec, workers=None, desc="sweep", scheduler=None):
    """Compute every cell of a sweep, without reading or writing storage.

    Parameters
    ----------
    spec : SweepSpec
        Sweep parameters.
    workers : int, optional
        Local worker processes; default: the number of CPU cores. Results
        do not depend on it. Unused with a ``scheduler``.
    desc : str, default "sweep"
        Label of the progress bar.
    scheduler : str or distributed.Client, optional
        Dask scheduler address (such as ``"tcp://127.0.0.1:8786"``) or
        client that computes the rows instead of local processes. Its
        workers must run one BLAS thread each (see the module notes).

    Returns
    -------
    SweepResult

    Raises
    ------
    RuntimeError
        With a scheduler, when a Dask worker runs several BLAS threads or
        another version of this library.
    """
    _check_spec(spec)
    workers = _default_workers(workers)
    scheduler = _check_scheduler(scheduler)
    start = time.perf_counter()
    S, L, G = spec.shape
    # Rows with many patterns go first, so that no worker is left with the
    # slowest row at the end.
    rows = sorted(((s, j) for s in range(S) for j in range(L)), key=lambda r: -r[1])
    computed = _run_rows(spec, rows, workers, desc, scheduler)

    table = np.empty((S, L, G, len(spec.metrics)))
    for (s, j), values in computed.items():
        table[s, j] = values
    metrics = {name: table[..., m] for m, name in enumerate(spec.metrics)}
    return SweepResult(spec, metrics, time.perf_counter() - start)


def recompute_cells(spec, cells, workers=None, scheduler=None):
    """Recompute chosen cells of a sweep, the same way the sweep computes them.

    Parameters
    ----------
    spec : SweepSpec
        Sweep parameters.
    cells : sequence of (int, int, int)
        Indices (seed, load, gamma) into ``spec.shape``, each in
        ``[0, n)``; at least one cell.
    workers : int, optional
        Local worker processes; default: the number of CPU cores. Unused
        with a ``scheduler``.
    scheduler : str or distributed.Client, optional
        Dask scheduler address or client, as in :func:`compute_sweep`.

    Returns
    -------
    ndarray, shape (len(cells), len(spec.metrics))
    """
    _check_spec(spec)
    cells = _check_cells(spec, cells)
    workers = _default_workers(workers)
    scheduler = _check_scheduler(scheduler)
    counts = spec.P
    if scheduler is not None:
        with _dask_client(scheduler) as client:
            futures = [
                client.submit(
                    _compute_cell_on_dask,
                    spec,
                    spec.seeds[s],
                    int(counts[j]),
                    spec.gammas[g],
                    __version__,
                    pure=False,
                )
                for s, j, g in cells
            ]
            with _cancel_on_error(client, futures):
                return np.stack(client.gather(futures))
    context = multiprocessing.get_context("spawn")
    with _single_threaded_blas(), ProcessPoolExecutor(workers, context) as pool:
        futures = [
            pool.submit(
                compute_cell, spec, spec.seeds[s], int(counts[j]), spec.gammas[g]
            )
            for s, j, g in cells
        ]
        return np.stack([future.result() for future in futures])


def _checksum(metrics):
    digest = hashlib.sha256()
    for name in sorted(metrics):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(metrics[name], dtype="<f8").tobytes())
    return digest.hexdigest()


def sweep_path(spec, directory):
    """Return the file in ``directory`` where a sweep with ``spec`` is stored."""
    _check_spec(spec)
    _check_directory(directory)
    return Path(directory) / f"{spec.kind}-N{spec.N}-{spec.key()}.npz"


def save_sweep(result, directory):
    """Write a sweep result atomically and return its path.

    The file is first written under a temporary name and then renamed, so
    an interrupted write never leaves a truncated file under the final name.
    """
    if not isinstance(result, SweepResult):
        raise TypeError(f"result must be a SweepResult, got {type(result).__name__}.")
    path = sweep_path(result.spec, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {name: result.metrics[name] for name in result.spec.metrics}
    params = json.dumps(result.spec.to_dict(), sort_keys=True)
    temporary = path.with_suffix(".tmp.npz")
    np.savez_compressed(
        temporary,
        params=np.array(params),
        checksum=np.array(_checksum(arrays)),
        seconds=np.array(result.seconds),
        **arrays,
    )
    os.replace(temporary, path)
    return path


class StoredSweepError(ValueError):
    """A stored sweep file is unreadable, corrupted or for other parameters."""


def load_sweep(spec, directory):
    """Read a stored sweep and check it against ``spec``.

    Returns
    -------
    SweepResult or None
        None when no file exists for ``spec``.

    Raises
    ------
    StoredSweepError
        When the file cannot be read, its parameters differ from ``spec``,
        or its checksum does not match its arrays.
    """
    path = sweep_path(spec, directory)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            params = json.loads(str(stored["params"]))
            checksum = str(stored["checksum"])
            seconds = float(stored["seconds"])
            metrics = {name: stored[name] for name in spec.metrics}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise StoredSweepError(f"{path} cannot be read: {error}") from error

    if params != spec.to_dict():
        raise StoredSweepError(f"{path} was computed with other parameters: {params}")
    if any(values.shape != spec.shape for values in metrics.values()):
        raise StoredSweepError(f"{path} has arrays of the wrong shape")
    if _checksum(metrics) != checksum:
        raise StoredSweepError(f"{path} does not match its checksum")
    return SweepResult(spec, metrics, seconds, loaded=True)


def run_sweep(
    spec, directory="data", workers=None, recompute=False, desc="sweep", scheduler=None
):
    """Return a sweep, loaded from ``directory`` if stored there, else computed.

    A stored file that cannot be used is reported with a warning and
    replaced by a fresh computation.

    Parameters
    ----------
    spec : SweepSpec
        Sweep parameters.
    directory : str or Path, default "data"
        Storage directory.
    workers : int, optional
        Local worker processes; default: the number of CPU cores. Unused
        with a ``scheduler``.
    recompute : bool, default False
        Compute and overwrite even when a valid file exists.
    desc : str, default "sweep"
        Label of the progress bar.
    scheduler : str or distributed.Client, optional
        Dask scheduler address or client that computes the sweep if it is
        not stored, as in :func:`compute_sweep`.

    Returns
    -------
    SweepResult
    """
    _check_spec(spec)
    _check_directory(directory)
    recompute = check_flag(recompute, "recompute")
    scheduler = _check_scheduler(scheduler)
    if not recompute:
        try:
            stored = load_sweep(spec, directory)
        except StoredSweepError as error:
            warnings.warn(f"{error}; recomputing the sweep.", stacklevel=2)
            stored = None
        if stored is not None:
            return stored
    _ensure_writable(directory)
    result = compute_sweep(spec, workers, desc, scheduler)
    save_sweep(result, directory)
    return result


def _parse_range(text, name, log=False):
    """Parse ``start:stop:count`` into an evenly (or log-) spaced grid."""
    try:
        start, stop, count = text.split(":")
        start, stop, count = float(start), float(stop), int(count)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{name} must look like START:STOP:COUNT, got {text!r}."
        ) from None
    if log:
        if start <= 0 or stop <= 0:
            raise argparse.ArgumentTypeError(f"{name} bounds must be > 0, got {text!r}.")
        return np.geomspace(start, stop, count)
    return np.linspace(start, stop, count)


def main(argv=None):
    """Run a sweep from the command line and store it."""
    parser = argparse.ArgumentParser(
        prog="kernel-hopfield-sweep",
        description="Train converged KLR networks over a (gamma, P/N) grid, "
        "measure sharpness, recall and basin radius, and store the result.",
    )
    parser.add_argument("--N", type=int, default=50, help="number of neurons")
    parser.add_argument(
        "--loads", default="0.1:6:30",
        help="loads P/N as START:STOP:COUNT, evenly spaced (default 0.1:6:30)",
    )
    parser.add_argument(
        "--gammas", default="1e-4:10:30",
        help="kernel widths as START:STOP:COUNT, log-spaced (default 1e-4:10:30)",
    )
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[42], help="pattern seeds"
    )
    parser.add_argument("--lam", type=float, default=0.01, help="KLR regularisation")
    parser.add_argument("--f", type=float, default=0.1, help="flip fraction of cues")
    parser.add_argument("--n-test", type=int, default=10, help="patterns tested per cell")
    parser.add_argument("--n-trials", type=int, default=10, help="cues per pattern")
    parser.add_argument(
        "--kind", choices=KINDS, default="stability", help="what each cell measures"
    )
    parser.add_argument(
        "--solver", choices=SOLVERS, default="newton",
        help="converged Newton training or the author's gradient descent",
    )
    parser.add_argument("--eta", type=float, default=0.1, help="GD learning rate")
    parser.add_argument("--epochs", type=int, default=300, help="GD epochs")
    parser.add_argument(
        "--workers", type=int, default=None,
        help="local worker processes (default: the number of CPU cores)",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", default=None,
        help="address of a Dask scheduler, such as tcp://127.0.0.1:8786, that "
        "computes the sweep instead of local processes; start its workers with "
        "OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1",
    )
    parser.add_argument("--data", default="data", help="storage directory")
    parser.add_argument(
        "--recompute", action="store_true", help="ignore a stored result"
    )
    parser.add_argument(
        "--book", action="store_true",
        help="run every sweep the book's chapters load, ignoring the grid options",
    )
    args = parser.parse_args(argv)
    try:
        _check_scheduler(args.scheduler)
        if args.workers is not None:
            check_count(args.workers, "--workers")
        _ensure_writable(args.data)
    except (ValueError, OSError) as error:
        parser.error(str(error))

    if args.book:
        from .experiments import book_specs

        for name, spec in book_specs().items():
            result = run_sweep(
                spec, args.data, args.workers, args.recompute, name, args.scheduler
            )
            _report(result, args)
        return 0

    try:
        loads = _parse_range(args.loads, "--loads")
        gammas = _parse_range(args.gammas, "--gammas", log=True)
        spec = SweepSpec(
            N=args.N, loads=loads, gammas=gammas, seeds=args.seeds, lam=args.lam,
            f=args.f, n_test=args.n_test, n_trials=args.n_trials, kind=args.kind,
            solver=args.solver, eta=args.eta, epochs=args.epochs,
        )
    except (argparse.ArgumentTypeError, ValueError, TypeError) as error:
        parser.error(str(error))

    result = run_sweep(
        spec, args.data, args.workers, args.recompute, scheduler=args.scheduler
    )
    _report(result, args)
    return 0


def _report(result, args):
    spec = result.spec
    origin = "loaded, computed earlier" if result.loaded else "computed"
    print(
        f"{sweep_path(spec, args.data)}: {int(np.prod(spec.shape))} cells, "
        f"{origin} in {result.seconds:.1f} s"
    )


if __name__ == "__main__":
    raise SystemExit(main())
