"""When a texted code proved a shopper's number.

Existing numbers stay unproved: nothing recorded whether a code came with
them, so SMS sign-in no longer opens their accounts until they are proved
again (docs/accounts.md, "Sign in by SMS").
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shopkit_accounts", "0002_address_divisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="shopper",
            name="phone_verified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="phone verified at"),
        ),
    ]
