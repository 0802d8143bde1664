"""The provider choice on the storefront pay page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shopkit.payments.providers.base import PaymentProvider


class ProviderChoiceForm(forms.Form):
    provider = forms.ChoiceField(label=_("Pay with"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, providers: Iterable[PaymentProvider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.name, str(p.title or p.name)) for p in providers]
