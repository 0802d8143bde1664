"""Editors maintain search synonym groups in Wagtail (Snippets → Synonym groups)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from shopkit.search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["words"]
    search_fields = ["words"]
    search_backend_name = None


register_snippet(SynonymGroupViewSet)
