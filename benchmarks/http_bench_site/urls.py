"""The example project's URLs, plus the trivial view every target is compared to."""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from example_project.urls import urlpatterns as example_urlpatterns


def trivial(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/trivial", trivial), *example_urlpatterns]
