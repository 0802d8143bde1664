from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shopkit.accounts"
    label = "shopkit_accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from shopkit.accounts.checks import check_plugin_providers
        from shopkit.accounts.signals import forget_cached_token_user

        checks.register(check_plugin_providers, checks.Tags.compatibility)
        # A password change or reset, a deactivation or a deletion must refuse
        # the user's tokens on the next call (shopkit.core.tokens caches the user).
        for signal in (post_save, post_delete):
            signal.connect(
                forget_cached_token_user,
                sender=settings.AUTH_USER_MODEL,
                dispatch_uid=f"shopkit.accounts.forget_token_user.{signal is post_save}",
            )
