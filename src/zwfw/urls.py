from django.contrib import admin
from django.urls import include, path, re_path

from zwfw.api import api, api_not_found

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<unmatched>.*)$", api_not_found),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("zwfw.core.urls")),
    path("", include("zwfw.catalog.urls")),
    path("licences/", include("zwfw.licences.urls")),
    path("cases/", include("zwfw.cases.urls")),
    path("bundles/", include("zwfw.bundles.urls")),
    path("stats/", include("zwfw.stats.urls")),
    path("hotline/", include("zwfw.hotline.urls")),
    path("ratings/", include("zwfw.ratings.urls")),
    path("policies/", include("zwfw.policies.urls")),
    path("trading/", include("zwfw.trading.urls")),
    path("supervision/", include("zwfw.supervision.urls")),
    path("intermediaries/", include("zwfw.intermediaries.urls")),
    path("sharing/", include("zwfw.sharing.urls")),
]

# Django's own error answers: the API's JSON error body under /api/, the site's pages elsewhere.
handler400 = "zwfw.api.handler400"
handler403 = "zwfw.api.handler403"
handler404 = "zwfw.api.handler404"
handler500 = "zwfw.api.handler500"

# No media route in any mode: uploaded materials are served only by the scoped view
# zwfw.cases.views.files.material_file (/cases/<id>/materials/<key>/).
