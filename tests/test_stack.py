"""The production-like stack (``make stack``): two web servers behind nginx, a
worker and beat, started by the one documented command, with purchases through
nginx, and a rolling restart of both web servers during a burst of buyers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

EXAMPLE = Path(__file__).resolve().parents[1] / "example_project"
sys.path.insert(0, str(EXAMPLE))

from serving import free_port, throwaway_database, with_path  # noqa: E402

pytestmark = pytest.mark.services("postgres", "redis", "celery", "nginx")

CUSTOMER = {"username": "demo", "password": "shopkit-demo"}  # made by shopkit_demo


class Stack:
    """The running stack: its nginx origin and its run folder."""

    def __init__(self, origin: str, run_dir: Path, log: Path):
        self.origin = origin
        self.run_dir = run_dir
        self.log = log

    def web_server_pids(self) -> list[int]:
        return [int((self.run_dir / f"web{n}.pid").read_text()) for n in (1, 2)]

    def upstreams_used(self) -> set[str]:
        access = (self.run_dir / "nginx-access.log").read_text()
        return set(re.findall(r"upstream=(127\.0\.0\.1:\d+)", access))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """``example_project/stack.py`` on a throwaway database, until the module ends."""
    var_dir = tmp_path_factory.mktemp("stack")
    log = var_dir / "stack.log"
    port = free_port()
    server_url = os.environ["DATABASE_URL"]
    with throwaway_database(server_url, f"shopkit_stack_{uuid.uuid4().hex[:8]}") as database:
        env = {
            **os.environ,
            "DATABASE_URL": database,
            # A Redis database of its own: the stack's caches are not the tests'.
            "REDIS_URL": with_path(os.environ["REDIS_URL"], "/7"),
        }
        with open(log, "wb") as output:
            process = subprocess.Popen(
                [sys.executable, str(EXAMPLE / "stack.py"), "--port", str(port),
                 "--var-dir", str(var_dir)],
                env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        origin = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(origin, process, log)
            yield Stack(origin, var_dir / "stack", log)
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """honcho stops every process of the stack on SIGTERM; SIGKILL what is left."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=60)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_for_health(origin: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 300  # migrate, collectstatic and the demo come first
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the stack exited with {process.returncode}:\n{log.read_text()}")
        try:
            if requests.get(f"{origin}/health/?format=json", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still starting up
            pass
        time.sleep(1)
    pytest.fail(f"the stack was not healthy within 300 s:\n{log.read_text()[-5000:]}")


def api(session: requests.Session, method: str, origin: str, path: str, **kwargs) -> dict:
    answer = session.request(method, f"{origin}{path}", timeout=30, **kwargs).json()
    assert answer["code"] == 200, (method, path, answer)
    return answer


def signed_in(origin: str) -> requests.Session:
    session = requests.Session()
    token = api(session, "POST", origin, "/v1/tokens", json=CUSTOMER)["token"]
    session.headers["Authorization"] = token
    return session


def an_address(session: requests.Session, origin: str) -> int:
    answer = api(session, "GET", origin, "/v1/users/demo/address")
    if not answer["addresslist"]:
        answer = api(
            session, "POST", origin, "/v1/users/demo/address",
            json={"receiver": "张三", "address": "北京市海淀区中关村大街 1 号",
                  "receiver_phone": "13800138000", "postcode": "100080", "tag": "家"},
        )  # fmt: skip
    return answer["addresslist"][0]["id"]


def launched_sku_ids(origin: str) -> list[int]:
    index = api(requests.Session(), "GET", origin, "/v1/goods/index")
    ids = {sku["skuid"] for category in index["data"] for sku in category["sku"]}
    return sorted(ids)


def test_the_one_command_serves_a_purchase_through_nginx_and_both_web_servers(stack):
    origin = stack.origin
    shopper = signed_in(origin)
    address_id = an_address(shopper, origin)
    sku_id = launched_sku_ids(origin)[0]
    api(shopper, "POST", origin, "/v1/carts/demo", json={"sku_id": sku_id, "count": 2})
    settlement = api(shopper, "GET", origin, "/v1/orders/processing/?status=0&settlement_type=0")
    assert [line["sku_id"] for line in settlement["data"]["sku_list"]] == [sku_id]
    placed = api(
        shopper, "POST", origin, "/v1/orders/processing/",
        json={"status": 0, "address_id": address_id, "settlement_type": 0},
    )["data"]  # fmt: skip

    # The sandbox's pay page, through nginx: its form posts back with the CSRF
    # cookie whichever web server answers (one SECRET_KEY, sessions in PostgreSQL).
    browser = requests.Session()
    page = browser.get(placed["pay_url"], timeout=30)
    assert page.status_code == 200 and placed["order_id"] in page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    paid = browser.post(
        placed["pay_url"], data={"csrfmiddlewaretoken": csrf, "action": "pay"},
        headers={"Referer": placed["pay_url"]}, timeout=30,
    )  # fmt: skip
    assert paid.status_code == 200, paid.text[:2000]

    orders = api(shopper, "GET", origin, "/v1/orders/processing/?status=1&order_status=2")
    assert placed["order_id"] in [o["order_id"] for o in orders["data"]["orders_list"]]
    assert len(stack.upstreams_used()) == 2  # nginx spread the requests over both servers
    assert requests.get(f"{origin}/metrics", timeout=10).status_code == 404  # not served publicly


def test_a_rolling_restart_during_a_burst_of_buyers_loses_no_order(stack):
    origin = stack.origin
    shopper = signed_in(origin)
    address_id = an_address(shopper, origin)
    # One "buy now" order per SKU: identical submits would be one order by design.
    sku_ids = launched_sku_ids(origin)[:30]

    def buy(sku_id: int) -> str:
        buyer = requests.Session()
        buyer.headers["Authorization"] = shopper.headers["Authorization"]
        settle = f"/v1/orders/processing/?status=0&settlement_type=1&sku_id={sku_id}&buy_num=1"
        api(buyer, "GET", origin, settle)
        return api(
            buyer, "POST", origin, "/v1/orders/processing/",
            json={"status": 0, "address_id": address_id, "settlement_type": 1,
                  "sku_id": sku_id, "buy_num": 1},
        )["data"]["order_id"]  # fmt: skip

    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(buy, sku_id) for sku_id in sku_ids]
        # Restart the web servers one after the other while the buyers buy:
        # SIGHUP makes gunicorn start new workers and let the old ones finish.
        for pid in stack.web_server_pids():
            time.sleep(0.5)
            os.kill(pid, signal.SIGHUP)
        order_ids = [future.result(timeout=120) for future in futures]

    assert len(set(order_ids)) == len(sku_ids)
    unpaid = api(shopper, "GET", origin, "/v1/orders/processing/?status=1&order_status=1")
    listed = {order["order_id"] for order in unpaid["data"]["orders_list"]}
    assert set(order_ids) <= listed
    log = stack.log.read_text()
    assert log.count("Hang up: Master") == 2 or log.count("Handling signal: hup") == 2


@pytest.mark.browser
def test_a_browser_purchase_alternating_between_the_servers_loses_no_line_and_orders_once(
    stack,
):
    from tests.fixtures.browser import chromium_page, screenshot

    origin = stack.origin
    shopper = signed_in(origin)
    an_address(shopper, origin)
    paid_before = api(shopper, "GET", origin, "/v1/orders/processing/?status=1&order_status=2")
    paid_ids = {o["order_id"] for o in paid_before["data"]["orders_list"]}
    first, second = launched_sku_ids(origin)[-2:]
    access_log = stack.run_dir / "nginx-access.log"
    seen_before = len(access_log.read_text().splitlines())

    with chromium_page(origin) as page:
        page.goto("/user/login/")
        page.fill("input[name=username]", CUSTOMER["username"])
        page.fill("input[name=password]", CUSTOMER["password"])
        page.locator("form.account-form button[type=submit]").click()
        page.wait_for_load_state()
        for sku_id in (first, second):
            page.goto(f"/goods/{sku_id}")
            count = int(page.locator("#cart-count").inner_text() or 0)
            page.locator(".add-to-cart button").click()
            page.wait_for_function(
                f"document.getElementById('cart-count').innerText === '{count + 1}'"
            )
        page.goto("/cart/")
        for sku_id in (first, second):  # each line survived, whichever server answered
            assert page.locator(f"tr.cart-line[data-sku='{sku_id}']").count() == 1
        page.locator("a.checkout").click()
        page.wait_for_load_state()
        page.locator(".settle-total button[type=submit]").click()
        page.wait_for_load_state()
        assert "/pay/sandbox/" in page.url
        page.locator("button[value=pay]").click()
        page.wait_for_selector("h1.pay-result.paid")
        screenshot(page, "stack-01-paid")

    paid_after = api(shopper, "GET", origin, "/v1/orders/processing/?status=1&order_status=2")
    new = [o for o in paid_after["data"]["orders_list"] if o["order_id"] not in paid_ids]
    assert len(new) == 1  # one order, not one per server
    assert {line["id"] for line in new[0]["order_sku"]} == {first, second}
    browser_lines = access_log.read_text().splitlines()[seen_before:]
    upstreams = {
        m.group(1) for line in browser_lines if (m := re.search(r"upstream=(\S+:\d+)", line))
    }
    assert len(upstreams) == 2  # the browser's requests alternated between the servers
