"""Every state change of e-licences: atomic, actor-aware, audited (STYLE.md conventions 1–2).

Other apps call these names; the modules behind them are ``types`` (the registry), ``numbers``
(licence numbers and verification codes), ``holdings`` (issue, revoke, expire), ``seals``
(电子印章 keys and signing) and ``documents`` (signed 受理通知书 and 决定书 of cases).
"""

from zwfw.licences.services.documents import (
    signed_document_issue,
    signed_document_revoke,
    signed_documents_revoke_for_case,
)
from zwfw.licences.services.holdings import licence_expire_due, licence_issue, licence_revoke
from zwfw.licences.services.mutual import foreign_licence_check, trusted_issuer_add
from zwfw.licences.services.numbers import licence_number_next, verify_code_new
from zwfw.licences.services.seals import licence_sign, payload_sign, signing_key_active, signing_key_rotate
from zwfw.licences.services.types import licence_type_ensure

__all__ = [
    "foreign_licence_check",
    "licence_expire_due",
    "licence_issue",
    "licence_number_next",
    "licence_revoke",
    "licence_sign",
    "licence_type_ensure",
    "payload_sign",
    "signed_document_issue",
    "signed_document_revoke",
    "signed_documents_revoke_for_case",
    "signing_key_active",
    "signing_key_rotate",
    "trusted_issuer_add",
    "verify_code_new",
]
