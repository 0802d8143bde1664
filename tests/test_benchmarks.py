"""The benchmark scripts still run and print their tables (tiny sizes: not timings)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def run_script(name, *arguments):
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *arguments],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": ""},
    )  # fmt: skip


def test_the_search_benchmark_prints_both_backends():
    finished = run_script("search_bench.py", "--sizes", "200", "--rounds", "1")
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "| 200 | whoosh+jieba |" in finished.stdout
    assert "| 200 | database | no index |" in finished.stdout


@pytest.mark.services("postgres")
def test_the_orders_benchmark_places_every_order_of_both_runs():
    finished = run_script("orders_bench.py", "--orders", "40", "--buyers", "4", "--rounds", "1")
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-3000:]
    assert "goal >= 300 orders/s" in finished.stdout and "errors: 0" in finished.stdout
    assert "raw SQL" in finished.stdout and "shopkit" in finished.stdout
