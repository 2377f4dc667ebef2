"""Personal data in answers and pages: one masking rule per field kind, one entitlement rule.

Issue 18 item 2. A field that carries personal data declares its *kind* once, and every API
schema and page masks it for a viewer who is not entitled:

================  ==============================  =====================================
kind              masked as                       declared by
================  ==============================  =====================================
``id_number``     ``5101**********123X``          ``PiiStr("id_number")``, form elements of type ``id_number``
``phone``         ``138****5678``                 ``PiiStr("phone")``, form elements of type ``phone``
``address``       ``四川省成都市武侯区****``         ``PiiStr("address")``, form elements of type ``address``
``name``          ``张*三``                        ``PiiStr("name")``
================  ==============================  =====================================

Any other string in a masked form (a remark, a free-text field) goes through
:func:`zwfw.core.identifiers.mask_text`, so an ID or mobile number typed where it does not belong
is masked too.

**Who is entitled** (:func:`entitled`): the person the data is about (the applicant of their own
case), and the roles that check identity at intake on the cases they handle
(:data:`FULL_IDENTIFIER_ROLES`: the window clerk, the platform admin), always on rows already
fetched in the viewer's scope. Everyone else — reviewers, department admins, hotline, policy,
trading and supervision staff, other applicants — sees masked values.

**How a schema applies it**: ``PiiStr(kind)`` and :data:`PiiForm` are pydantic types whose
validator masks the value unless the request being answered was granted full values with
:func:`grant` (django-ninja validates every response with ``context={"request": request}``).
Masked is the default: a schema used without a request, or a handler that forgets to decide,
answers masked values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo

from zwfw.core.identifiers import mask_id_number, mask_name, mask_phone, mask_text

#: Roles that see identifiers in full on the (in-scope) cases they handle, besides the applicant.
FULL_IDENTIFIER_ROLES = frozenset({"window_clerk", "platform_admin"})


def mask_address(value: str) -> str:
    """四川省成都市武侯区****: keep the first 9 characters (province, city, district) of an address
    longer than 12, half of a shorter one; at most 8 stars."""
    v = (value or "").strip()
    keep = 9 if len(v) > 12 else len(v) // 2
    return v[:keep] + "*" * min(len(v) - keep, 8) if v else v


MASKERS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
    "name": mask_name,
}


def mask(kind: str, value: Any) -> Any:
    """``value`` masked by its kind's rule; free text (an unknown kind) through ``mask_text``."""
    if not isinstance(value, str) or not value:
        return value
    masker = MASKERS.get(kind)
    return masker(value) if masker else mask_text(value)


def element_kind(element: str, declared_type: str = "") -> str:
    """The PII kind of a form data element: its declared type, else by name (``*_id_number``,
    ``*phone``, ``*address``); ``""`` for free text."""
    if declared_type in ("id_number", "phone", "address"):
        return declared_type
    if element.endswith("id_number") or element == "social_security_number":
        return "id_number"
    if element.endswith("phone"):
        return "phone"
    if element.endswith("address"):
        return "address"
    return ""


def mask_form(data: Mapping[str, Any] | None, types: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A filled form with each value masked by its element's kind (``types``: element → declared type)."""
    types = types or {}
    out: dict[str, Any] = {}
    for key, value in (data or {}).items():
        if isinstance(value, Mapping):
            out[key] = mask_form(value, types)
        elif isinstance(value, list):
            out[key] = [mask(element_kind(key, types.get(key, "")), v) for v in value]
        else:
            out[key] = mask(element_kind(key, types.get(key, "")), value)
    return out


def entitled(viewer, owner_id: int | None = None) -> bool:
    """Whether ``viewer`` may see the full personal data of a row (already fetched in scope)
    whose subject is the user ``owner_id``."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if owner_id is not None and viewer.pk == owner_id:
        return True
    return bool(getattr(viewer, "is_superuser", False) or getattr(viewer, "role", "") in FULL_IDENTIFIER_ROLES)


_GRANT = "_zwfw_pii_full"


def grant(request, full: bool = True) -> None:
    """Let the schemas of this request's answer carry full values (the handler decided the viewer
    is entitled, e.g. with :func:`entitled`)."""
    setattr(request, _GRANT, bool(full))


def _full(info: ValidationInfo) -> bool:
    context = info.context if isinstance(info.context, dict) else {}
    request = context.get("request")
    return bool(getattr(request, _GRANT, False)) or bool(context.get("pii_full"))


def PiiStr(kind: str):  # a type factory, used like a type
    """A ``str`` field carrying personal data of ``kind``, masked unless the request was granted."""
    if kind not in MASKERS:
        raise ValueError(f"unknown PII kind {kind!r}; one of {sorted(MASKERS)}")

    def _apply(value: Any, info: ValidationInfo) -> Any:
        return value if _full(info) else mask(kind, value)

    return Annotated[str, AfterValidator(_apply)]


def _apply_form(value: Any, info: ValidationInfo) -> Any:
    if _full(info) or not isinstance(value, Mapping):
        return value
    types = (info.context or {}).get("form_types") if isinstance(info.context, dict) else None
    return mask_form(value, types)


#: A filled form (element → value) masked by element kind unless the request was granted.
PiiForm = Annotated[dict[str, Any], AfterValidator(_apply_form)]
