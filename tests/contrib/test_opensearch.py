"""The OpenSearch / Elasticsearch search package.

The contract kits run against a real cluster when
``SHOPKIT_TEST_OPENSEARCH_URL`` names one (OpenSearch 1–3 or Elasticsearch
7.10+); none runs on shopkit's own machines, so there they skip. What is
sent to the cluster — the index's settings and mappings, each SKU's
document and each query's body — is built by pure functions, tested here
everywhere; so are the REST calls the backend makes (to a stand-in that
answers them as a cluster does, with canned hits) and the shop's answer
when the cluster cannot be reached.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import uuid
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from opensearchpy.exceptions import NotFoundError
from serving import free_port

import shopkit.contrib.opensearch
from shopkit.contrib.opensearch.backend import OpenSearchBackend
from shopkit.contrib.opensearch.config import OpenSearchConfig
from shopkit.contrib.opensearch.index import bulk_actions, index_body, sku_document
from shopkit.contrib.opensearch.query import (
    EXACT_NAME_BOOST,
    NAME_CONTAINS_BOOST,
    WHOLE_WORD_BOOST,
    match_query,
    parse_query,
    search_body,
)
from shopkit.core.exceptions import ServiceUnavailable
from shopkit.core.plugin_checks import check_plugin_config
from shopkit.search import get_search_backend
from shopkit.testing.search import SearchBackendContract
from shopkit.testing.search_language import SearchLanguageContract

CLUSTER_URL = os.environ.get("SHOPKIT_TEST_OPENSEARCH_URL")
needs_cluster = pytest.mark.skipif(
    not CLUSTER_URL,
    reason="needs an OpenSearch or Elasticsearch cluster: set "
    "SHOPKIT_TEST_OPENSEARCH_URL=http://127.0.0.1:9200 (none runs here)",
)


# --- the contract kits, on a real cluster --------------------------------------


def delete_indices(backend):
    """Delete the indices behind the backend's alias, by name (Elasticsearch 8
    refuses wildcards in deletes by default)."""
    with contextlib.suppress(NotFoundError):
        behind = backend.client.indices.get_alias(name=backend.alias)
        backend.client.indices.delete(index=",".join(behind))


class OnCluster:
    """A backend on its own alias of the cluster, its indices deleted after the test."""

    def make_backend(self):
        alias = f"shopkit-test-{uuid.uuid4().hex[:12]}"
        backend = OpenSearchBackend(
            OpenSearchConfig(url=CLUSTER_URL, index=alias, number_of_replicas=0, timeout=30)
        )
        self.add_cleanup(delete_indices, backend)
        return backend


@needs_cluster
class TestOpenSearchContract(OnCluster, SearchBackendContract):
    pass


@needs_cluster
class TestOpenSearchLanguage(OnCluster, SearchLanguageContract):
    pass


# --- the index ------------------------------------------------------------------

BUILT_IN_ANALYSIS = {"ngram", "edge_ngram", "keyword", "standard", "custom"}


def test_the_index_cuts_text_into_runs_of_one_to_three_characters_with_built_in_analysis():
    body = index_body(OpenSearchConfig(url="http://search:9200"))
    analysis = body["settings"]["analysis"]
    assert analysis["tokenizer"]["shopkit_grams"] == {
        "type": "ngram",
        "min_gram": 1,
        "max_gram": 3,
        "token_chars": ["letter", "digit", "punctuation", "symbol"],
    }
    assert body["settings"]["max_ngram_diff"] == 2
    # Nothing a cluster must install a plugin for (IK, pinyin, STConvert).
    used = {part["type"] for kind in analysis.values() for part in kind.values()}
    assert used <= BUILT_IN_ANALYSIS
    fields = body["mappings"]["properties"]
    assert fields["text"]["analyzer"] == "shopkit_grams"
    assert fields["name"]["type"] == "keyword"
    assert fields["name"]["fields"]["grams"]["analyzer"] == "shopkit_grams"
    assert fields["pinyin"] == {"type": "keyword"}
    assert fields["price"] == {"type": "scaled_float", "scaling_factor": 100}
    assert body["mappings"]["dynamic"] == "strict"


def test_shards_and_replicas_come_from_the_options():
    config = OpenSearchConfig(url="http://search:9200", number_of_shards=3, number_of_replicas=2)
    settings = index_body(config)["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (3, 2)


# --- the documents --------------------------------------------------------------


@pytest.fixture
def strawberry(db):
    from shopkit.goods.models import SKU, SPU, Category

    fruit = Category.objects.create(name="新鮮水果")
    spu = SPU.objects.create(name="草莓", category=fruit)
    return SKU.objects.create(
        spu=spu,
        category=fruit,
        name="丹东九九草莓 ５００Ｇ",
        caption="酸甜多汁",
        price=Decimal("39.90"),
        market_price=Decimal("49.90"),
        stock=10,
        sales=7,
    )


def sibling(sku, name: str, price: str, **fields):
    """Another SKU of ``sku``'s SPU."""
    from shopkit.goods.models import SKU

    return SKU.objects.create(
        spu=sku.spu,
        category=sku.category,
        name=name,
        price=Decimal(price),
        market_price=Decimal(price) + 5,
        **fields,
    )


def test_a_document_holds_the_text_normalised_with_its_words_and_pinyin(strawberry):
    document = sku_document(strawberry)
    # Simplified, ASCII, lowercase, no space next to Chinese: as queries are read.
    assert document["name"] == "丹东九九草莓500g"
    assert document["text"] == "丹东九九草莓500g\n酸甜多汁\n草莓\n新鲜水果"
    assert {"草莓", "500g", "水果"} <= set(document["words"])
    assert {"caomei", "cm", "dandong", "dd", "shuiguo", "sg"} <= set(document["pinyin"])
    assert document | {"words": None, "pinyin": None, "text": None, "name": None} == {
        "id": strawberry.pk,
        "name": None,
        "text": None,
        "words": None,
        "pinyin": None,
        "category_id": strawberry.category_id,
        "spu_id": strawberry.spu_id,
        "price": "39.90",
        "sales": 7,
    }


def test_launched_skus_are_written_and_unlaunched_or_deleted_ones_taken_out(strawberry):

    frozen = sibling(strawberry, "冷冻草莓 1kg", "20", is_launched=False)
    actions = bulk_actions([strawberry, frozen], gone={999})
    assert [(action["_op_type"], action["_id"]) for action in actions] == [
        ("index", str(strawberry.pk)),
        ("delete", str(frozen.pk)),
        ("delete", "999"),
    ]
    assert actions[0]["_source"] == sku_document(strawberry)


# --- the queries ----------------------------------------------------------------


def required(query):
    """Each word's alternatives: the clauses one of which a match must hold."""
    return [
        clause["bool"]["should"] for clause in match_query(parse_query(query))["bool"]["filter"]
    ]


def test_a_single_character_is_one_run_of_the_text(db):
    assert required("虾") == [[{"term": {"text": "虾"}}]]


def test_a_word_longer_than_three_characters_needs_all_its_runs_of_three(db):
    assert required("奶油草莓") == [
        [{"bool": {"filter": [{"term": {"text": "奶油草"}}, {"term": {"text": "油草莓"}}]}}]
    ]


def test_pinyin_and_its_initials_also_begin_a_pinyin_form(db):
    (caomei,) = required("caomei")
    assert {"prefix": {"pinyin": "caomei"}} in caomei
    assert required("xlx") == [[{"term": {"text": "xlx"}}, {"prefix": {"pinyin": "xlx"}}]]


def test_traditional_full_width_and_spaced_queries_are_read_as_names_are_stored(db):
    assert required("蘋果 ５００Ｇ") == [
        [{"term": {"text": "苹果"}}],
        # Not letters alone, so not pinyin.
        [{"bool": {"filter": [{"term": {"text": "500"}}, {"term": {"text": "00g"}}]}}],
    ]
    exact = match_query(parse_query("蘋果 ５００Ｇ"))["bool"]["should"][0]["constant_score"]
    assert exact == {"filter": {"term": {"name": "苹果500g"}}, "boost": EXACT_NAME_BOOST}


def test_a_saved_synonym_group_applies_to_the_next_query_without_a_reindex(db):
    from shopkit.search.models import SynonymGroup

    assert required("卤鸭颈") == [[{"term": {"text": "卤鸭颈"}}]]
    SynonymGroup.objects.create(words="鸭脖 鸭颈")
    assert required("卤鸭颈") == [[{"term": {"text": "卤鸭颈"}}, {"term": {"text": "卤鸭脖"}}]]
    # The synonym is marked on the results too, cut as jieba cuts it (鸭 脖).
    assert {"鸭", "脖"} <= set(parse_query("鸭颈").terms)


def test_exact_names_then_names_containing_the_query_then_whole_words_rank_first(db):
    assert match_query(parse_query("烤鸭"))["bool"]["should"] == [
        {"constant_score": {"filter": {"term": {"name": "烤鸭"}}, "boost": EXACT_NAME_BOOST}},
        {
            "constant_score": {
                "filter": {"bool": {"filter": [{"term": {"name.grams": "烤鸭"}}]}},
                "boost": NAME_CONTAINS_BOOST,
            }
        },
        {"constant_score": {"filter": {"term": {"words": "烤鸭"}}, "boost": WHOLE_WORD_BOOST}},
    ]


def test_filters_by_category_and_price_range_are_filter_clauses(db):
    filters = {"category_id": 3, "price__gte": Decimal("10"), "price__lte": Decimal("50.00")}
    clauses = match_query(parse_query("苹果"), filters)["bool"]["filter"]
    assert clauses[1:] == [
        {"term": {"category_id": 3}},
        {"range": {"price": {"gte": "10"}}},
        {"range": {"price": {"lte": "50.00"}}},
    ]
    in_categories = match_query(parse_query("苹果"), {"category_id__in": [1, 2]})
    assert in_categories["bool"]["filter"][1] == {"terms": {"category_id": [1, 2]}}


def test_a_filter_on_a_field_the_index_does_not_hold_is_refused(db):
    with pytest.raises(ValueError, match="'name'.*category_id, spu_id, price, sales"):
        match_query(parse_query("苹果"), {"name": "苹果"})
    with pytest.raises(ValueError, match="'price__range'.*exact, in, gt, gte, lt, lte"):
        match_query(parse_query("苹果"), {"price__range": (1, 2)})


def test_pages_are_asked_by_offset_or_after_the_last_hit_of_the_page_before(db):
    query = match_query(parse_query("苹果"))
    third = search_body(query, size=9, start=18)
    assert (third["query"], third["from"], third["size"]) == (query, 18, 9)
    assert third["track_total_hits"] is True  # the total is exact, past 10,000 too
    assert third["_source"] is False  # ids only: the SKUs are read from the database
    # Ties go to the best sellers, then the lowest id: a total order, so pages never overlap.
    assert third["sort"] == [{"_score": "desc"}, {"sales": "desc"}, {"id": "asc"}]
    after = search_body(query, size=1000, after=[1000.0, 5, 42])
    assert after["search_after"] == [1000.0, 5, 42] and "from" not in after


# --- the requests, to a stand-in that answers as a cluster does ----------------


class StandIn(BaseHTTPRequestHandler):
    """Answers the REST calls the backend makes as a cluster would, with the
    hits a test sets; which SKUs match is the contract kits' business."""

    def do_HEAD(self):  # noqa: N802 (http.server's naming)
        self.record()
        self.answer(200 if self.alias() in self.server.aliases else 404, None)

    def do_PUT(self):  # noqa: N802
        body = self.record()
        self.server.aliases.update(dict.fromkeys(body.get("aliases", {}), self.path[1:]))
        self.answer(200, {"acknowledged": True, "index": self.path[1:]})

    def do_DELETE(self):  # noqa: N802
        self.record()
        self.answer(200, {"acknowledged": True})

    def do_GET(self):  # noqa: N802
        self.record()
        alias = self.alias()
        if alias not in self.server.aliases:
            self.answer(404, {"error": f"alias [{alias}] missing", "status": 404})
        else:
            self.answer(200, {self.server.aliases[alias]: {"aliases": {alias: {}}}})

    def do_POST(self):  # noqa: N802
        body = self.record()
        path = urlsplit(self.path).path
        if path.endswith("/_bulk") and self.server.refuse_writes:
            self.answer(400, {"error": {"type": "illegal_argument_exception"}, "status": 400})
        elif path.endswith("/_bulk"):
            lines = [json.loads(line) for line in body.splitlines() if line]
            actions = [line for line in lines if set(line) & {"index", "delete"}]
            items = [{op: {"_id": a[op]["_id"], "status": 200}} for a in actions for op in a]
            self.answer(200, {"took": 1, "errors": False, "items": items})
        elif path.endswith("/_search"):
            ranked = [{"_id": str(pk), "sort": [1.0, 0, pk]} for pk in self.server.hits]
            if "search_after" in body:
                sorts = [hit["sort"] for hit in ranked]
                start = sorts.index(body["search_after"]) + 1
            else:
                start = body.get("from", 0)
            hits = ranked[start : start + body.get("size", 10)]
            total = {"value": len(ranked), "relation": "eq"}
            self.answer(200, {"hits": {"total": total, "hits": hits}})
        elif path == "/_aliases":
            for action in body["actions"]:
                ((kind, target),) = action.items()
                if kind == "add":
                    self.server.aliases[target["alias"]] = target["index"]
            self.answer(200, {"acknowledged": True})
        else:  # _refresh
            self.answer(200, {"_shards": {"total": 1, "successful": 1, "failed": 0}})

    def alias(self):
        return urlsplit(self.path).path.rsplit("/", 1)[-1]

    def record(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        parts = urlsplit(self.path)
        body = json.loads(raw) if raw and not parts.path.endswith("/_bulk") else raw
        self.server.requests.append((self.command, parts.path, parse_qs(parts.query), body))
        return body or {}

    def answer(self, status, payload):
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in():
    """A stand-in cluster on a free port: ``(backend on alias "shop", server)``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    server.requests, server.aliases, server.hits, server.refuse_writes = [], {}, [], False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    yield OpenSearchBackend(OpenSearchConfig(url=url, index="shop")), server
    server.shutdown()
    server.server_close()


def calls(server):
    return [(method, path) for method, path, _, _ in server.requests]


def test_a_rebuild_fills_a_new_index_then_moves_the_alias_to_it_and_drops_the_old(
    stand_in, strawberry
):
    backend, server = stand_in
    assert backend.rebuild() == 1
    first = server.aliases["shop"]
    server.requests.clear()
    progress = []
    assert backend.rebuild(lambda done, total: progress.append((done, total))) == 1
    new = server.aliases["shop"]
    assert new.startswith("shop-") and new != first
    assert calls(server) == [
        ("PUT", f"/{new}"),
        ("POST", f"/{new}/_bulk"),
        ("POST", f"/{new}/_refresh"),
        ("GET", "/_alias/shop"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{first}"),
    ]
    assert server.requests[0][3] == index_body(backend.config)
    assert server.requests[4][3] == {
        "actions": [
            {"remove": {"index": first, "alias": "shop"}},
            {"add": {"index": new, "alias": "shop"}},
        ]
    }
    assert progress == [(1, 1)]


def test_a_failed_rebuild_deletes_its_index_and_leaves_the_alias_where_it_was(
    stand_in, strawberry, caplog
):
    backend, server = stand_in
    backend.rebuild()
    searched = server.aliases["shop"]
    server.requests.clear()
    server.refuse_writes = True
    with pytest.raises(ServiceUnavailable):
        backend.rebuild()
    (_, new), bulk, deleted = calls(server)
    assert (bulk, deleted) == (("POST", f"{new}/_bulk"), ("DELETE", new))
    assert server.aliases["shop"] == searched
    assert "Search cluster failed to rebuild the index: RequestError(400" in caplog.text


def test_the_first_update_makes_the_first_index_behind_the_alias_later_ones_write_to_it(
    stand_in, strawberry
):
    backend, server = stand_in
    backend.update([strawberry])
    assert calls(server) == [
        ("HEAD", "/_alias/shop"),
        ("PUT", "/shop-first"),
        ("POST", "/shop/_bulk"),
    ]
    assert server.requests[1][3]["aliases"] == {"shop": {}}
    # Seen by the next search, and never written into an index the cluster makes up.
    assert server.requests[2][2] == {"refresh": ["true"], "require_alias": ["true"]}
    action, document = server.requests[2][3].splitlines()
    assert json.loads(action) == {"index": {"_id": str(strawberry.pk)}}
    assert json.loads(document)["name"] == "丹东九九草莓500g"
    server.requests.clear()
    backend.remove([strawberry])
    assert calls(server) == [("HEAD", "/_alias/shop"), ("POST", "/shop/_bulk")]
    assert json.loads(server.requests[1][3]) == {"delete": {"_id": str(strawberry.pk)}}


def test_search_shows_the_launched_skus_of_the_hits_in_order_as_stored_now(stand_in, strawberry):
    backend, server = stand_in
    other = sibling(strawberry, "奶油草莓", "30")
    unlaunched = sibling(strawberry, "冷冻草莓", "20", is_launched=False)
    # Unlaunched since it was indexed, and ranked first: left out of the page
    # and the total, and the page filled from the next hit.
    server.hits = [unlaunched.pk, other.pk, strawberry.pk]
    page = backend.search("草莓", page=1, per_page=2)
    assert page.objects == [other, strawberry]
    assert (page.total, page.page) == (2, 1)
    query = match_query(parse_query("草莓"))
    assert [(path, body) for _, path, _, body in server.requests] == [
        ("/shop/_search", search_body(query, size=2, start=0)),
        ("/shop/_search", search_body(query, size=1, start=2)),
    ]
    server.requests.clear()
    later = backend.search("草莓", page=2, per_page=2)
    assert (later.objects, later.total) == ([strawberry], 3)  # no stale hit on this page
    ((_, path, _, body),) = server.requests
    assert (path, body) == ("/shop/_search", search_body(query, size=2, start=2))
    assert backend.matching_ids("草莓") == [unlaunched.pk, other.pk, strawberry.pk]


# --- the plugin and the shopper's side of an outage -----------------------------


@pytest.fixture
def unreachable_cluster(settings, shopkit_plugin):
    """The package active, configured for a cluster that is not there."""
    url = f"http://127.0.0.1:{free_port()}"
    settings.SHOPKIT_PLUGIN_CONFIG = {"opensearch": {"url": url, "index": "shop", "timeout": 2}}
    shopkit_plugin(shopkit.contrib.opensearch, name="shopkit.contrib.opensearch")
    return url


def test_naming_the_package_makes_it_the_search_backend(unreachable_cluster):
    backend = get_search_backend()
    assert isinstance(backend, OpenSearchBackend)
    assert backend.alias == "shop"
    assert backend.config.url == unreachable_cluster


def test_a_missing_url_is_the_plugin_configuration_check(settings, shopkit_plugin):
    settings.SHOPKIT_PLUGIN_CONFIG = {"opensearch": {"index_name": "shop"}}
    shopkit_plugin(shopkit.contrib.opensearch, name="shopkit.contrib.opensearch")
    messages = check_plugin_config()
    assert {message.id for message in messages} == {"shopkit.E020"}
    problems = " ".join(message.msg for message in messages)
    assert "['opensearch']['url']: Field required" in problems
    assert "['opensearch']['index_name']: unknown key" in problems


def test_an_unreachable_cluster_is_a_temporary_unavailability_not_a_crash(
    unreachable_cluster, db, caplog
):
    with pytest.raises(ServiceUnavailable):
        get_search_backend().search("草莓", page=1, per_page=9)
    assert "Search cluster failed to search: ConnectionError" in caplog.text


def test_the_api_answers_service_unavailable_while_the_cluster_is_down(
    unreachable_cluster, db, client
):
    answer = client.get("/v1/goods/search", {"q": "草莓"}).json()
    assert answer["code"] == 503


def test_a_query_of_no_words_asks_the_cluster_nothing(unreachable_cluster, db):
    page = get_search_backend().search("！？", page=1, per_page=9)
    assert (page.objects, page.total) == ([], 0)
    assert get_search_backend().matching_ids("!!") == []


def test_the_search_page_says_unavailable_and_is_not_cached_while_the_cluster_is_down(
    unreachable_cluster, db, client, settings
):
    settings.LANGUAGE_CODE = "en"
    for _ in range(2):  # the second is not served from the page cache
        page = client.get("/search/", {"q": "草莓"}, HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 503
        assert "Temporarily unavailable, try again later" in page.content.decode()
        assert "at most" not in page.content.decode()
