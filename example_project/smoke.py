"""Build the demo store from scratch as ``make demo`` does (a fresh var/ folder,
embedded defaults, demo data) and check over HTTP that it is a populated store."""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from serving import free_port, stop, wait_until_serving

HERE = Path(__file__).resolve().parent
REAL_SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")

# path, expected content type, text the body must contain
CHECKS = [
    ("/", "text/html", "新鲜水果"),
    ("/list/1/1?sort=price", "text/html", 'class="sku-card"'),
    ("/goods/1", "text/html", 'class="spec-value current"'),
    ("/goods/1", "text/html", 'class="add-to-cart"'),
    ("/goods/1", "text/html", 'class="buy-now"'),
    ("/cart/", "text/html", 'id="cart"'),
    ("/search/?q=%E8%8D%89%E8%8E%93", "text/html", "<mark>草莓</mark>"),  # q=草莓
    ("/v1/goods/search?q=%E8%8D%89%E8%8E%93", "application/json", '"skuid"'),
    ("/index.html", "text/html", "速冻食品"),
    ("/weekend-sale/", "text/html", "特惠精选"),
    ("/cms/login/", "text/html", 'name="password"'),
    ("/admin/login/", "text/html", 'name="password"'),
    ("/v1/openapi.json", "application/json", '"openapi"'),
    ("/v1/pays/providers", "application/json", '"code": 200'),
    ("/v1/goods/index", "application/json", '"catalog_name"'),
    ("/user/login/", "text/html", 'name="password"'),
    ("/user/register/", "text/html", 'name="phone"'),
    ("/pay/1234/", "text/html", 'name="password"'),
    ("/pay/result/", "text/html", "pay-result not-confirmed"),
    ("/orders/settlement/?sku_id=1&count=1", "text/html", 'name="password"'),
    ("/orders/", "text/html", 'name="password"'),
    ("/v1/orders/processing/?status=1", "application/json", '"code": 403'),
]


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="shopkit-example-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k not in REAL_SERVICE_VARIABLES}
        env.update(SHOPKIT_VAR_DIR=var_dir, DJANGO_SETTINGS_MODULE="example_project.settings")
        manage = [sys.executable, str(HERE / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "shopkit_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{free_port()}"
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", base.removeprefix("http://")], env=env
        )
        failures = []
        try:
            wait_until_serving(base + "/v1/openapi.json", server)
            for path, content_type, needle in CHECKS:
                status, got_type, body = fetch(base + path)
                if path.endswith(".json") or content_type == "application/json":
                    body = json.dumps(json.loads(body))
                ok = status == 200 and got_type.startswith(content_type) and needle in body
                print(f"{'ok  ' if ok else 'FAIL'} {status} {path} ({got_type})")
                if not ok:
                    failures.append(path)
        finally:
            stop(server)
    if failures:
        print(f"smoke failed: {', '.join(failures)}")
        return 1
    print(f"smoke passed: {len(CHECKS)} entrances answered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
