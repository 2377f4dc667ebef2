"""The catalog's pages (namespace ``catalog``): portal under ``items/``, maintainers' pages under
``catalog/``. Included at the site root by ``zwfw.urls``."""

from django.urls import path

from zwfw.catalog import views, views_search

app_name = "catalog"

urlpatterns = [
    path("items/", views.item_list, name="item_list"),
    path("items/search/", views_search.item_search, name="item_search"),
    path("items/chuanyu/", views.chuanyu_list, name="chuanyu_list"),
    path("items/<str:code>/", views.item_detail, name="item_detail"),
    path("items/<str:code>/plain/", views.item_plain, name="item_plain"),
    path("items/<str:code>/versions/", views.item_versions, name="item_versions"),
    path("items/<str:code>/diff/", views.item_diff, name="item_diff"),
    path("catalog/consistency/", views.consistency_report, name="consistency"),
    path("catalog/review/", views.review_queue, name="review_queue"),
    path("catalog/search/", views_search.search_insights, name="search_insights"),
    path("catalog/review/<int:version_id>/", views.review_decide, name="review_decide"),
]
