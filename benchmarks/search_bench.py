"""Search benchmark: index build rate and query latency, Whoosh+jieba vs the database.

Runs standalone on the example project's embedded settings (SQLite and a
Whoosh index in a fresh temporary folder), whatever service variables are set::

    python benchmarks/search_bench.py                  # 10k and 50k SKUs
    python benchmarks/search_bench.py --sizes 2000     # a quick check

For each size it adds SKUs to reach that size, rebuilds the Whoosh index
and the database backend's search text through the search facade (timed),
then times the same query mix on both backends through
``SearchBackend.search`` (the storefront's call: first page, total, SKU
objects loaded), and the suggestion lookup through
``search_suggestions`` (the API's call: the query checked, the index
generation read from the cache, the table searched; its build rate is the
table's first build after the index changed, in SKUs/s). Prints one table
with the goals at the largest size.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_P50_MS, GOAL_P99_MS = 10.0, 40.0
#: The suggestion lookup's goal (search-as-you-type answers on every keystroke).
GOAL_SUGGEST_P99_MS = 20.0
PER_PAGE = 9

ORIGINS = [
    "丹东",
    "烟台",
    "新疆",
    "海南",
    "云南",
    "进口",
    "有机",
    "东北",
    "智利",
    "挪威",
    "宁夏",
    "赣南",
]
PRODUCTS = [
    "草莓", "苹果", "车厘子", "蓝莓", "芒果", "猕猴桃", "橙子", "葡萄", "西瓜", "荔枝",
    "牛肉", "羊排", "三文鱼", "大虾", "鸡蛋", "白菜", "土豆", "水饺", "汤圆", "大米",
]  # fmt: skip
SPECS = ["500g", "1kg", "2.5kg", "5斤装", "6个装", "礼盒装", "家庭装", "12枚"]
BRANDS = ["Dole", "Zespri", "Sunkist", "Apple", "", "", "", ""]
CAPTIONS = ["新鲜直达", "当天采摘", "冷链配送", "酸甜多汁", "肉质细嫩", "产地直供", "精选大果"]
QUERIES = [
    "草莓", "苹果", "三文鱼", "车厘子 2.5kg", "丹东草莓", "有机 鸡蛋", "Zespri 猕猴桃",
    "500g", "礼盒", "dole", "新疆 葡萄 5斤装", "冷链", "榴莲", "进口牛肉 1kg",
]  # fmt: skip
#: What a shopper has typed so far: characters, pinyin, initials, traditional, letters.
SUGGEST_QUERIES = [
    "草", "草莓", "cao", "cm", "丹", "dandong", "蘋", "s", "z", "zespri", "三文", "hn", "榴",
]  # fmt: skip


def setup_django() -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)  # embedded settings, always
    os.environ["SHOPKIT_VAR_DIR"] = tempfile.mkdtemp(prefix="shopkit-search-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "example_project.settings"
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "example_project")]
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def grow_catalogue(target: int, rng: random.Random) -> None:
    """Add SKUs (bulk, so no per-row events) until there are ``target``."""
    from shopkit.goods.models import SKU, SPU, Category

    categories = list(Category.objects.all()) or [
        Category.objects.create(name=name, sort_order=n)
        for n, name in enumerate(
            ["新鲜水果", "海鲜水产", "猪牛羊肉", "禽类蛋品", "新鲜蔬菜", "速冻食品"]
        )
    ]
    start = SKU.objects.count()
    batch = 2000
    for first in range(start, target, batch):
        count = min(batch, target - first)
        spus = SPU.objects.bulk_create(
            SPU(
                name=f"{rng.choice(ORIGINS)}{rng.choice(PRODUCTS)}", category=rng.choice(categories)
            )
            for _ in range(count // 5 + 1)
        )
        skus = []
        for n in range(first, first + count):
            spu = rng.choice(spus)
            brand = rng.choice(BRANDS)
            name = f"{brand} {spu.name} {rng.choice(SPECS)} {n}".strip()
            skus.append(
                SKU(
                    spu=spu,
                    category_id=spu.category_id,
                    name=name,
                    caption=f"{rng.choice(CAPTIONS)}，{rng.choice(CAPTIONS)}",
                    price=Decimal(rng.randint(500, 50000)) / 100,
                    market_price=Decimal("999.00"),
                    stock=100,
                    sales=rng.randint(0, 5000),
                    is_launched=rng.random() > 0.05,
                )
            )
        SKU.objects.bulk_create(skus)


def latencies_ms(backend, rounds: int) -> list[float]:
    for query in QUERIES:  # warm up: jieba's dictionary, the searcher, the SQLite pages
        backend.search(query, page=1, per_page=PER_PAGE)
    samples = []
    for _ in range(rounds):
        for query in QUERIES:
            began = time.perf_counter()
            backend.search(query, page=1, per_page=PER_PAGE)
            samples.append((time.perf_counter() - began) * 1000)
    return samples


def suggest_latencies_ms(rounds: int) -> tuple[float, list[float]]:
    """Seconds of the table's first build, and the suggestion lookups' latencies."""
    from shopkit.goods.page_cache import invalidate
    from shopkit.search.services import INDEX_TAG, search_suggestions

    invalidate({INDEX_TAG})  # as after a rebuild: the next lookup builds the table
    began = time.perf_counter()
    search_suggestions(SUGGEST_QUERIES[0])
    build_seconds = time.perf_counter() - began
    samples = []
    for _ in range(rounds):
        for query in SUGGEST_QUERIES:
            began = time.perf_counter()
            search_suggestions(query)
            samples.append((time.perf_counter() - began) * 1000)
    return build_seconds, samples


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000,50000", help="comma-separated SKU counts (default 10000,50000)"
    )
    parser.add_argument("--rounds", type=int, default=30, help="times the query mix is run")
    args = parser.parse_args()
    try:
        sizes = sorted({int(size) for size in args.sizes.split(",")})
    except ValueError:
        parser.error("--sizes takes whole numbers, e.g. --sizes 2000,10000")
    if not sizes or sizes[0] <= 0 or args.rounds <= 0:
        parser.error("sizes and rounds must be positive")

    setup_django()
    from shopkit.goods.models import SKU
    from shopkit.search.backends.database import DatabaseSearchBackend
    from shopkit.search.backends.haystack import HaystackSearchBackend

    rng = random.Random(20240601)
    backends = {
        "whoosh+jieba": HaystackSearchBackend("default"),
        "database": DatabaseSearchBackend(),
    }
    rows = []
    for size in sizes:
        print(f"... {size} SKUs: building catalogue", file=sys.stderr)
        grow_catalogue(size, rng)
        launched = SKU.objects.launched().count()
        for name, backend in backends.items():
            print(f"... {size} SKUs: {name}", file=sys.stderr)
            began = time.perf_counter()
            indexed = backend.rebuild()
            build_seconds = time.perf_counter() - began
            samples = latencies_ms(backend, args.rounds)
            rows.append(
                {
                    "size": size,
                    "backend": name,
                    "rate": indexed / build_seconds,
                    "p50": statistics.median(samples),
                    "p99": percentile(samples, 0.99),
                    "queries": len(samples),
                    "launched": launched,
                }
            )
        print(f"... {size} SKUs: suggestions", file=sys.stderr)
        build_seconds, samples = suggest_latencies_ms(args.rounds)
        rows.append(
            {
                "size": size,
                "backend": "suggest (either backend)",
                "rate": launched / build_seconds,
                "p50": statistics.median(samples),
                "p99": percentile(samples, 0.99),
                "queries": len(samples),
                "launched": launched,
            }
        )

    print()
    header = ["SKUs", "backend", "index build (SKUs/s)", "p50 (ms)", "p99 (ms)", "queries"]
    print("| " + " | ".join([*header, f"goal at {sizes[-1]:,}"]) + " |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for row in rows:
        rate = f"{row['rate']:,.0f}"
        if row["size"] == sizes[-1] and row["backend"].startswith("suggest"):
            goal = "met" if row["p99"] <= GOAL_SUGGEST_P99_MS else "missed"
        elif row["size"] == sizes[-1]:
            met = row["p50"] <= GOAL_P50_MS and row["p99"] <= GOAL_P99_MS
            goal = "met" if met else "missed"
        else:
            goal = ""
        print(
            f"| {row['size']:,} | {row['backend']} | {rate} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | {row['queries']} | {goal} |"
        )
    print(
        f"\nGoal: p50 <= {GOAL_P50_MS:.0f} ms and p99 <= {GOAL_P99_MS:.0f} ms at the largest size."
    )
    print(f"Suggestions: p99 <= {GOAL_SUGGEST_P99_MS:.0f} ms at the largest size.")
    print(f"Queries: {', '.join(QUERIES)}; first page of {PER_PAGE}, total and SKU rows loaded.")
    print(f"Suggestion queries: {', '.join(SUGGEST_QUERIES)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
