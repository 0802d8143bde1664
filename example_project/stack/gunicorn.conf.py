"""gunicorn settings of the stack's two web servers (see docs/deployment.md)."""

from prometheus_client import multiprocess

workers = 2
worker_class = "sync"
# A restart (SIGHUP) or stop (SIGTERM) lets requests in progress finish.
graceful_timeout = 30
accesslog = "-"


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the shared metrics folder."""
    multiprocess.mark_process_dead(worker.pid)
