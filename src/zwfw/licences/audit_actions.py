"""Display texts of the licences' audit action codes (``zwfw.licences.<entity>.<verb>``)."""

from __future__ import annotations

from zwfw.core import audit_actions

ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.licences.licence.issued": ("签发电子证照", "E-licence issued"),
    "zwfw.licences.licence.revoked": ("注销电子证照", "E-licence revoked"),
    "zwfw.licences.licence.expired": ("电子证照有效期届满", "E-licence expired"),
    "zwfw.licences.licence.superseded": ("电子证照被新证替代", "E-licence superseded"),
    "zwfw.licences.signing_key.created": ("启用电子印章密钥", "Signing key created"),
    "zwfw.licences.signing_key.retired": ("轮换电子印章密钥（旧钥仅用于验证）", "Signing key retired"),
    "zwfw.licences.document.issued": ("出具电子文书（加盖电子印章）", "Signed document issued"),
    "zwfw.licences.document.revoked": ("撤销电子文书", "Signed document revoked"),
    "zwfw.licences.trusted_issuer.added": ("加入电子证照互认信任清单", "Trusted issuer added"),
    "zwfw.licences.foreign.accepted": ("采信外省电子证照", "Foreign licence accepted"),
    "zwfw.licences.foreign.refused": ("不予采信外省电子证照", "Foreign licence refused"),
    "zwfw.licences.licence_type.created": ("新增电子证照类型", "E-licence type created"),
    "zwfw.licences.licence_type.updated": ("修改电子证照类型", "E-licence type updated"),
}


def register_all() -> None:
    for code, (zh, en) in ACTIONS.items():
        audit_actions.register(code, zh, en)
