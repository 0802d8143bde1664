"""The operations face: ``/health/`` for load balancers and ``/metrics`` for Prometheus.

Like the API and the storefront it is a face: thin views over the seams the
domain apps already use (the shop's caches and storages are checked through
``shopkit_cache`` and ``shopkit_storage``, the broker through Celery's app).
"""
