"""Time KLR training per neuron with L-BFGS-B against the library's Newton solvers.

The author's companion papers train each neuron on its own with SciPy's
L-BFGS-B. This script times three ways to train KLR on every cell of the
author's grid
(N = 50, 30 loads from 0.1 to 6, 30 kernel widths from 1e-4 to 10, patterns
of seed 42, lam = 0.01):

reference
    A re-implementation of the author's method, not the author's code. For
    each neuron i, ``scipy.optimize.minimize`` minimises
    ``L_i(a) = sum_mu [log(1 + exp(z_mu)) - t_mu z_mu] + (lam / 2) a^T K a``
    with ``z = K a`` and gradient ``K (sigmoid(z) - t + lam a)``, method
    L-BFGS-B, ``maxiter = 200``, ``ftol = 1e-5``, from ``a = 0``. The loss and
    its gradient share one product ``K a`` per evaluation.
cg
    ``train_klr`` with its default ``linear_solver="cg"``: damped Newton for
    all neurons at once, directions by batched conjugate gradients.
cholesky
    ``train_klr(linear_solver="cholesky")``: one Cholesky factorisation per
    neuron and Newton iteration.

Both library solvers stop at ``max |F| <= 1e-8``. The reference stops
earlier, at its ``ftol``, often with a higher loss. To time the reference
to the same loss, a fourth run, ``reference_tight``, repeats L-BFGS-B with
``maxiter = 20000``, ``ftol = 1e-15`` and ``gtol = 1e-10``. It runs on the
timed cells that also lie on every ``--matched-stride``-th load and gamma
of the full grid (default 5, which gives 36 cells when the full grid is
timed).

Every time includes the Gram matrix, as ``train_klr`` builds it. The
script runs in one process with one BLAS thread (it sets
``OPENBLAS_NUM_THREADS=1``, and the OpenMP and MKL equivalents, before
NumPy is imported), so the three times compare one core with one core.
Run from the repository root:

    .venv/bin/python benchmarks/solver_speed.py            # full grid
    .venv/bin/python benchmarks/solver_speed.py --stride 5 # every 5th load and gamma

The full grid (900 cells) with the 36 matched cells took 8 minutes of wall
time (4.5 minutes of CPU time) on the shared 2-core machine described in
``benchmarks/results/solver_speed.json``. The tight reference accounts for
about a third of it. Per-cell times and total losses are written to that
file.
"""

import os

# Set before NumPy loads OpenBLAS, which reads the thread count only at start-up.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy.optimize  # noqa: E402
from scipy.special import expit  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe_machine  # noqa: E402

from kernel_hopfield.cells import cell_patterns  # noqa: E402
from kernel_hopfield.kernels import gram_matrix  # noqa: E402
from kernel_hopfield.learning import klr_objective, train_klr  # noqa: E402
from kernel_hopfield.sweep import SweepSpec  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
SEED = 42
LAM = 0.01
# L-BFGS-B options: the author's, and tight ones that let the same method
# reach the loss of a converged solver, for the matched-loss comparison.
REFERENCES = {
    "reference": {"maxiter": 200, "ftol": 1e-5},
    "reference_tight": {"maxiter": 20000, "ftol": 1e-15, "gtol": 1e-10},
}
# Two total losses closer than this, relative to the reference, count as equal.
LOSS_RTOL = 1e-9
TARGET_SPEEDUP = 10.0
SOLVERS = ("reference", "cg", "cholesky")


def train_reference(X, gamma, options, lam=LAM):
    """Train KLR one neuron at a time with L-BFGS-B, following the author's method.

    Returns the coefficients A (P, N), the L-BFGS-B iterations per neuron
    and the number of neurons whose run stopped at ``options["maxiter"]``.
    """
    K = gram_matrix(X, gamma)
    T = (X + 1.0) / 2.0
    P, N = X.shape
    A = np.empty((P, N))
    iterations = np.empty(N, dtype=int)
    for i in range(N):
        t = T[:, i]

        def loss_and_gradient(a):
            z = K @ a
            loss = np.sum(np.logaddexp(0.0, z) - t * z) + 0.5 * lam * (a @ z)
            return loss, K @ (expit(z) - t + lam * a)

        result = scipy.optimize.minimize(
            loss_and_gradient,
            np.zeros(P),
            jac=True,
            method="L-BFGS-B",
            options=options,
        )
        A[:, i] = result.x
        iterations[i] = result.nit
    at_limit = int(np.sum(iterations >= options["maxiter"]))
    return A, iterations, at_limit


def _train(solver, X, gamma):
    """Train with one solver; return A and a dict of solver diagnostics."""
    if solver in REFERENCES:
        A, iterations, at_limit = train_reference(X, gamma, REFERENCES[solver])
        return A, {
            "iterations_mean": float(iterations.mean()),
            "iterations_max": int(iterations.max()),
            "neurons_at_maxiter": at_limit,
        }
    result = train_klr(X, gamma, LAM, linear_solver=solver)
    return result.A, {
        "iterations": int(result.iterations),
        "converged": bool(result.converged),
    }


def time_cell(X, gamma, solvers=SOLVERS):
    """Train one cell with each solver; return times, losses and diagnostics."""
    K = gram_matrix(X, gamma)
    T = (X + 1.0) / 2.0
    row = {}
    for solver in solvers:
        wall, cpu = time.perf_counter(), time.process_time()
        A, diagnostics = _train(solver, X, gamma)
        row[f"seconds_{solver}"] = time.perf_counter() - wall
        row[f"cpu_seconds_{solver}"] = time.process_time() - cpu

        losses, _ = klr_objective(K, A, T, LAM)
        residual = expit(K @ A) - T + LAM * A
        row[f"loss_{solver}"] = float(losses.sum())
        row[f"neuron_losses_{solver}"] = losses
        row[f"residual_{solver}"] = float(np.abs(residual).max())
        for name, value in diagnostics.items():
            row[f"{name}_{solver}"] = value
    return row


def _not_worse(loss, reference):
    return loss <= reference + LOSS_RTOL * np.abs(reference)


def _append_row(table, row):
    """Append a cell's scalar values to the columns of ``table``."""
    for name, value in row.items():
        if not name.startswith("neuron_losses"):
            table.setdefault(name, []).append(value)


def summarise(cells, matched):
    """Return totals, speed-ups and loss comparisons over all cells."""
    summary = {"cells": len(cells["P"])}
    for solver in SOLVERS:
        for timer in ("seconds", "cpu_seconds"):
            total = float(np.sum(cells[f"{timer}_{solver}"]))
            summary[f"{timer}_{solver}"] = round(total, 3)
    reference = np.array(cells["loss_reference"])
    for solver in ("cg", "cholesky"):
        for timer, prefix in (("seconds", ""), ("cpu_seconds", "cpu_")):
            ratio = summary[f"{timer}_reference"] / summary[f"{timer}_{solver}"]
            summary[f"{prefix}speedup_{solver}"] = round(ratio, 2)
        loss = np.array(cells[f"loss_{solver}"])
        summary[f"cells_not_worse_{solver}"] = int(np.sum(_not_worse(loss, reference)))
        summary[f"all_converged_{solver}"] = bool(all(cells[f"converged_{solver}"]))
    summary["cholesky_over_cg"] = round(
        summary["seconds_cholesky"] / summary["seconds_cg"], 2
    )
    summary["cells_reference_at_maxiter"] = int(
        np.sum(np.array(cells["neurons_at_maxiter_reference"]) > 0)
    )
    summary["target_speedup"] = TARGET_SPEEDUP
    if matched:
        tight = np.array(matched["loss_reference_tight"])
        ours = np.array(matched["loss_cg"])
        seconds_tight = float(np.sum(matched["seconds_reference_tight"]))
        seconds_cg = float(np.sum(matched["seconds_cg"]))
        summary["matched_cells"] = len(matched["P"])
        summary["matched_seconds_reference_tight"] = round(seconds_tight, 3)
        summary["matched_seconds_cg"] = round(seconds_cg, 3)
        summary["matched_speedup_cg"] = round(seconds_tight / seconds_cg, 2)
        summary["matched_cells_not_worse_cg"] = int(np.sum(_not_worse(ours, tight)))
        summary["matched_cells_tight_reaches_cg"] = int(np.sum(_not_worse(tight, ours)))
    return summary


def _warm_up():
    """Run each solver once on a small problem, so that first-call costs
    (imports, OpenBLAS buffers) do not land on the first timed cell."""
    X = cell_patterns(SweepSpec(N=50), SEED, 20)
    time_cell(X, 0.02, SOLVERS + ("reference_tight",))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stride",
        type=int,
        default=1,
        help="use every k-th load and every k-th gamma of the 30 x 30 grid "
        "(default 1: the full grid)",
    )
    parser.add_argument(
        "--matched-stride",
        type=int,
        default=5,
        help="also run L-BFGS-B with tight tolerances on every k-th load and "
        "gamma of the full grid, to time it to the loss of train_klr "
        "(default 5: 36 cells; 0 turns it off)",
    )
    args = parser.parse_args(argv)
    if args.stride < 1:
        parser.error(f"--stride must be a positive integer, got {args.stride}.")
    if args.matched_stride < 0:
        parser.error(
            f"--matched-stride must be 0 or positive, got {args.matched_stride}."
        )

    full = SweepSpec(seeds=(SEED,), lam=LAM)
    spec = SweepSpec(
        seeds=(SEED,),
        lam=LAM,
        loads=full.loads[:: args.stride],
        gammas=full.gammas[:: args.stride],
    )
    matched_loads = full.loads[:: args.matched_stride] if args.matched_stride else ()
    matched_gammas = full.gammas[:: args.matched_stride] if args.matched_stride else ()
    load_average = os.getloadavg()
    _warm_up()

    cells, matched = {}, {}
    start = time.perf_counter()
    for load, P in zip(spec.loads, spec.P):
        X = cell_patterns(spec, SEED, int(P))
        for gamma in spec.gammas:
            row = time_cell(X, gamma)
            row.update(load=load, P=int(P), gamma=gamma)
            for solver in ("cg", "cholesky"):
                better = _not_worse(
                    row[f"neuron_losses_{solver}"], row["neuron_losses_reference"]
                )
                row[f"neurons_not_worse_{solver}"] = int(np.sum(better))
            _append_row(cells, row)
            if load in matched_loads and gamma in matched_gammas:
                row.update(time_cell(X, gamma, ("reference_tight",)))
                _append_row(matched, row)
        print(f"P = {P}: {time.perf_counter() - start:.0f} s so far", flush=True)
    seconds = time.perf_counter() - start

    summary = summarise(cells, matched)
    record = {
        "benchmark": "KLR training: per-neuron L-BFGS-B reference against train_klr",
        "reference_note": "The reference is a re-implementation of the author's "
        "method (SciPy L-BFGS-B per neuron), not the author's code.",
        "settings": {
            "N": spec.N,
            "lam": LAM,
            "seed": SEED,
            "stride": args.stride,
            "loads": list(spec.loads),
            "gammas": list(spec.gammas),
            "reference_options": REFERENCES["reference"],
            "reference_tight_options": REFERENCES["reference_tight"],
            "matched_stride": args.matched_stride,
            "library_tol": 1e-8,
            "loss_rtol": LOSS_RTOL,
            "blas_threads": 1,
            "timer": "wall clock (time.perf_counter); CPU time of the process "
            "(time.process_time) is stored beside it",
        },
        "summary": summary,
        "cells": cells,
        "matched_cells": matched,
        "seconds": round(seconds, 2),
        "load_average_at_start": [round(x, 2) for x in load_average],
        "machine": describe_machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "solver_speed.json"
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(f"{summary['cells']} cells (stride {args.stride}) in {seconds:.0f} s")
    for solver in SOLVERS:
        line = f"{solver}: {summary[f'seconds_{solver}']:.1f} s"
        if solver != "reference":
            line += (
                f", {summary[f'speedup_{solver}']:.1f}x faster, loss equal or lower "
                f"in {summary[f'cells_not_worse_{solver}']} cells"
            )
        print(line)
    if matched:
        print(
            f"reference_tight on {summary['matched_cells']} cells: "
            f"{summary['matched_seconds_reference_tight']:.1f} s, cg "
            f"{summary['matched_speedup_cg']:.1f}x faster"
        )
    print(f"saved to {path}")


if __name__ == "__main__":
    main()
