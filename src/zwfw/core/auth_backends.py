"""Django admin permissions for the 平台管理员 role.

The platform's own actions are checked by :mod:`zwfw.core.permissions` (roles, scope); Django's
per-model permissions (``app.view_model`` …) matter only to the Django admin. Without this
backend an active platform admin reached ``/admin/`` and was told 你没有查看或编辑的权限 on every
model. The admin classes keep their own limits (published versions, audit rows and issued
licences stay read-only there, whoever asks).
"""

from __future__ import annotations

from zwfw.core.models import Role


def _platform_admin(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "role", None) == Role.PLATFORM_ADMIN)


class PlatformAdminBackend:
    """Grants every Django model permission to active platform admins; authenticates nobody."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return _platform_admin(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return _platform_admin(user_obj)
