"""Province, city and district codes (and names) on addresses.

Existing rows keep their ``address`` text as it is; where that text starts
with division names, the codes, names and street are filled from it, and
the other rows keep empty codes with the whole text as their street.
"""

from django.db import migrations, models


def read_divisions(apps, schema_editor):
    from shopkit.accounts.divisions_parse import parse_address

    Address = apps.get_model("shopkit_accounts", "Address")
    changed = []
    for address in Address.objects.only("id", "address").iterator():
        parsed = parse_address(address.address)
        if parsed is None:
            address.street = address.address
        else:
            for field, value in parsed.divisions.fields().items():
                setattr(address, field, value)
            address.street = parsed.street
        changed.append(address)
    fields = ["street", "province_code", "province", "city_code", "city"]
    Address.objects.bulk_update(changed, [*fields, "district_code", "district"], batch_size=500)


def division_field(label, length):
    return models.CharField(blank=True, default="", max_length=length, verbose_name=label)


class Migration(migrations.Migration):
    dependencies = [
        ("shopkit_accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField("address", "province_code", division_field("province code", 6)),
        migrations.AddField("address", "province", division_field("province", 20)),
        migrations.AddField("address", "city_code", division_field("city code", 6)),
        migrations.AddField("address", "city", division_field("city", 20)),
        migrations.AddField("address", "district_code", division_field("district code", 6)),
        migrations.AddField("address", "district", division_field("district", 20)),
        migrations.AddField("address", "street", division_field("street address", 100)),
        migrations.RunPython(read_divisions, migrations.RunPython.noop),
    ]
