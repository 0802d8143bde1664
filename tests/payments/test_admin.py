from shopkit.payments.models import Payment, PaymentStatus


def test_staff_read_payments_but_cannot_add_change_or_delete_them(admin_client, order):
    payment = Payment.objects.create(
        order=order,
        provider="sandbox",
        amount=order.total_amount,
        trade_no="SBX1",
        status=PaymentStatus.PAID,
        notification={"trade_no": "SBX1"},
    )
    listing = admin_client.get("/admin/shopkit_payments/payment/")
    assert listing.status_code == 200 and "SBX1" in listing.content.decode()
    detail = admin_client.get(f"/admin/shopkit_payments/payment/{payment.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert admin_client.get("/admin/shopkit_payments/payment/add/").status_code == 403
    delete_url = f"/admin/shopkit_payments/payment/{payment.pk}/delete/"
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Payment.objects.filter(pk=payment.pk).exists()
