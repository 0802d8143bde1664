"""An SPU's sales are its SKUs' summed, not a counter every checkout updates."""

import re

import pytest

from shopkit.goods.models import SKU, SPU


@pytest.fixture
def sold(fruit):
    berries = fruit["berries"]
    SKU.objects.filter(pk=berries["500g"].pk).update(sales=7)
    SKU.objects.filter(pk=berries["1kg"].pk).update(sales=5)
    return berries["1kg"].spu


def test_with_sales_sums_the_skus_and_counts_none_as_zero(sold):
    empty = SPU.objects.create(name="空", category=sold.category)
    sales = dict(SPU.objects.with_sales().values_list("pk", "sales"))
    assert (sales[sold.pk], sales[empty.pk]) == (12, 0)


def test_django_admin_lists_and_sorts_by_summed_sales(client, admin_user, sold):
    client.force_login(admin_user)
    response = client.get("/admin/shopkit_goods/spu/?o=-4")
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert (rows[0].pk, rows[0].sales) == (sold.pk, 12)


def test_wagtail_lists_and_sorts_by_summed_sales(client, admin_user, sold):
    client.force_login(admin_user)
    response = client.get("/cms/snippets/shopkit_goods/spu/?ordering=-sales")
    assert response.status_code == 200
    first = response.context["object_list"][0]
    assert (first.pk, first.sales) == (sold.pk, 12)
    assert re.search(r"<td[^>]*>\s*12\s*</td>", response.content.decode())
