"""Search data kept in the database: synonym groups editors maintain in
Wagtail, and the normalised text the database backend searches."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shopkit.goods.models import SKU

#: Words of a group are separated by spaces, commas (ASCII or Chinese) or 、.
WORD_SEPARATORS = re.compile(r"[\s,，、;；]+")


class SynonymGroup(models.Model):
    """Words shoppers use for the same thing ("樱桃 车厘子"): a query for any
    of them finds products named with any other. Applied when searching, so
    an edit takes effect without rebuilding the index."""

    words = models.TextField(
        _("words"),
        help_text=_("Two or more words that mean the same, separated by spaces or commas."),
    )

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["id"]

    def __str__(self) -> str:
        return " ".join(self.word_list())

    def word_list(self) -> list[str]:
        """The group's distinct words, in the order the editor wrote them."""
        return list(dict.fromkeys(word for word in WORD_SEPARATORS.split(self.words) if word))

    def clean(self) -> None:
        words = self.word_list()
        if not words:
            raise ValidationError({"words": _("Write the words that mean the same.")})
        if len(words) < 2:
            raise ValidationError(
                {
                    "words": _("A group needs at least two different words; “%(word)s” is alone.")
                    % {"word": words[0]}
                }
            )
        self.words = " ".join(words)


class SKUSearchText(models.Model):
    """A launched SKU's text as the database backend searches it: normalised
    (simplified characters, ASCII, lowercase, no spaces next to Chinese) and
    with the pinyin of its Chinese words. Written by the backend's
    ``update``/``rebuild``, like an index."""

    sku = models.OneToOneField(
        SKU, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    #: The SKU's name alone, to rank exact and whole-name matches first.
    name = models.TextField()
    #: Name, caption, SPU name and category name, one a line.
    text = models.TextField()
    #: " caomei cm ..." — each form after a space, so a prefix is " " + prefix.
    pinyin = models.TextField(blank=True)
    #: " 干 海带 200g ... " — the words of the name as jieba cuts it for
    #: indexing, each between spaces, so a query that is a whole word of the
    #: name ranks above one found inside other words (海带: 干海带 before 上海带鱼).
    words = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("SKU search text")
        verbose_name_plural = _("SKU search texts")

    def __str__(self) -> str:
        return self.name
