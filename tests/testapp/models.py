from django.db import models

from shopkit.core.backends import PurposeStorage


def document_storage() -> PurposeStorage:
    # A module-level callable, as shopkit's own file fields use: migrations
    # record the callable, never the backend.
    return PurposeStorage("test_document")


class Document(models.Model):
    title = models.CharField(max_length=100)
    file = models.FileField(storage=document_storage, upload_to="documents/")

    def __str__(self) -> str:
        return self.title


class Product(models.Model):
    """A stand-in for a SKU in search tests (the real one lives in shopkit.goods)."""

    name = models.CharField(max_length=100)
    caption = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name
