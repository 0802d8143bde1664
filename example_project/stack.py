"""``make stack``: the example shop as production runs it, on this machine.

Two gunicorn web servers behind nginx, a Celery worker and Celery beat, each
its own process (``stack/Procfile``, run by honcho), on the real services:
``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` and ``CELERY_BROKER_URL`` must
be set. Before starting it migrates, collects static files and loads the
demo shop (once). nginx answers on ``--port`` (8000); Ctrl-C stops it all.

``tests/test_stack.py`` runs a purchase through it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from serving import free_port

HERE = Path(__file__).resolve().parent
STACK = HERE / "stack"
SERVICES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
NGINX_PATHS = ("/usr/sbin/nginx", "/usr/local/sbin/nginx")


class StackError(Exception):
    """What is missing before the stack can start, said so a person can fix it."""


def find_nginx() -> str:
    found = shutil.which("nginx") or next((p for p in NGINX_PATHS if Path(p).exists()), None)
    if found is None:
        raise StackError("make stack needs nginx: sudo apt-get install nginx")
    return found


def stack_environment(var_dir: Path, port: int) -> dict[str, str]:
    """The environment every process of the stack shares."""
    missing = [name for name in SERVICES if not os.environ.get(name)]
    if missing:
        raise StackError(
            f"make stack runs on the real services: set {', '.join(missing)} "
            "(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/shopkit "
            "REDIS_URL=redis://127.0.0.1:6379/0 "
            "CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672//)"
        )
    run_dir = var_dir / "stack"
    run_dir.mkdir(parents=True, exist_ok=True)
    secret_file = run_dir / "secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
        secret_file.chmod(0o600)
    # Every process writes its Prometheus counts here; /metrics adds them up.
    metrics_dir = run_dir / "metrics"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_project.stack_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret_file.read_text(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SHOPKIT_VAR_DIR": str(var_dir),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "PYTHON": sys.executable,
        "NGINX": find_nginx(),
        "STACK_DIR": str(run_dir),
        "PORT": str(port),
        "WEB1_PORT": str(free_port()),
        "WEB2_PORT": str(free_port()),
    }


def write_nginx_conf(env: dict[str, str], var_dir: Path) -> None:
    run_dir = Path(env["STACK_DIR"])
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "nginx-temp" / temp).mkdir(parents=True, exist_ok=True)
    values = {
        # Run as root (a container, CI), nginx's workers would become nobody and
        # could not read files under a private temporary folder.
        "USER": "user root;" if os.geteuid() == 0 else "",
        "STACK_DIR": str(run_dir),
        "PORT": env["PORT"],
        "WEB1_PORT": env["WEB1_PORT"],
        "WEB2_PORT": env["WEB2_PORT"],
        "STATIC_ROOT": str(var_dir / "static"),
        "MEDIA_ROOT": str(var_dir / "media"),
    }
    conf = (STACK / "nginx.conf.in").read_text()
    for name, value in values.items():
        conf = conf.replace(f"@{name}@", value)
    (run_dir / "nginx.conf").write_text(conf)


def prepare(env: dict[str, str]) -> None:
    """Migrate, collect static files and load the demo shop (kept if it exists)."""
    manage = [sys.executable, str(HERE / "manage.py")]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["shopkit_demo"]):
        subprocess.run([*manage, *command], env=env, cwd=HERE, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="where nginx listens (8000)")
    parser.add_argument(
        "--var-dir",
        type=Path,
        default=Path(os.environ.get("SHOPKIT_VAR_DIR", HERE / "var")),
        help="data, media, static files and the stack's run files",
    )
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port must be a TCP port, not {args.port}")
    var_dir = args.var_dir.resolve()
    try:
        env = stack_environment(var_dir, args.port)
    except StackError as error:
        print(error, file=sys.stderr)
        return 2
    prepare(env)
    write_nginx_conf(env, var_dir)
    print(f"The shop: http://127.0.0.1:{args.port}/ (Ctrl-C stops every process)", flush=True)
    procfile = STACK / "Procfile"
    os.chdir(HERE)  # the Procfile's paths are relative to the example project
    os.execve(
        sys.executable,
        [sys.executable, "-m", "honcho", "start", "-f", str(procfile), "-d", str(HERE)],
        env,
    )


if __name__ == "__main__":
    sys.exit(main())
