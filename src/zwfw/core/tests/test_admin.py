"""The shared read-only admin: the apps whose rows change only through services use it."""

from django.contrib import admin
from django.test import RequestFactory

from zwfw.core.admin import ReadOnlyAdmin


def test_read_only_admins_refuse_add_change_and_delete():
    read_only = [ma for ma in admin.site._registry.values() if isinstance(ma, ReadOnlyAdmin)]
    apps = {type(ma).__module__ for ma in read_only}
    assert {
        "zwfw.bundles.admin",
        "zwfw.intermediaries.admin",
        "zwfw.licences.admin",
        "zwfw.ratings.admin",
        "zwfw.supervision.admin",
    } <= apps
    request = RequestFactory().get("/admin/")
    for ma in read_only:
        assert ma.has_add_permission(request) is False
        assert ma.has_change_permission(request) is False
        assert ma.has_delete_permission(request) is False
