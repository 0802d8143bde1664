"""The starter synonym groups, and the database backend's search text for
SKUs that existed before it.

The starter list is written here, not in a fixture, so it is added exactly
once per database: a group an editor deletes does not come back.
"""

from django.db import migrations

STARTER_SYNONYMS = [
    "樱桃 车厘子",
    "菠萝 凤梨",
    "饺子 水饺",
    "西红柿 番茄",
    "圣女果 小番茄",
    "土豆 马铃薯 洋芋",
    "红薯 地瓜 番薯",
    "香菜 芫荽",
    "猕猴桃 奇异果",
    "牛油果 鳄梨",
    "卷心菜 包菜 圆白菜",
    "豆角 四季豆",
    "荸荠 马蹄",
]


def add_starter_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("shopkit_search", "SynonymGroup")
    SynonymGroup.objects.bulk_create(SynonymGroup(words=words) for words in STARTER_SYNONYMS)


def remove_starter_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("shopkit_search", "SynonymGroup")
    SynonymGroup.objects.filter(words__in=STARTER_SYNONYMS).delete()


def fill_search_text(apps, schema_editor):
    from shopkit.search.backends.database import search_text_fields

    SKU = apps.get_model("shopkit_goods", "SKU")
    SKUSearchText = apps.get_model("shopkit_search", "SKUSearchText")
    launched = SKU.objects.filter(is_launched=True).select_related("spu", "category")
    SKUSearchText.objects.bulk_create(
        (
            SKUSearchText(
                sku=sku,
                **search_text_fields(sku.name, sku.caption, sku.spu.name, sku.category.name),
            )
            for sku in launched.iterator()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("shopkit_search", "0001_initial")]

    operations = [
        migrations.RunPython(add_starter_synonyms, remove_starter_synonyms),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
