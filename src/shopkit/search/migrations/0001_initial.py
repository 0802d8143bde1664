import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("shopkit_goods", "0002_spu_sales_summed"),
    ]

    operations = [
        migrations.CreateModel(
            name="SKUSearchText",
            fields=[
                (
                    "sku",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="shopkit_goods.sku",
                    ),
                ),
                ("name", models.TextField()),
                ("text", models.TextField()),
                ("pinyin", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "SKU search text",
                "verbose_name_plural": "SKU search texts",
            },
        ),
        migrations.CreateModel(
            name="SynonymGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "words",
                    models.TextField(
                        help_text=(
                            "Two or more words that mean the same, separated by spaces or commas."
                        ),
                        verbose_name="words",
                    ),
                ),
            ],
            options={
                "verbose_name": "synonym group",
                "verbose_name_plural": "synonym groups",
                "ordering": ["id"],
            },
        ),
    ]
