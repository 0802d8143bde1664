"""Search on an OpenSearch (1 to 3) or Elasticsearch (7.10 and later) cluster.

Install the ``opensearch`` extra, name this package in ``SHOPKIT_PLUGINS``
and give it the cluster's URL (the options are documented on
:class:`~shopkit.contrib.opensearch.config.OpenSearchConfig`)::

    SHOPKIT_PLUGINS = ["shopkit.contrib.opensearch"]
    SHOPKIT_PLUGIN_CONFIG = {"opensearch": {"url": "https://search.internal:9200"}}

then build the index with ``manage.py shopkit_rebuild_search``. Chinese is
handled in Python when indexing and searching, as by shopkit's other
backends, so the cluster needs no analysis plugin (see docs/opensearch.md).
"""

from __future__ import annotations

from shopkit import hookimpl
from shopkit.contrib.opensearch.backend import OpenSearchBackend
from shopkit.contrib.opensearch.config import OpenSearchConfig
from shopkit.core.plugin_config import PluginConfig
from shopkit.search.backends.base import SearchBackend

#: Validated at start-up by the system check shopkit.E020.
shopkit_config = PluginConfig("opensearch", OpenSearchConfig)


@hookimpl
def shopkit_search_backend() -> SearchBackend:
    return OpenSearchBackend(shopkit_config.get())
