"""The words of each SKU's name, so the database backend ranks a query that
is a whole word of the name above the same characters inside other words."""

from django.db import migrations, models


def fill_words(apps, schema_editor):
    from shopkit.search.backends.database import name_words

    SKUSearchText = apps.get_model("shopkit_search", "SKUSearchText")
    batch = []
    for row in SKUSearchText.objects.select_related("sku").iterator(chunk_size=500):
        row.words = name_words(row.sku.name)
        batch.append(row)
        if len(batch) == 500:
            SKUSearchText.objects.bulk_update(batch, ["words"])
            batch = []
    SKUSearchText.objects.bulk_update(batch, ["words"])


class Migration(migrations.Migration):
    dependencies = [("shopkit_search", "0002_starter_synonyms_and_search_text")]

    operations = [
        migrations.AddField(
            model_name="skusearchtext",
            name="words",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill_words, migrations.RunPython.noop),
    ]
