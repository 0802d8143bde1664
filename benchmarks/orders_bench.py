"""Orders per second at 32 concurrent buyers, beside a raw-SQL baseline.

Both runs happen here, on the same PostgreSQL server and the same data shape:

- ``shopkit``: ``place_order()`` — validation, address and price checks, the
  double-submit guard, conditional stock updates in id order, order and lines,
  after-commit cache invalidation and the ``shopkit_order_placed`` event.
- ``raw SQL``: the least a correct placement must do — one transaction with a
  conditional ``UPDATE … WHERE stock >= n`` per SKU in id order and the order
  and line ``INSERT`` s, through the same Django connections.

The two alternate for ``--rounds`` rounds and the table gives each round's
orders/s and the median, because a shared machine's speed drifts between
runs. Each buyer's first order is untimed (a web worker is warm), and
``DEBUG`` is off, as in production.

Usage (PostgreSQL reachable; a throwaway ``shopkit_orders_bench_<pid>`` database is
created and dropped)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shopkit python benchmarks/orders_bench.py
    python benchmarks/orders_bench.py --orders 400 --buyers 32 --rounds 1
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_project")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shopkit")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from shopkit.accounts.models import Address  # noqa: E402
from shopkit.goods.models import SKU, Category  # noqa: E402
from shopkit.orders.models import Order  # noqa: E402
from shopkit.orders.placement import place_order  # noqa: E402

GOAL_ORDERS_PER_SECOND = 300
SKU_COUNT = 100
LINES_PER_ORDER = 2
#: The baseline numbers its orders from process id + counter, so it never retries a clash.
RAW_ORDER_NUMBERS = itertools.count()

Placement = Callable[[Any, int, list[tuple[int, int]]], object]


def make_catalogue() -> list[SKU]:
    from tests.fixtures.catalogue import make_skus

    category = Category.objects.create(name="基准", sort_order=1)
    skus = make_skus(category, SKU_COUNT, prefix="基准商品")
    SKU.objects.filter(pk__in=[sku.pk for sku in skus]).update(stock=10**6)
    return skus


def make_buyers(count: int, tag: str) -> list[tuple[Any, int]]:
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{tag}{n}", email=f"{tag}{n}@example.com") for n in range(count)
    )
    addresses = Address.objects.bulk_create(
        Address(user=user, receiver="买家", address="上海市", receiver_mobile="13900000000")
        for user in users
    )
    return [(user, address.pk) for user, address in zip(users, addresses, strict=True)]


def basket(rng: random.Random, skus: list[SKU]) -> list[tuple[int, int]]:
    return [(sku.pk, rng.randint(1, 3)) for sku in rng.sample(skus, LINES_PER_ORDER)]


def place_with_raw_sql(user: Any, address_id: int, lines: list[tuple[int, int]]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        total = Decimal("0")
        for sku_id, count in sorted(lines):
            cursor.execute(
                "UPDATE shopkit_goods_sku SET stock = stock - %s, sales = sales + %s "
                "WHERE id = %s AND stock >= %s AND is_launched RETURNING price",
                [count, count, sku_id, count],
            )
            total += cursor.fetchone()[0] * count
        cursor.execute(
            "INSERT INTO shopkit_orders_order (order_id, user_id, receiver, receiver_address, "
            "receiver_mobile, receiver_postcode, total_count, goods_amount, freight, "
            "total_amount, status, payment_provider, cancel_reason, created, updated) "
            "SELECT %s, %s, receiver, address, receiver_mobile, postcode, %s, %s, 0, %s, 1, "
            "'', '', %s, %s FROM shopkit_accounts_address WHERE id = %s RETURNING order_id",
            [
                f"9{os.getpid() % 10**7:07d}{next(RAW_ORDER_NUMBERS):08d}",
                user.pk,
                sum(count for _, count in lines),
                total,
                total,
                timezone.now(),
                timezone.now(),
                address_id,
            ],
        )
        order_id = cursor.fetchone()[0]
        for sku_id, count in lines:
            cursor.execute(
                "INSERT INTO shopkit_orders_orderline (order_id, sku_id, name, image, "
                "sale_attributes, price, count, comment, score, is_anonymous) "
                "SELECT %s, id, name, '', '[]', price, %s, '', 5, false "
                "FROM shopkit_goods_sku WHERE id = %s",
                [order_id, count, sku_id],
            )


def buyer_process(
    place: Placement,
    share: list[tuple[int, int, list[tuple[int, int]]]],
    barrier: Any,
    errors: Any,
) -> None:
    """One buyer: its own process and database connection, placing its share of
    orders. The first order warms the buyer up before the clock starts, as a
    long-running web worker is warm: its connection is open and everything
    built once per process (statements, plugin hooks) is built."""
    user_model = get_user_model()
    failed = 0
    for number, (user_pk, address_id, lines) in enumerate(share):
        if number == 1:
            barrier.wait()
        try:
            place(user_model(pk=user_pk), address_id, lines)
        except Exception:
            failed += 1
    with errors.get_lock():
        errors.value += failed
    connections.close_all()


def run(
    place: Placement, buyers: list[tuple[Any, int]], skus: list[SKU], concurrency: int
) -> tuple[float, int, int]:
    """Place one order per buyer from ``concurrency`` processes; return the
    seconds the timed orders took, how many were timed, and the errors.

    Processes, not threads: a shop runs several worker processes, and threads
    would measure the interpreter lock rather than the placement.
    """
    rng = random.Random(7)
    work = [(user.pk, address_id, basket(rng, skus)) for user, address_id in buyers]
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(concurrency + 1)
    errors = context.Value("i", 0)
    connections.close_all()  # children open their own connections
    processes = [
        context.Process(target=buyer_process, args=(place, work[n::concurrency], barrier, errors))
        for n in range(concurrency)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    for process in processes:
        process.join()
    return time.perf_counter() - started, len(work) - concurrency, errors.value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1600, help="orders per run")
    parser.add_argument("--buyers", type=int, default=32, help="concurrent buyers")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternating")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("This benchmark needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return 2
    if args.orders < 2 * args.buyers or args.rounds < 1:
        print("Give at least two orders per buyer and one round.", file=sys.stderr)
        return 2
    setup_test_environment(debug=False)  # as in production: no query log
    # A name of its own: never clobber the test database of a pytest run.
    connection.settings_dict["TEST"]["NAME"] = f"shopkit_orders_bench_{os.getpid()}"
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        skus = make_catalogue()
        placements = {"raw SQL": place_with_raw_sql, "shopkit": place_order}
        rates: dict[str, list[float]] = {name: [] for name in placements}
        errors = 0
        for round_number in range(args.rounds):
            for name, place in placements.items():
                buyers = make_buyers(args.orders, tag=f"{name[:3]}{round_number}-")
                seconds, timed, failed = run(place, buyers, skus, args.buyers)
                rates[name].append((timed - failed) / seconds)
                errors += failed
        placed = Order.objects.count()
        print(
            f"\n{args.orders} orders per run ({args.buyers} of them warming the buyers up, "
            f"untimed), {args.buyers} concurrent buyers, PostgreSQL, {args.rounds} rounds"
        )
        print(f"{'run':<10}{'orders/s by round':>28}{'median':>10}")
        for name, measured in rates.items():
            by_round = " ".join(f"{rate:>6.0f}" for rate in measured)
            print(f"{name:<10}{by_round:>28}{statistics.median(measured):>10.0f}")
        baseline, shopkit = (statistics.median(measured) for measured in rates.values())
        verdict = "met" if shopkit >= GOAL_ORDERS_PER_SECOND else "MISSED"
        print(
            f"shopkit at {shopkit / baseline:.0%} of the raw-SQL baseline; "
            f"goal >= {GOAL_ORDERS_PER_SECOND} orders/s: {verdict}; errors: {errors}"
        )
        expected = 2 * args.rounds * args.orders - errors
        assert placed == expected, f"{expected - placed} orders went missing"
        return 0 if not errors else 1
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
