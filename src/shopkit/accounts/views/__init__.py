"""Storefront pages for shopper accounts; each parses a form, calls a service, renders."""

from django.urls import reverse_lazy

#: Where ``login_required`` sends anonymous shoppers, whatever ``LOGIN_URL`` says.
LOGIN_URL = reverse_lazy("shopkit_accounts:login")
