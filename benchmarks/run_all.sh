#!/usr/bin/env bash
# Run every benchmark in order and write benchmarks/results/*.json, which the
# book's "Performance" page reads. Run from anywhere; it uses the repository's
# .venv. Expected wall time: about 20 minutes on a 2-core machine shared with
# other jobs (sweep_speed 1.5, solver_speed 8, throughput 1.5 to 3.5,
# memory_scaling 6), less on a quiet one. Each script prints its progress
# and its total. Afterwards, execute book/benchmarks.ipynb again, because the
# notebook tests compare its stored outputs with a fresh run over these files.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=.venv/bin/python
export KERNEL_HOPFIELD_PROGRESS=0

for script in sweep_speed solver_speed throughput memory_scaling; do
    echo "== benchmarks/$script.py"
    start=$SECONDS
    "$PYTHON" "benchmarks/$script.py"
    echo "== benchmarks/$script.py took $((SECONDS - start)) s"
done
