"""The static home page: rendered on demand, on change, atomically, coalesced."""

import re
import time
from io import StringIO

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.management import CommandError, call_command

from shopkit import hookimpl
from shopkit.content.models import CategoryBanner
from shopkit.content.static_index import schedule_static_index
from shopkit.goods.models import SKU


def test_command_renders_the_home_page_without_leftovers(fruit, tmp_path):
    CategoryBanner.objects.create(category=fruit["category"], sku=fruit["apples"][0])
    target = tmp_path / "site" / "index.html"
    out = StringIO()
    call_command("shopkit_static_index", output=str(target), stdout=out)
    html = target.read_text(encoding="utf-8")
    assert "新鲜水果" in html and fruit["apples"][0].name in html
    assert "Hello," not in html and "你好" not in html  # nothing per user
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]
    assert str(target) in out.getvalue()


def test_command_needs_a_path(db, settings):
    settings.SHOPKIT_STATIC_INDEX_PATH = None
    with pytest.raises(CommandError, match="SHOPKIT_STATIC_INDEX_PATH"):
        call_command("shopkit_static_index")


def test_command_reports_an_unwritable_path(db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("shopkit_static_index", output=str(blocker / "index.html"))


@pytest.mark.django_db(transaction=True)
def test_catalogue_change_re_renders_the_file(fruit, settings, tmp_path):
    settings.SHOPKIT_STATIC_INDEX_PATH = str(tmp_path / "index.html")
    apple = fruit["apples"][0]
    CategoryBanner.objects.create(category=fruit["category"], sku=apple, display_type=1)
    apple.name = "红富士"
    apple.save()
    assert "红富士" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_no_render_is_scheduled_without_a_path(db, settings):
    settings.SHOPKIT_STATIC_INDEX_PATH = None
    assert schedule_static_index() is False


@pytest.mark.services("celery", "redis", "postgres")
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_changes_renders_once_on_a_real_worker(fruit, settings, live_celery_worker):
    target = live_celery_worker.directory / "static_index" / "index.html"
    settings.SHOPKIT_STATIC_INDEX_PATH = str(target)
    with live_celery_worker.receiving_tasks():
        apple = SKU.objects.get(pk=fruit["apples"][0].pk)
        CategoryBanner.objects.create(category=fruit["category"], sku=apple, display_type=1)
        for n in range(10):
            apple.name = f"苹果第{n}版"
            apple.save()
        live_celery_worker.wait_for(
            lambda: target.exists() and "苹果第9版" in target.read_text(encoding="utf-8")
        )
    time.sleep(COALESCE_WAIT := 3)
    renders = re.findall(r"render_static_index\[.*?\] succeeded", live_celery_worker.log())
    assert len(renders) == 1, f"{len(renders)} renders within {COALESCE_WAIT}s"


class InMemoryStaticIndex:
    """A plugin keeping the static home page in memory instead of on disk."""

    def __init__(self):
        self.storage = InMemoryStorage()

    @hookimpl
    def shopkit_storage(self, purpose):
        return self.storage if purpose == "static_index" else None


@pytest.fixture
def in_memory(shopkit_plugin, settings):
    settings.SHOPKIT_STATIC_INDEX_PATH = None
    return shopkit_plugin(InMemoryStaticIndex(), name="in-memory-static-index").storage


@pytest.mark.django_db(transaction=True)
def test_a_plugins_storage_receives_and_serves_the_page(fruit, in_memory, client):
    apple = fruit["apples"][0]
    CategoryBanner.objects.create(category=fruit["category"], sku=apple, display_type=1)
    apple.name = "红富士"
    apple.save()
    assert in_memory.listdir("") == ([], ["index.html"])
    with in_memory.open("index.html") as page:
        assert "红富士" in page.read().decode()
    apple.name = "嘎啦"
    apple.save()  # rendered again: the same file, replaced
    assert in_memory.listdir("") == ([], ["index.html"])
    response = client.get("/index.html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "嘎啦" in b"".join(response.streaming_content).decode()


def test_the_command_writes_to_the_plugins_storage(fruit, in_memory):
    out = StringIO()
    call_command("shopkit_static_index", stdout=out)
    assert in_memory.exists("index.html")
    assert "Wrote index.html to InMemoryStorage" in out.getvalue()


def test_the_default_storage_keeps_the_file_name_of_the_setting(fruit, settings, tmp_path):
    settings.SHOPKIT_STATIC_INDEX_PATH = str(tmp_path / "www" / "home.html")
    out = StringIO()
    call_command("shopkit_static_index", stdout=out)
    assert [p.name for p in (tmp_path / "www").iterdir()] == ["home.html"]
    assert str(tmp_path / "www" / "home.html") in out.getvalue()
