"""Tasks per second of a Celery worker, beside a task that does nothing.

The example project is built in a throwaway PostgreSQL database
(``shopkit_worker_bench_<pid>``, dropped at the end) with the demo shop, a
private Redis database (``--redis-db``, flushed before and after) as its
cache, and ``DEBUG`` off. One ``celery worker`` of the example project
(prefork, ``--concurrency`` processes, the production settings ``make stack``
uses) consumes a queue of its own on the broker of ``CELERY_BROKER_URL``, so
no other process's messages reach it and it reaches none of theirs.

Each run queues ``--tasks`` tasks of one kind through shopkit's outbox, as
the shop does, while the worker is not consuming; then the worker starts
consuming and the clock runs until the last task has finished. The kinds:

- the trivial task (baseline): ``worker_bench.nothing``, defined here and
  loaded by the worker with ``-I``, with the delivery options of shopkit's
  own tasks; the ratio to it survives a slower or busier machine;
- the search index refresh of one SKU (``refresh_search_index``): what every
  catalogue save queues, the commonest task, and the heaviest of the
  frequent ones (the SKU read, jieba, a Whoosh commit, the index tag bumped);
- the activation mail (``send_email`` of ``queue_activation_email``): what
  each registration or password reset queues (the done mark in the
  database, the message written by the example's file mail backend).

The kinds take turns for ``--rounds`` rounds after an untimed warm-up, and
the table gives each round's rate, the median and its ratio to the trivial
task. A task that fails is counted and makes the exit status 1.

Usage (PostgreSQL, Redis and the broker reachable)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shopkit \\
        REDIS_URL=redis://127.0.0.1:6379/0 \\
        CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672// python benchmarks/worker_bench.py
    python benchmarks/worker_bench.py --tasks 2000 --concurrency 4
    python benchmarks/worker_bench.py --smoke   # seconds: it runs, not a timing
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import django
import redis
from celery import shared_task
from celery.signals import task_postrun
from http_bench import build_shop

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "example_project"
sys.path.insert(0, str(EXAMPLE))

from serving import stop, throwaway_database, with_path  # noqa: E402

TRIVIAL = "trivial task (baseline)"
#: Untimed tasks of each kind per pool process before the rounds.
WARMUP_TASKS_PER_PROCESS = 10
#: The worker appends a line per finished task to the file named in this variable.
DONE_FILE = "WORKER_BENCH_DONE_FILE"
DONE_FORMAT = "{:17.6f} {}\n"  # the task's end time, S (succeeded) or F
DONE_LINE = len(DONE_FORMAT.format(0, "S"))
ACTIVATION_LINK = "https://shop.example.com/user/activate/?code={}"


# acks_late and reject_on_worker_lost as shopkit.core.tasks.REDELIVERED_IF_LOST
# (not imported: that module needs Django set up, and this one is imported before).
@shared_task(
    name="worker_bench.nothing", ignore_result=True, acks_late=True, reject_on_worker_lost=True
)
def nothing() -> None:
    """The baseline: a task that does nothing, delivered like shopkit's."""


def record_done(state: str | None = None, **kwargs: Any) -> None:
    """In the worker: one fixed-width line per finished task, its end time and
    whether it succeeded. A small ``O_APPEND`` write is atomic, so the pool's
    processes share the file; its size says how many tasks are done."""
    line = DONE_FORMAT.format(time.time(), "S" if state == "SUCCESS" else "F")
    fd = os.open(os.environ[DONE_FILE], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


if os.environ.get(DONE_FILE):  # only the worker this benchmark starts has it
    task_postrun.connect(record_done)


def workloads(skus: list[int]) -> dict[str, Callable[[int], object]]:
    """How to queue the ``n``-th task of each kind (Django is set up by then)."""
    from django.contrib.auth import get_user_model

    from shopkit.accounts.services import queue_activation_email
    from shopkit.core import outbox
    from shopkit.search.tasks import refresh_search_index

    shopper = get_user_model().objects.create_user("worker-bench", "worker-bench@example.com")
    return {
        TRIVIAL: lambda n: outbox.enqueue(nothing),
        "search index refresh, 1 SKU": lambda n: outbox.enqueue(
            refresh_search_index, [skus[n % len(skus)]], [], []
        ),
        "activation mail": lambda n: queue_activation_email(shopper, ACTIVATION_LINK.format),
    }


@contextmanager
def running_worker(app: Any, queue: str, concurrency: int, var_dir: Path) -> Iterator[str]:
    """A ``celery worker`` of the example project consuming ``queue``, once it
    answers a ping; yields its node name. On the way out the worker is stopped
    (warm shutdown) and the queue deleted.

    The worker starts on an empty queue: what the build queued (index
    refreshes, a static home page render) is purged, as the build did that
    work in-process (``shopkit_rebuild_search``, ``shopkit_static_index``)."""
    node = f"{queue}@localhost"
    log_path = var_dir / "worker.log"
    env = {
        **os.environ,
        DONE_FILE: str(var_dir / "done"),
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(HERE), str(EXAMPLE), os.environ.get("PYTHONPATH")])
        ),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "example_project", "worker",
        "-P", "prefork", "-c", str(concurrency), "-Q", queue, "-n", node, "-I", "worker_bench",
        "--without-gossip", "--without-mingle", "-l", "INFO",
    ]  # fmt: skip
    with app.connection_for_write() as connection:
        bound = app.amqp.queues[queue](connection.default_channel)
        bound.declare()
        bound.purge()
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, env=env, cwd=EXAMPLE, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The Celery worker did not start:\n{log_path.read_text()}")
        yield node
    finally:
        stop(process)
        with app.connection_for_write() as connection:
            app.amqp.queues[queue](connection.default_channel).delete()


class Runner:
    """Runs of one kind of task through the started worker."""

    def __init__(self, app: Any, queue: str, node: str, var_dir: Path):
        self.app, self.queue, self.node = app, queue, node
        self.done_file = var_dir / "done"
        self.log_path = var_dir / "worker.log"

    def consume(self, on: bool) -> None:
        control = self.app.control.add_consumer if on else self.app.control.cancel_consumer
        if not control(self.queue, destination=[self.node], reply=True):
            raise RuntimeError(f"The worker did not answer:\n{self.log_path.read_text()}")

    def run(self, enqueue: Callable[[int], object], count: int) -> tuple[float, int]:
        """Queue ``count`` tasks, let the worker take them all, and return the
        tasks per second from the start of consuming to the last task's end,
        and how many failed."""
        from django.db import transaction

        self.consume(False)
        with transaction.atomic():  # each row is published after the commit
            for n in range(count):
                enqueue(n)
        self.done_file.write_bytes(b"")
        started = time.time()
        self.consume(True)
        deadline = time.monotonic() + 60 + count
        while self.done_file.stat().st_size < count * DONE_LINE:
            if time.monotonic() > deadline:
                raise RuntimeError(f"Tasks left undone:\n{self.log_path.read_text()[-5000:]}")
            time.sleep(0.005)
        lines = self.done_file.read_text().splitlines()
        finished = max(float(line.split()[0]) for line in lines)
        return count / (finished - started), sum(line[-1] != "S" for line in lines)


def print_table(rates: dict[str, list[float]], errors: dict[str, int], concurrency: int) -> None:
    baseline = statistics.median(rates[TRIVIAL])
    print("| task | tasks/s by round | tasks/s | per process | × trivial | errors |")
    print("|---|---|---:|---:|---:|---|")
    for label, measured in rates.items():
        rate = statistics.median(measured)
        by_round = ", ".join(f"{value:.0f}" for value in measured)
        failed = f"**{errors[label]}**" if errors[label] else "0"
        print(
            f"| {label} | {by_round} | {rate:.0f} | {rate / concurrency:.0f} "
            f"| {rate / baseline:.2f} | {failed} |"
        )


def measure_rounds(
    args: argparse.Namespace, runner: Runner, kinds: dict[str, Callable[[int], object]]
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each kind's rate per round, and its failed tasks, after an untimed warm-up."""
    for enqueue in kinds.values():  # every pool process imports and connects
        runner.run(enqueue, WARMUP_TASKS_PER_PROCESS * args.concurrency)
    rates: dict[str, list[float]] = {label: [] for label in kinds}
    errors = dict.fromkeys(kinds, 0)
    for _ in range(args.rounds):
        for label, enqueue in kinds.items():
            rate, failed = runner.run(enqueue, args.tasks)
            rates[label].append(rate)
            errors[label] += failed
    return rates, errors


def measure(args: argparse.Namespace, server_url: str, redis_url: str, var_dir: Path) -> int:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="example_project.stack_settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        REDIS_URL=redis_url,
        SHOPKIT_VAR_DIR=str(var_dir),
    )
    load_at_start = os.getloadavg()
    cache = redis.Redis.from_url(redis_url)
    queue = f"shopkit-worker-bench-{os.getpid()}"
    with throwaway_database(server_url, f"shopkit_worker_bench_{os.getpid()}") as database_url:
        os.environ["DATABASE_URL"] = database_url
        try:
            cache.flushdb()
            django.setup()
            from example_project.celery import app

            # Everything this process queues, the build's tasks included, goes
            # to the benchmark's queue, never to another worker's.
            app.conf.task_default_queue = queue
            build_shop(1)
            from shopkit.goods.models import SKU

            skus = list(SKU.objects.launched().order_by("pk").values_list("pk", flat=True))
            kinds = workloads(skus)
            with running_worker(app, queue, args.concurrency, var_dir) as node:
                rates, errors = measure_rounds(args, Runner(app, queue, node, var_dir), kinds)
        finally:
            cache.flushdb()
    broker = urlsplit(os.environ["CELERY_BROKER_URL"]).scheme
    print(
        f"\n{len(skus)} SKUs on sale; {args.tasks} tasks per run queued through the outbox; "
        f"celery worker prefork -c {args.concurrency}, {broker} broker, PostgreSQL, "
        f"Redis db {args.redis_db}, DEBUG off; {args.rounds} rounds after a warm-up\n"
    )
    print_table(rates, errors, args.concurrency)
    print(
        f"\nMachine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}; load average {load_at_start[0]:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end; "
        f"finished {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}."
    )
    print(f"errors: {sum(errors.values())}")
    return 0 if not any(errors.values()) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000, help="tasks per run")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (prefork)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each kind, taking turns")
    parser.add_argument("--redis-db", type=int, default=10, help="flushed before and after")
    parser.add_argument("--smoke", action="store_true", help="20 tasks, 1 round: it still works")
    args = parser.parse_args()
    if args.smoke:
        args.tasks, args.rounds = 20, 1
    if args.tasks < 1 or args.concurrency < 1 or args.rounds < 1:
        parser.error("--tasks, --concurrency and --rounds must be at least 1")
    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shopkit")
    if urlsplit(server_url).scheme not in {"postgres", "postgresql"}:
        print("This benchmark needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return 2
    os.environ.setdefault("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    redis_url = with_path(
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), f"/{args.redis_db}"
    )
    with tempfile.TemporaryDirectory(prefix="shopkit-worker-bench-") as var_dir:
        return measure(args, server_url, redis_url, Path(var_dir))


if __name__ == "__main__":
    sys.exit(main())
