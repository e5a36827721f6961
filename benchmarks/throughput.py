"""Measure floating-point throughput of KLR training and recall at N = 1000, P = 4000.

The workload is P = 4000 random patterns of N = 1000 neurons (seed 42),
kernel width gamma = 1/N and lam = 0.01. Four quantities are measured:

matmul
    The machine's matrix-multiply rate: the best of 3 products of the
    P x P Gram matrix with a P x N matrix, ``2 P^2 N`` flops each.
gd_epoch
    One epoch of the library's gradient descent, ``Z = K A``,
    ``F = sigmoid(Z) - T + lam A``, ``A <- A - eta K F``, counted as
    ``4 P^2 N`` flops; best of 3 epochs from ``A = 0``. The epoch body
    repeats the loop of ``train_klr_gd`` line by line, with the library's
    own residual and loss functions, so the elementwise work (residual,
    loss and ``max |F|``) is included in the time but not counted as
    flops. Timing single epochs, not the difference of two
    ``train_klr_gd`` runs, keeps the result usable on a busy machine.
recall_step
    One synchronous step for B = 1000 states, ``network.fields`` and the
    sign update, counted as ``4 B P N`` flops (the state-pattern inner
    products and the field sum); best of 3.
train
    ``train_klr`` (linear_solver="cg") to ``max |F| <= 1e-8``: wall time
    and Newton iterations.

The first three run once with 1 and once with 2 BLAS threads, each set in a
fresh child process through ``OPENBLAS_NUM_THREADS`` (and the OpenMP and MKL
equivalents), because OpenBLAS reads the thread count only when it is
loaded. Training runs in its own child with 2 threads. The targets: the
epoch reaches at least half the matmul rate at the same thread count, and
training finishes in under 2 minutes on 2 cores. Run from the repository
root:

    .venv/bin/python benchmarks/throughput.py

It took 1.5 to 3.5 minutes, depending on the competing load, on the
machine described in ``benchmarks/results/throughput.json``, where the
result is written.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe_machine  # noqa: E402

from kernel_hopfield.dynamics import sign_update  # noqa: E402
from kernel_hopfield.kernels import gram_matrix  # noqa: E402
from kernel_hopfield.learning import _loss, _residual, train_klr  # noqa: E402
from kernel_hopfield.networks import KernelNetwork  # noqa: E402
from kernel_hopfield.patterns import corrupt, random_patterns  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
N, P, B = 1000, 4000, 1000
GAMMA = 1.0 / N
LAM = 0.01
SEED = 42
ETA = 0.1
TARGET_EPOCH_RATIO = 0.5
TARGET_TRAIN_SECONDS = 120.0
BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def best_time(function, repeats):
    """Return the smallest wall time of ``repeats`` calls of ``function``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _patterns():
    return random_patterns(P, N, np.random.default_rng([SEED, P]))


def measure_rates():
    """Time the matmul, one gradient-descent epoch and one recall step."""
    X = _patterns()
    K = gram_matrix(X, GAMMA)
    M = np.random.default_rng(SEED).standard_normal((P, N))
    matmul = best_time(lambda: K @ M, 3)

    T = (X + 1.0) / 2.0
    state = {"A": np.zeros((P, N))}

    def run_epoch():
        # The body of the epoch loop of train_klr_gd.
        A = state["A"]
        Z = K @ A
        F = _residual(Z, A, T, LAM)
        _loss(Z, A, T, LAM).sum()
        np.abs(F).max()
        state["A"] = A - ETA * (K @ F)

    epoch = best_time(run_epoch, 3)

    # The coefficients do not change the cost of a step, so any finite A will do.
    network = KernelNetwork(X, M * LAM, GAMMA)
    S = corrupt(X[:B], 0.1, np.random.default_rng(SEED))
    step = best_time(lambda: sign_update(network.fields(S), S), 3)

    rates = {
        "matmul": {"seconds": matmul, "flops": 2 * P**2 * N},
        "gd_epoch": {"seconds": epoch, "flops": 4 * P**2 * N},
        "recall_step": {"seconds": step, "flops": 4 * B * P * N},
    }
    for entry in rates.values():
        entry["gflops"] = entry["flops"] / entry["seconds"] / 1e9
    for kind in ("gd_epoch", "recall_step"):
        rates[f"{kind}_over_matmul"] = rates[kind]["gflops"] / rates["matmul"]["gflops"]
    return rates


def measure_training():
    """Train KLR with conjugate gradients to tolerance and time it."""
    X = _patterns()
    start, cpu = time.perf_counter(), time.process_time()
    result = train_klr(X, GAMMA, LAM)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "iterations": int(result.iterations),
        "converged": bool(result.converged),
        "residual": float(result.residual_history[-1]),
        "message": result.message,
    }


def run_child(part, threads):
    """Run one part in a fresh Python process with ``threads`` BLAS threads."""
    env = dict(os.environ)
    env.update({name: str(threads) for name in BLAS_VARIABLES})
    command = [sys.executable, __file__, "--child", part]
    completed = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"child process for {part!r} with {threads} threads failed with exit "
            f"code {completed.returncode}:\n{completed.stderr}"
        )
    record = json.loads(completed.stdout.splitlines()[-1])
    record["blas_threads"] = threads
    return record


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--threads",
        type=int,
        nargs="+",
        default=[1, 2],
        help="BLAS thread counts for the matmul, epoch and recall rates "
        "(default: 1 2)",
    )
    parser.add_argument(
        "--train-threads",
        type=int,
        default=2,
        help="BLAS threads for the training run (default 2)",
    )
    parser.add_argument("--child", choices=("rates", "train"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        measure = measure_rates if args.child == "rates" else measure_training
        print(json.dumps(measure()))
        return

    load_average = os.getloadavg()
    start = time.perf_counter()
    rates = []
    for threads in args.threads:
        rates.append(run_child("rates", threads))
        print(
            f"{threads} thread(s): matmul {rates[-1]['matmul']['gflops']:.1f} GFLOP/s, "
            f"GD epoch {rates[-1]['gd_epoch']['gflops']:.1f} GFLOP/s, "
            f"recall step {rates[-1]['recall_step']['gflops']:.1f} GFLOP/s",
            flush=True,
        )
    training = run_child("train", args.train_threads)
    print(
        f"train_klr with {args.train_threads} threads: {training['seconds']:.1f} s, "
        f"{training['iterations']} Newton iterations",
        flush=True,
    )
    seconds = time.perf_counter() - start

    record = {
        "benchmark": "throughput of KLR training and recall",
        "settings": {
            "N": N,
            "P": P,
            "B": B,
            "gamma": GAMMA,
            "lam": LAM,
            "seed": SEED,
            "eta": ETA,
            "flop_counts": {
                "matmul": "2 P^2 N",
                "gd_epoch": "4 P^2 N",
                "recall_step": "4 B P N",
            },
        },
        "targets": {
            "gd_epoch_over_matmul": TARGET_EPOCH_RATIO,
            "train_seconds": TARGET_TRAIN_SECONDS,
            "train_cores": 2,
        },
        "rates": rates,
        "train": training,
        "seconds": round(seconds, 2),
        "load_average_at_start": [round(x, 2) for x in load_average],
        "machine": describe_machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    # The parent process does no timed work, so its own thread setting means
    # nothing; the thread count of every measurement is stored with it.
    record["machine"]["blas_threads"] = "per measurement"
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "throughput.json"
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(f"finished in {seconds:.0f} s; saved to {path}")


if __name__ == "__main__":
    main()
