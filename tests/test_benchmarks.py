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
    header = next(line for line in finished.stdout.splitlines() if line.startswith("| SKUs |"))
    size_column = [cell.strip() for cell in header.strip("|").split("|")].index("index size (MB)")
    rows = {
        cells[1]: cells
        for line in finished.stdout.splitlines()
        if line.startswith("| 200 |")
        for cells in [[cell.strip() for cell in line.strip("|").split("|")]]
    }
    # Both indexes measured after their rebuild (at 200 SKUs, tens of kB each).
    assert float(rows["whoosh+jieba"][size_column]) > 0
    assert float(rows["database"][size_column]) > 0
    assert "| 200 | suggest (either backend) |" in finished.stdout
    assert "| 200 | suggest, after a change |" in finished.stdout
    assert "| 200 | search page + facets (whoosh), first |" in finished.stdout
    assert "Suggestion table at 200 SKUs: first build" in finished.stdout


@pytest.mark.services("postgres")
def test_the_orders_benchmark_places_every_order_of_both_runs():
    finished = run_script("orders_bench.py", "--orders", "40", "--buyers", "4", "--rounds", "1")
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-3000:]
    assert "goal >= 300 orders/s" in finished.stdout and "errors: 0" in finished.stdout
    assert "raw SQL" in finished.stdout and "shopkit" in finished.stdout


HTTP_TARGETS = [
    "trivial JsonResponse (baseline)",
    "GET / home, anonymous",
    "GET /list/{category}/1",
    "GET /goods/{sku}",
    "GET /goods/{sku}, first visit (no cookie)",
    "GET /search/?q=草莓",
    "GET /search/?q=鲜 (broad)",
    "GET /v1/goods/index",
    "GET /v1/goods/detail/{sku}",
    "POST /v1/goods/search q=草莓",
    "POST /v1/carts/{user} add (JWT)",
    "POST /cart/add form (session, CSRF)",
    "GET /index.html (static home page)",
]


def table_rows(text):
    """The Markdown table rows of ``text`` that hold numbers, by their first cell."""
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("|") and cells[1][:1].isdigit():
            rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.services("postgres", "redis")
def test_the_http_benchmark_answers_every_target_right_beside_the_trivial_view():
    finished = run_script("http_bench.py", "--smoke")
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    rows = table_rows(finished.stdout)
    assert list(rows) == HTTP_TARGETS
    assert rows["trivial JsonResponse (baseline)"][3] == "1.00"
    assert all(float(rate) > 0 and errors == "0" for rate, *_, errors in rows.values())
    assert "gunicorn worker RSS after all targets: max" in finished.stdout
    assert "errors: 0" in finished.stdout
