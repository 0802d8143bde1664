"""The demo store's URLs plus a probe API that exercises the envelope machinery
(authentication, validation, unexpected errors) under the real ``/v1/`` prefix."""

from django.conf import settings
from django.urls import path
from django.views.static import serve
from example_project.urls import urlpatterns as example_urlpatterns
from ninja import NinjaAPI, Schema
from pydantic import Field

from shopkit.api.api import install_envelope_handlers
from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.parsers import ShopkitParser

probe_api = NinjaAPI(
    urls_namespace="probe_api", parser=ShopkitParser(), docs_url=None, openapi_url=None
)
install_envelope_handlers(probe_api)


class ProbeIn(Schema):
    sku_id: int = Field(gt=0)
    count: int = Field(gt=0, le=999)


@probe_api.api_operation(["POST", "PUT", "DELETE"], "/carts/{username}/probe", auth=JWTAuth())
def cart_probe(request, username: str, payload: ProbeIn):
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    return success(username=user.get_username(), data=payload.dict())


@probe_api.get("/orders/boom")
def boom(request):
    raise RuntimeError("probe failure")


def plain_django_view_that_fails(request):
    raise RuntimeError("failure outside ninja")


def media(request, path):
    """Uploaded files for the live-server browser tests (DEBUG is off there)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("media/<path:path>", media),
    path("v1/", probe_api.urls),
    path("v1/goods/plain-boom", plain_django_view_that_fails),
    *example_urlpatterns,
]
