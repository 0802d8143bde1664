"""schemathesis fuzzes the running API through its own ``/v1/openapi.json``.

The example project is built from scratch with the demo shop (on SQLite, or
in a throwaway PostgreSQL database when ``DATABASE_URL`` names one, with the
Redis of ``REDIS_URL``) and served by gunicorn, as in production; ``st run``
then runs its coverage and fuzzing phases with every check, the demo
customer's token in each request. The checks that judge by HTTP status read
the envelope code instead (``envelope_checks.py``), so a code 500, a refusal
of valid input, an acceptance of invalid input, a guarded operation that
answers without a token or an answer outside the schema fails this test.
"""

import json
import os
import subprocess
import sys
import urllib.request
from contextlib import nullcontext
from pathlib import Path

import pytest
from serving import gunicorn, throwaway_database

from tests.api.envelope_checks import EXCLUDED_BUILTINS, http_status_of

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLE = ROOT / "example_project"
EXAMPLES_PER_OPERATION = os.environ.get("SHOPKIT_FUZZ_EXAMPLES", "50")
SEED = os.environ.get("SHOPKIT_FUZZ_SEED", "20261204")
CUSTOMER = {"username": "demo", "password": "shopkit-demo"}  # made by shopkit_demo


def demo_shop_environment(var_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # No broker: tasks run in the request, so nothing is left queued for other tests.
    env.pop("CELERY_BROKER_URL", None)
    env.update(SHOPKIT_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="example_project.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def token_for_customer(base_url: str) -> str:
    request = urllib.request.Request(
        f"{base_url}/v1/tokens",
        data=json.dumps(CUSTOMER).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["token"]


def fuzz(base_url: str, token: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("st")),
            "--config-file", str(HERE / "schemathesis.toml"),
            "run", f"{base_url}/v1/openapi.json",
            "--phases", "coverage,fuzzing",
            "--checks", "all",
            "--exclude-checks", ",".join(EXCLUDED_BUILTINS),
            "--header", f"Authorization: Bearer {token}",
            "--max-examples", EXAMPLES_PER_OPERATION,
            "--seed", SEED,
            # Every text field refuses NUL (tests/api/test_bad_input.py); the schema can't say so.
            "--generation-allow-x00", "false",
            "--generation-database", "none",
            "--workers", "2",
            "--no-color",
        ],
        capture_output=True, text=True, timeout=1200,
        env={**os.environ, "PYTHONPATH": str(ROOT),
             "SCHEMATHESIS_HOOKS": "tests.api.envelope_checks"},
    )  # fmt: skip


def test_the_api_answers_every_fuzzed_request_within_its_schema(tmp_path):
    server_url = os.environ.get("DATABASE_URL", "")
    on_postgres = server_url.startswith(("postgres://", "postgresql://"))
    database = (
        throwaway_database(server_url, f"shopkit_fuzz_{os.getpid()}")
        if on_postgres
        else nullcontext(None)
    )
    with database as database_url:
        env = demo_shop_environment(tmp_path, database_url)
        manage = [sys.executable, str(EXAMPLE / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "shopkit_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        with gunicorn(sys.executable, pythonpath=[EXAMPLE], env=env) as served:
            finished = fuzz(served.base_url, token_for_customer(served.base_url))
    summary = finished.stdout[finished.stdout.rfind("SUMMARY") :]
    print(summary)
    assert finished.returncode == 0, finished.stdout[-20000:] + finished.stderr[-3000:]
    assert "Tested: 43" in summary
    assert "Coverage" in summary and "Fuzzing" in summary


@pytest.mark.parametrize(
    "envelope_code, status",
    [(200, 200), (10100, 400), (403, 401), (10101, 403), (10202, 404), (10114, 429), (500, 500),
     (503, 503), (10507, 503), (10303, 422), (10404, 422)],
)  # fmt: skip
def test_envelope_codes_read_as_the_status_a_status_code_api_would_send(envelope_code, status):
    assert http_status_of(envelope_code) == status
