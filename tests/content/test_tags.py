"""Content owns its banners' cache tag and their change events; goods knows nothing of them."""

from shopkit import hookimpl
from shopkit.content import tags as content_tags
from shopkit.content.models import CategoryBanner, PromotionBanner
from shopkit.goods import tags as goods_tags


def test_a_banner_is_tagged_by_content_not_by_goods(fruit):
    banner = CategoryBanner(category=fruit["category"], sku=fruit["apples"][0])
    assert content_tags.tags_for(banner) == {content_tags.BANNERS}
    assert goods_tags.tags_for(banner) == set()
    assert content_tags.tags_for(fruit["apples"][0]) == set()


class Recorder:
    def __init__(self):
        self.instances = []

    @hookimpl
    def shopkit_catalog_changed(self, instances):
        self.instances.extend(instances)


def test_a_banner_save_is_announced_as_a_catalogue_change(
    db, shopkit_plugin, django_capture_on_commit_callbacks
):
    recorder = shopkit_plugin(Recorder(), name="banner-recorder")
    with django_capture_on_commit_callbacks(execute=True):
        PromotionBanner.objects.create(name="秋季", url="https://example.com/")
    assert [type(instance) for instance in recorder.instances] == [PromotionBanner]
