from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("v1/", include("shopkit.api.urls")),
    # The rendered static home page; in production the web server serves this file.
    path(
        "index.html",
        serve,
        {"path": "index.html", "document_root": settings.SHOPKIT_STATIC_INDEX_PATH.parent},
    ),
    path("user/", include("shopkit.accounts.urls")),
    path("orders/", include("shopkit.orders.urls")),
    path("pay/", include("shopkit.payments.urls")),
    path("", include("shopkit.storefront.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves its pages (promotions, articles) for every path left over.
urlpatterns.append(path("", include(wagtail_urls)))
