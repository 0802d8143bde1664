"""Comments: after receipt, one comment and score per order line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import parse_int
from shopkit.core.times import shop_time
from shopkit.goods.models import SPU
from shopkit.goods.page_cache import invalidate
from shopkit.goods.tags import sku_tag
from shopkit.orders.lifecycle import get_user_order
from shopkit.orders.models import OrderLine, OrderStatus
from shopkit.orders.states import apply_transition
from shopkit.plugins import fire_event

MAX_COMMENT_LENGTH = 500


@dataclass(frozen=True)
class CommentInput:
    sku_id: int
    content: str
    score: int
    is_anonymous: bool


def clean_comment(raw: dict[str, Any]) -> CommentInput:
    try:
        sku_id, score = parse_int(raw["sku_id"]), parse_int(raw.get("score", 5))
        content = str(raw["content"]).strip()
    except (KeyError, ValueError, TypeError):
        raise ShopkitError(ErrorCode.ORDERS_BAD_PARAMETER) from None
    if not content or len(content) > MAX_COMMENT_LENGTH or not 1 <= score <= 5:
        raise ShopkitError(ErrorCode.ORDERS_BAD_PARAMETER)
    anonymous = str(raw.get("is_anonymous", "")).lower() in {"1", "true", "on", "yes"}
    return CommentInput(sku_id, content, score, anonymous)


def comment_order(user: AbstractBaseUser, order_id: Any, comments: list[CommentInput]) -> bool:
    """Comment lines of a received order; return whether the order is now completed.

    After commit, ``shopkit_comment_posted`` fires for each commented line,
    then ``shopkit_order_completed`` if this completed the order.
    """
    order = get_user_order(user, order_id)
    if order.status != OrderStatus.RECEIVED:
        raise ShopkitError(ErrorCode.ORDERS_NOT_COMMENTABLE)
    with transaction.atomic():
        now = timezone.now()
        for comment in comments:
            line = (
                OrderLine.objects.select_related("sku")
                .filter(order=order, sku_id=comment.sku_id)
                .first()
            )
            if line is None:
                raise ShopkitError(ErrorCode.ORDERS_LINE_NOT_FOUND)
            written = OrderLine.objects.filter(pk=line.pk, commented_at=None).update(
                comment=comment.content,
                score=comment.score,
                is_anonymous=comment.is_anonymous,
                commented_at=now,
            )
            if not written:
                raise ShopkitError(ErrorCode.ORDERS_ALREADY_COMMENTED)
            SPU.objects.filter(pk=line.sku.spu_id).update(comment_count=F("comment_count") + 1)
            transaction.on_commit(lambda sku_id=line.sku_id: invalidate({sku_tag(sku_id)}))
            line.refresh_from_db()
            fire_event("shopkit_comment_posted", order=order, line=line)
        if OrderLine.objects.filter(order=order, commented_at=None).exists():
            return False
        apply_transition(order.pk, "complete", by=user)
        order.refresh_from_db()
        fire_event("shopkit_order_completed", order=order)
    return True


def sku_comments(sku_id: int, limit: int = 20) -> list[dict[str, Any]]:
    """The newest comments on ``sku_id``; anonymous ones carry no name."""
    lines = (
        OrderLine.objects.filter(sku_id=sku_id)
        .exclude(commented_at=None)
        .select_related("order__user")
        .order_by("-commented_at")[:limit]
    )
    return [
        {
            "name": None if line.is_anonymous else line.order.user.get_username(),
            "is_anonymous": line.is_anonymous,
            "content": line.comment,
            "score": line.score,
            "created": shop_time(line.commented_at),
        }
        for line in lines
    ]
