"""The case pages (namespace ``cases``), included under ``cases/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.cases.views import apply, files, lookup, mine, review, supervision, window

app_name = "cases"

urlpatterns = [
    path("apply/<str:code>/", apply.apply, name="apply"),
    path("mine/", mine.mine, name="mine"),
    path("mine/<int:case_id>/", mine.mine_case, name="mine_case"),
    path("mine/<int:case_id>/resubmit/", mine.mine_resubmit, name="mine_resubmit"),
    path("mine/<int:case_id>/withdraw/", mine.mine_withdraw, name="mine_withdraw"),
    path("<int:case_id>/", mine.case_open, name="case_open"),
    path("<int:case_id>/materials/<slug:key>/", files.material_file, name="material_file"),
    path("window/", window.queue, name="window"),
    path("window/<int:case_id>/", window.window_case, name="window_case"),
    path("window/<int:case_id>/<slug:action>/", window.window_action, name="window_action"),
    path("review/", review.queue, name="review"),
    path("review/<int:case_id>/", review.review_case, name="review_case"),
    path("review/<int:case_id>/extend/", review.review_extend, name="review_extend"),
    path("review/<int:case_id>/<slug:action>/", review.review_action, name="review_action"),
    path("supervision/", supervision.inbox, name="supervision"),
    path("supervision/notices/<int:notice_id>/read/", supervision.notice_read, name="notice_read"),
    path(
        "supervision/verifications/<int:verification_id>/",
        supervision.verification_complete,
        name="verification_complete",
    ),
    path("lookup/", lookup.lookup, name="lookup"),
]
