"""The worker benchmark still runs and prints its table (tiny: not a timing)."""

import pytest

from tests.test_benchmarks import run_script, table_rows

WORKER_TASKS = ["trivial task (baseline)", "search index refresh, 1 SKU", "activation mail"]


@pytest.mark.services("postgres", "redis", "celery")
def test_the_worker_benchmark_runs_every_task_beside_the_trivial_one():
    finished = run_script("worker_bench.py", "--smoke")
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    rows = table_rows(finished.stdout)
    assert list(rows) == WORKER_TASKS
    assert rows["trivial task (baseline)"][3] == "1.00"
    assert all(float(rate) > 0 and errors == "0" for _, rate, _, _, errors in rows.values())
    assert "errors: 0" in finished.stdout
