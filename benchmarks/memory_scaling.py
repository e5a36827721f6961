"""Measure time and peak memory of KLR training against the number of patterns.

``train_klr`` (linear_solver="cg", lam = 0.01, gamma = 1/N, tolerance
``max |F| <= 1e-8``) runs on random patterns at N = 100, 500 and 1000 with
loads P/N = 0.5, 1, 2, 4 and 6. Each point runs in a fresh child process
with 2 BLAS threads (``OPENBLAS_NUM_THREADS=2`` and the OpenMP and MKL
equivalents), and three memory figures are recorded:

peak_rss
    The child's maximum resident set size, from ``os.wait4`` (Linux
    reports it in KiB). It is known even for a child stopped at the time
    limit.
baseline_rss
    The child's resident set size after importing the library and drawing
    the patterns, just before training.
traced_peak
    The peak of memory allocated during training as seen by
    ``tracemalloc``, which NumPy reports its array buffers to.

A solver that keeps the P x P Gram matrix and a fixed number of P x N
arrays needs ``8 (c1 P^2 + c2 P N)`` bytes. The results are compared with
``8 (P^2 + 3 P N)``. A point that runs longer than ``--time-limit`` seconds
(default 300) is stopped and recorded as incomplete, and the larger loads
of that N are skipped. Run from the repository root:

    .venv/bin/python benchmarks/memory_scaling.py

It took about 6 minutes on the shared 2-core machine described in
``benchmarks/results/memory_scaling.json``, where the result is written.
The point N = 1000, P/N = 6 alone took 2.5 to 3 minutes there, close to
the time limit.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe_machine  # noqa: E402

from kernel_hopfield.learning import train_klr  # noqa: E402
from kernel_hopfield.patterns import random_patterns  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = (100, 500, 1000)
LOADS = (0.5, 1.0, 2.0, 4.0, 6.0)
LAM = 0.01
SEED = 42
BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _resident_bytes():
    """Return the current resident set size of this process (Linux only)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("VmRSS not found in /proc/self/status.")


def measure_point(N, P):
    """Train one point and print its baseline, then its result, as JSON lines."""
    X = random_patterns(P, N, np.random.default_rng([SEED, N, P]))
    print(json.dumps({"baseline_rss": _resident_bytes()}), flush=True)

    tracemalloc.start()
    start = time.perf_counter()
    result = train_klr(X, 1.0 / N, LAM)
    seconds = time.perf_counter() - start
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    record = {
        "seconds": seconds,
        "traced_peak": traced_peak,
        "iterations": int(result.iterations),
        "converged": bool(result.converged),
    }
    print(json.dumps(record), flush=True)


def run_point(N, P, threads, time_limit):
    """Run one point in a child process; stop it after ``time_limit`` seconds."""
    env = dict(os.environ)
    env.update({name: str(threads) for name in BLAS_VARIABLES})
    command = [sys.executable, __file__, "--child", str(N), str(P)]
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    timer = threading.Timer(time_limit, child.kill)
    timer.start()
    output = child.stdout.read()
    timer.cancel()
    # wait4 reaps the child and returns its own resource usage, which
    # RUSAGE_CHILDREN cannot give once several children have finished.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start

    point = {"N": N, "P": P, "load": P / N, "peak_rss": usage.ru_maxrss * 1024}
    for line in output.splitlines():
        point.update(json.loads(line))
    point["complete"] = child.returncode == 0 and "seconds" in point
    if not point["complete"]:
        point["stopped_after"] = round(wall, 1)
        point["exit_code"] = child.returncode
    point["model_bytes"] = 8 * (P**2 + 3 * P * N)
    return point


def _describe(point):
    memory = point["peak_rss"] / 2**20
    if point["complete"]:
        return (
            f"N = {point['N']}, P = {point['P']}: {point['seconds']:.1f} s, "
            f"{point['iterations']} iterations, peak RSS {memory:.0f} MiB"
        )
    return (
        f"N = {point['N']}, P = {point['P']}: stopped after "
        f"{point['stopped_after']:.0f} s (exit code {point['exit_code']}), "
        f"peak RSS so far {memory:.0f} MiB"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--threads", type=int, default=2, help="BLAS threads per point (default 2)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=300.0,
        help="seconds after which a point is stopped (default 300)",
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(SIZES), help="values of N"
    )
    parser.add_argument("--child", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        measure_point(*args.child)
        return

    load_average = os.getloadavg()
    start = time.perf_counter()
    points, skipped = [], []
    for N in args.sizes:
        for load in LOADS:
            P = int(round(load * N))
            if points and points[-1]["N"] == N and not points[-1]["complete"]:
                skipped.append({"N": N, "P": P, "load": load})
                print(f"N = {N}, P = {P}: skipped after the previous point stopped")
                continue
            points.append(run_point(N, P, args.threads, args.time_limit))
            print(_describe(points[-1]), flush=True)
    seconds = time.perf_counter() - start

    record = {
        "benchmark": "time and peak memory of train_klr against P",
        "settings": {
            "sizes": args.sizes,
            "loads": list(LOADS),
            "gamma": "1/N",
            "lam": LAM,
            "seed": SEED,
            "blas_threads": args.threads,
            "time_limit": args.time_limit,
            "model": "8 (P^2 + 3 P N) bytes",
            "units": "bytes and seconds",
        },
        "points": points,
        "skipped": skipped,
        "seconds": round(seconds, 2),
        "load_average_at_start": [round(x, 2) for x in load_average],
        "machine": describe_machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    record["machine"]["blas_threads"] = args.threads
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "memory_scaling.json"
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(f"finished in {seconds:.0f} s; saved to {path}")


if __name__ == "__main__":
    main()
