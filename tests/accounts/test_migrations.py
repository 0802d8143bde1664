"""Migration 0002 keeps every address and reads divisions off the old lines;
0003 leaves every number that was there unproved."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("shopkit_accounts", "0001_initial")]
AFTER = [("shopkit_accounts", "0002_address_divisions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_rows_get_their_divisions_or_keep_their_free_text():
    try:
        old = migrate(BEFORE)
        user = old.get_model("auth", "User").objects.create(username="olduser")
        Address = old.get_model("shopkit_accounts", "Address")
        common = {"user_id": user.pk, "receiver": "张三", "receiver_mobile": "13612345678"}
        Address.objects.create(address="广东省广州市天河区体育西路 1 号", is_default=True, **common)
        Address.objects.create(address="幸福小区 3 栋", **common)

        new = migrate(AFTER)
        Address = new.get_model("shopkit_accounts", "Address")
        parsed, free = Address.objects.order_by("pk")
        assert parsed.address == "广东省广州市天河区体育西路 1 号"
        assert (parsed.province_code, parsed.city, parsed.district_code, parsed.street) == (
            "440000",
            "广州市",
            "440106",
            "体育西路 1 号",
        )
        assert (free.address, free.street, free.province_code, free.district) == (
            "幸福小区 3 栋",
            "幸福小区 3 栋",
            "",
            "",
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_numbers_from_before_0003_stay_unproved():
    try:
        old = migrate(AFTER)
        user = old.get_model("auth", "User").objects.create(username="olduser")
        old.get_model("shopkit_accounts", "Shopper").objects.create(
            user_id=user.pk, phone="13612345678"
        )

        new = migrate([("shopkit_accounts", "0003_shopper_phone_verified_at")])
        shopper = new.get_model("shopkit_accounts", "Shopper").objects.get(user_id=user.pk)
        assert (shopper.phone, shopper.phone_verified_at) == ("13612345678", None)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
