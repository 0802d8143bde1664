"""Uploaded images are decoded in full before they are stored.

Django's ``forms.ImageField`` only runs Pillow's ``verify()``, which passes a
PNG cut short after its image data; such a file was stored and failed later,
wherever it was first decoded. ``VerifiedImageField`` also loads every pixel,
so a truncated or corrupt upload is a form error instead.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from PIL import Image


class VerifiedImageField(forms.ImageField):
    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else upload
        try:
            if hasattr(source, "seek"):
                source.seek(0)
            with Image.open(source) as image:
                image.load()
        except Exception as exc:  # Pillow raises many types for a broken file.
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc
        finally:
            if hasattr(upload, "seek") and callable(upload.seek):
                upload.seek(0)
        return upload
