import pytest
from django.db import IntegrityError, transaction

from shopkit import hookimpl
from shopkit.goods.models import SKU


def test_stock_below_zero_is_rejected_by_the_database(fruit):
    sku = fruit["apples"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        SKU.objects.filter(pk=sku.pk).update(stock=-1)
    sku.refresh_from_db()
    assert sku.stock == 100


def test_sku_images_are_stored_under_sku_folder_with_random_names(fruit, settings):
    image = fruit["berries"]["500g"].default_image
    assert image.name.startswith("sku/") and image.name.endswith(".png")
    assert "strawberry" not in image.name
    assert (settings.MEDIA_ROOT / image.name).is_file()


class RecordingStorage:
    def __init__(self, storage):
        self.storage = storage
        self.purposes = []

    @hookimpl
    def shopkit_storage(self, purpose):
        self.purposes.append(purpose)
        return self.storage if purpose == "sku_image" else None


def test_sku_image_field_resolves_storage_through_the_hook_at_use_time(
    fruit, shopkit_plugin, tmp_path
):
    from django.core.files.storage import FileSystemStorage

    from tests.fixtures.catalogue import png_upload

    plugin = shopkit_plugin(RecordingStorage(FileSystemStorage(location=tmp_path / "plugin")))
    sku = SKU.objects.get(pk=fruit["apples"][0].pk)  # a fresh instance: its field storage is lazy
    sku.default_image = png_upload()
    sku.save()
    assert "sku_image" in plugin.purposes
    assert (tmp_path / "plugin" / sku.default_image.name).is_file()
