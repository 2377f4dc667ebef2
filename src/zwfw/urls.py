from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from zwfw.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("zwfw.core.urls")),
    path("", include("zwfw.catalog.urls")),
    path("licences/", include("zwfw.licences.urls")),
    path("cases/", include("zwfw.cases.urls")),
    path("bundles/", include("zwfw.bundles.urls")),
    path("stats/", include("zwfw.stats.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
