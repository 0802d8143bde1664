"""Requests per second of the example shop over HTTP, beside a trivial view.

The example project is built in a throwaway PostgreSQL database
(``shopkit_http_bench_<pid>``, dropped at the end) and a private Redis
database (``--redis-db``, flushed before and after), with ``DEBUG`` off, and
served by gunicorn (2 sync workers) on a free loopback port. The server's
URLconf (``benchmarks/http_bench_site``) adds ``/bench/trivial``, a view that
answers ``{"ok": true}`` through the same middleware: the baseline every
target is divided by, so the ratio survives a slower or busier machine.

``wrk`` drives each target with ``--connections`` connections: one warm-up
run, then ``--rounds`` measured runs taking turns with the other targets;
the table gives the medians. Every answer is checked in the load generator's
Lua script (status and a text the right answer contains): an error status, a
socket error or a wrong answer is counted and flagged in the table, and makes
the exit status 1. The RSS of the largest worker after all targets closes the
report.

Usage (PostgreSQL and Redis reachable; ``wrk`` installed, ``make browser``
installs it)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shopkit \\
        REDIS_URL=redis://127.0.0.1:6379/0 python benchmarks/http_bench.py
    python benchmarks/http_bench.py --catalogue 10 --seconds 30
    python benchmarks/http_bench.py --smoke   # seconds: it runs, not a timing
"""

from __future__ import annotations

import argparse
import io
import os
import re
import secrets
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import redis
import requests
from http_load import Run, Target, run_wrk

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "example_project"
sys.path.insert(0, str(EXAMPLE))

from serving import gunicorn, throwaway_database, with_path  # noqa: E402

WORKERS = 2
SEARCH_WORD = "草莓"
#: In the names of about two in five demo SKUs: a search matching a large share of the catalogue.
BROAD_WORD = "鲜"
CUSTOMER = ("demo", "shopkit-demo")  # made by ``manage.py shopkit_demo``
OK_ENVELOPE = '"code": 200'
TRIVIAL = "trivial JsonResponse (baseline)"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def build_shop(copies: int) -> tuple[int, int, int, int]:
    """Migrate and load the demo shop; with ``copies`` > 1 every demo SPU gets
    ``copies - 1`` more, with the same SKUs, in its category. Return the first
    category's id, the id of its first SKU, how many SKUs are on sale and how
    many of them a search for ``BROAD_WORD`` finds."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from shopkit.goods.models import SKU, SPU
    from shopkit.search import get_search_backend

    call_command("migrate", verbosity=0)
    call_command("shopkit_demo", stdout=io.StringIO())
    originals = list(SPU.objects.prefetch_related("skus"))
    for copy in range(2, copies + 1):
        for spu in originals:
            twin = SPU.objects.create(
                name=f"{spu.name} {copy}", category=spu.category, description=spu.description
            )
            SKU.objects.bulk_create(
                SKU(
                    spu=twin,
                    category=sku.category,
                    name=f"{sku.name} {copy}",
                    caption=sku.caption,
                    price=sku.price,
                    market_price=sku.market_price,
                    unit=sku.unit,
                    stock=sku.stock,
                    sales=sku.sales,
                    default_image=sku.default_image.name,
                )
                for sku in spu.skus.all()
            )
    first = SKU.objects.order_by("category__sort_order", "category_id", "pk").first()
    # The add-to-cart targets add this SKU all run long: never out of stock.
    SKU.objects.filter(pk=first.pk).update(stock=10**9)
    call_command("shopkit_rebuild_search", stdout=io.StringIO())
    call_command("shopkit_static_index", stdout=io.StringIO())
    on_sale = SKU.objects.launched().count()
    broad_matches = len(get_search_backend().matching_ids(BROAD_WORD))
    connections.close_all()
    return first.category_id, first.pk, on_sale, broad_matches


def worker_rss_mb(master: int) -> list[float]:
    """The resident memory of each gunicorn worker (the master's children)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except OSError:  # the process ended while we looked
            continue
        if int(fields["PPid"]) == master:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sizes


def logged_in_targets(base_url: str, sku: int) -> list[Target]:
    """The two add-to-cart targets, with the demo customer's token and session."""
    username, password = CUSTOMER
    answer = requests.post(
        f"{base_url}/v1/tokens", json={"username": username, "password": password}, timeout=30
    ).json()
    if answer["code"] != 200:
        raise RuntimeError(f"POST /v1/tokens refused the demo customer: {answer}")
    browser = requests.Session()
    login_page = browser.get(f"{base_url}/user/login/", timeout=30).text
    browser.post(
        f"{base_url}/user/login/",
        data={
            "csrfmiddlewaretoken": CSRF_FIELD.search(login_page)[1],
            "username": username,
            "password": password,
        },
        allow_redirects=False,
        timeout=30,
    ).raise_for_status()
    if "sessionid" not in browser.cookies:
        raise RuntimeError("The storefront login form did not log the demo customer in.")
    # Logging in rotates the CSRF token: take the one the product page's form carries.
    detail_page = browser.get(f"{base_url}/goods/{sku}", timeout=30).text
    form = {"csrfmiddlewaretoken": CSRF_FIELD.search(detail_page)[1], "sku_id": sku, "count": 1}
    cookies = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    return [
        Target(
            "POST /v1/carts/{user} add (JWT)",
            f"/v1/carts/{username}",
            OK_ENVELOPE,
            method="POST",
            body=f'{{"sku_id": {sku}, "count": 1}}',
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {answer['token']}",
            },
        ),
        Target(
            "POST /cart/add form (session, CSRF)",
            "/cart/add",
            "/cart/",
            method="POST",
            body=urlencode(form),
            # A refused add redirects back to the Referer, a successful one to the cart.
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookies,
                "Referer": f"{base_url}/goods/{sku}",
            },
            status=302,
            header="Location",
        ),
    ]


def browser_cookie(base_url: str, category: int) -> dict[str, str]:
    """The cookie an anonymous shopper's browser sends from its second page on:
    the CSRF cookie its first page with a form set."""
    first_page = requests.get(f"{base_url}/list/{category}/1", timeout=30)
    return {"Cookie": f"csrftoken={first_page.cookies['csrftoken']}"}


def all_targets(base_url: str, category: int, sku: int) -> list[Target]:
    word = quote(SEARCH_WORD)
    browser = browser_cookie(base_url, category)
    return [
        Target(TRIVIAL, "/bench/trivial", '"ok": true'),
        Target("GET / home, anonymous", "/", 'class="sku-card"', headers=browser),
        Target(
            "GET /list/{category}/1", f"/list/{category}/1", 'class="sku-card"', headers=browser
        ),
        Target("GET /goods/{sku}", f"/goods/{sku}", 'class="add-to-cart"', headers=browser),
        Target("GET /goods/{sku}, first visit (no cookie)", f"/goods/{sku}", 'class="add-to-cart"'),
        Target(f"GET /search/?q={SEARCH_WORD}", f"/search/?q={word}", "<mark>", headers=browser),
        Target(
            f"GET /search/?q={BROAD_WORD} (broad)",
            f"/search/?q={quote(BROAD_WORD)}",
            "<mark>",
            headers=browser,
        ),
        Target("GET /v1/goods/index", "/v1/goods/index", OK_ENVELOPE),
        Target("GET /v1/goods/detail/{sku}", f"/v1/goods/detail/{sku}", OK_ENVELOPE),
        Target(
            f"POST /v1/goods/search q={SEARCH_WORD}",
            "/v1/goods/search",
            OK_ENVELOPE,
            method="POST",
            body=f"q={word}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        *logged_in_targets(base_url, sku),
        Target("GET /index.html (static home page)", "/index.html", 'class="sku-card"'),
    ]


def errors_text(runs: list[Run]) -> str:
    counts = [
        (sum(run.bad_status for run in runs), "non-2xx/3xx"),
        (sum(run.socket_errors for run in runs), "socket errors"),
        (sum(run.wrong for run in runs), "wrong answers"),
    ]
    found = [f"{count} {what}" for count, what in counts if count]
    return f"**{', '.join(found)}**" if found else "0"


def print_table(results: dict[str, list[Run]]) -> None:
    baseline = statistics.median(run.rate for run in results[TRIVIAL])
    print("| target | req/s | p50 ms | p99 ms | × trivial | errors |")
    print("|---|---:|---:|---:|---:|---|")
    for label, runs in results.items():
        rate = statistics.median(run.rate for run in runs)
        p50 = statistics.median(run.p50_ms for run in runs)
        p99 = statistics.median(run.p99_ms for run in runs)
        print(
            f"| {label} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {rate / baseline:.2f} "
            f"| {errors_text(runs)} |"
        )


def measure(args: argparse.Namespace, server_url: str, redis_url: str, var_dir: Path) -> int:
    database = f"shopkit_http_bench_{os.getpid()}"
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in the request, as in the demo
    os.environ.update(
        DJANGO_SETTINGS_MODULE="http_bench_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        REDIS_URL=redis_url,
        SHOPKIT_VAR_DIR=str(var_dir),
    )
    cache = redis.Redis.from_url(redis_url)
    with throwaway_database(server_url, database) as database_url:
        os.environ["DATABASE_URL"] = database_url
        try:
            cache.flushdb()
            category, sku, on_sale, broad_matches = build_shop(args.catalogue)
            cache.flushdb()  # the copies skipped cache invalidation: start cold and consistent
            with gunicorn(
                sys.executable,
                pythonpath=[HERE, EXAMPLE],
                workers=WORKERS,
                ready_path="/bench/trivial",
            ) as served:
                targets = all_targets(served.base_url, category, sku)
                script = var_dir / "target.lua"
                for target in targets:
                    run_wrk(served.base_url, target, script, args.connections, args.warmup)
                results: dict[str, list[Run]] = {target.label: [] for target in targets}
                for _ in range(args.rounds):
                    for target in targets:
                        results[target.label].append(
                            run_wrk(served.base_url, target, script, args.connections, args.seconds)
                        )
                rss = worker_rss_mb(served.process.pid)
        finally:
            cache.flushdb()
    print(
        f"\n{on_sale} SKUs on sale ({broad_matches} found by {BROAD_WORD}), gunicorn {WORKERS} "
        f"sync workers, PostgreSQL, Redis db {args.redis_db}, DEBUG off; wrk "
        f"{args.connections} connections, {args.seconds} s runs, median of {args.rounds} "
        f"after a {args.warmup} s warm-up\n"
    )
    print_table(results)
    print(f"\ngunicorn worker RSS after all targets: max {max(rss):.0f} MB")
    errors = sum(
        run.bad_status + run.socket_errors + run.wrong for runs in results.values() for run in runs
    )
    print(f"errors: {errors}")
    return 0 if not errors else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each measured run")
    parser.add_argument("--warmup", type=int, default=3, help="length of each target's warm-up")
    parser.add_argument("--rounds", type=int, default=3, help="measured runs of each target")
    parser.add_argument("--connections", type=int, default=32, help="open connections")
    parser.add_argument(
        "--catalogue",
        type=int,
        choices=range(1, 101),
        metavar="{1..100}",
        default=1,
        help="times the demo's SKUs (1 and 10 are the sizes compared in the docs)",
    )
    parser.add_argument("--redis-db", type=int, default=13, help="flushed before and after")
    parser.add_argument(
        "--smoke", action="store_true", help="1 s runs, 1 round, 4 connections: it still works"
    )
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.warmup, args.rounds, args.connections = 1, 1, 1, 4
    if shutil.which("wrk") is None:
        print("This benchmark needs wrk: apt-get install wrk (make browser).", file=sys.stderr)
        return 2
    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shopkit")
    if urlsplit(server_url).scheme not in {"postgres", "postgresql"}:
        print("This benchmark needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return 2
    redis_url = with_path(
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), f"/{args.redis_db}"
    )
    with tempfile.TemporaryDirectory(prefix="shopkit-http-bench-") as var_dir:
        return measure(args, server_url, redis_url, Path(var_dir))


if __name__ == "__main__":
    sys.exit(main())
