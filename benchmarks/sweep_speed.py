"""Time one sweep of the author's phase-diagram grid and save the result.

The grid is N = 50, 30 loads from 0.1 to 6, 30 kernel widths from 1e-4 to
10 and one seed: 900 cells, each trained to convergence and measured with
every sharpness reading, recall success and basin radius. The target is
at most 60 s on 2 cores. Run from the repository root:

    .venv/bin/python benchmarks/sweep_speed.py

The result is written to ``benchmarks/results/sweep_speed.json``.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe_machine  # noqa: E402

from kernel_hopfield.sweep import SweepSpec, compute_sweep  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SECONDS = 60.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count(), help="worker processes"
    )
    args = parser.parse_args(argv)

    spec = SweepSpec(seeds=(42,))
    start = time.perf_counter()
    result = compute_sweep(spec, workers=args.workers, desc="author grid")
    seconds = time.perf_counter() - start

    record = {
        "benchmark": "one sweep of the author's grid",
        "cells": int(spec.shape[0] * spec.shape[1] * spec.shape[2]),
        "workers": args.workers,
        "seconds": round(seconds, 2),
        "target_seconds": TARGET_SECONDS,
        "all_converged": bool(result.metrics["converged"].min() == 1.0),
        "machine": describe_machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "sweep_speed.json"
    path.write_text(json.dumps(record, indent=2) + "\n")
    print(f"{record['cells']} cells in {seconds:.1f} s with {args.workers} workers "
          f"(target {TARGET_SECONDS:.0f} s); saved to {path}")


if __name__ == "__main__":
    main()
