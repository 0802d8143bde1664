"""``/health/`` and ``/metrics``."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.module_loading import import_string
from django_prometheus.exports import ExportToDjangoView
from health_check.base import HealthCheck
from health_check.views import HealthCheckView

from shopkit.conf import app_settings
from shopkit.ops.health import shop_checks


class HealthView(HealthCheckView):
    """The shop's checks and ``SHOPKIT_HEALTH_CHECKS``: 200 when all pass, else 500."""

    def get_checks(self) -> Iterator[HealthCheck]:
        yield from shop_checks()
        for entry in app_settings.HEALTH_CHECKS:
            path, options = (entry, {}) if isinstance(entry, str) else entry
            yield import_string(path)(**options)


def metrics(request: HttpRequest) -> HttpResponse:
    """Every Prometheus metric of this process (of all processes in multiprocess
    mode), for the networks ``SHOPKIT_METRICS_ALLOWED_NETWORKS`` names."""
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return HttpResponseForbidden("metrics are not served to this address\n")
    address = getattr(address, "ipv4_mapped", None) or address  # ::ffff:127.0.0.1 is 127.0.0.1
    if not any(address in network for network in app_settings.METRICS_ALLOWED_NETWORKS):
        return HttpResponseForbidden("metrics are not served to this address\n")
    return ExportToDjangoView(request)
