"""The options of ``shopkit.contrib.opensearch``: ``SHOPKIT_PLUGIN_CONFIG["opensearch"]``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpenSearchConfig:
    """Where the cluster is and what to call the index.

    :param url: the cluster's URL, or a list of its nodes' URLs
        (``"https://user:password@search.internal:9200"``); credentials in the
        URL are sent as HTTP basic authentication.
    :param index: the alias searches and updates go through; each rebuild
        makes a new index named ``<index>-<timestamp>`` and points the alias
        at it. Give each shop sharing a cluster its own.
    :param timeout: seconds to wait for the cluster on each request.
    :param ca_certs: a file of CA certificates to check the cluster's TLS
        certificate against (a cluster with a private CA); the system's by default.
    :param number_of_shards: primary shards of each new index.
    :param number_of_replicas: copies of each shard on other nodes.
    """

    url: str | list[str]
    index: str = "shopkit"
    timeout: float = 5.0
    ca_certs: str | None = None
    number_of_shards: int = 1
    number_of_replicas: int = 1
