"""Display texts of the sharing app's audit action codes (``zwfw.sharing.<entity>.<verb>``)."""

from __future__ import annotations

from zwfw.core import audit_actions

ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.sharing.dataset.registered": ("登记共享数据集", "Dataset registered"),
    "zwfw.sharing.request.created": ("申请共享数据", "Sharing request created"),
    "zwfw.sharing.request.approved": ("批准共享申请", "Sharing request approved"),
    "zwfw.sharing.request.rejected": ("驳回共享申请", "Sharing request rejected"),
    "zwfw.sharing.data.read": ("调用共享数据", "Shared data read"),
    "zwfw.sharing.code.issued": ("生成政务服务码", "Service code issued"),
    "zwfw.sharing.code.revoked": ("作废政务服务码", "Service code revoked"),
    "zwfw.sharing.code.scanned": ("扫描政务服务码", "Service code scanned"),
}


def register_all() -> None:
    for code, (zh, en) in ACTIONS.items():
        audit_actions.register(code, zh, en)
