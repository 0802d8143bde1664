"""Shopper data kept beside whatever user model the host project uses.

shopkit never swaps ``AUTH_USER_MODEL``: a shopper's phone and activation
state live in :class:`Shopper` (one-to-one with the user), addresses and
third-party login bindings in their own tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Shopper(models.Model):
    """What shopkit knows about a user who registered through the shop.

    Users without a ``Shopper`` row (staff made with ``createsuperuser``, users
    of the host project) count as activated.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shopkit_shopper",
        verbose_name=_("user"),
    )
    phone = models.CharField(_("mobile phone"), max_length=11, unique=True, null=True, blank=True)
    #: When a texted code last proved ``phone``: registering with a code, SMS
    #: sign-in opening the account, binding. Empty for a number given without
    #: one, which SMS sign-in never opens the account by (see
    #: :mod:`shopkit.accounts.phone_login`).
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shopper")
        verbose_name_plural = _("shoppers")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_activated(self) -> bool:
        return self.activated_at is not None

    @property
    def phone_verified(self) -> bool:
        return self.phone is not None and self.phone_verified_at is not None


class AddressQuerySet(models.QuerySet):
    def alive(self) -> AddressQuerySet:
        return self.filter(is_deleted=False)


class Address(models.Model):
    """A delivery address. Deleting one only marks it, so placed orders keep it.

    ``address`` is the whole line (division names, then the street): what
    orders copy and the API shows. The division columns are empty for an
    address that was given as free text no division could be read from.
    Names are stored beside the codes, so a later change to the division
    list never rewrites an address.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shopkit_addresses",
        verbose_name=_("user"),
    )
    receiver = models.CharField(_("receiver"), max_length=20)
    address = models.CharField(_("address"), max_length=100)
    province_code = models.CharField(_("province code"), max_length=6, blank=True, default="")
    province = models.CharField(_("province"), max_length=20, blank=True, default="")
    city_code = models.CharField(_("city code"), max_length=6, blank=True, default="")
    city = models.CharField(_("city"), max_length=20, blank=True, default="")
    district_code = models.CharField(_("district code"), max_length=6, blank=True, default="")
    district = models.CharField(_("district"), max_length=20, blank=True, default="")
    street = models.CharField(_("street address"), max_length=100, blank=True, default="")
    receiver_mobile = models.CharField(_("receiver's mobile phone"), max_length=11)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    tag = models.CharField(_("tag"), max_length=10, blank=True)
    is_default = models.BooleanField(_("default"), default=False)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True, is_deleted=False),
                name="shopkit_one_default_address_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.receiver} {self.address}"


class OAuthBinding(models.Model):
    """A third-party account (e.g. Weibo) a shopper logs in with."""

    provider = models.CharField(_("provider"), max_length=20)
    uid = models.CharField(_("account id at the provider"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shopkit_oauth_bindings",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("third-party login")
        verbose_name_plural = _("third-party logins")
        constraints = [
            models.UniqueConstraint(fields=["provider", "uid"], name="shopkit_oauth_uid_once"),
            models.UniqueConstraint(fields=["provider", "user"], name="shopkit_oauth_user_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.uid}"
