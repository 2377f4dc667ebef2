"""申请材料文件 ``/cases/<id>/materials/<key>/``: the one way an uploaded file is served.

Uploaded materials (ID scans, contracts) are never reachable by a public media URL: the project
has no ``MEDIA_URL`` route in any mode. This view serves a file only to

- the applicant of the case, or
- staff who work on cases (window clerks of the case's region, reviewers and department admins
  of its department subtree, platform admins) — the case scope of
  :func:`zwfw.cases.selectors.case_get_for` decides which cases;

everyone else gets 404 (as for a missing file). The answer carries a safe content type (only
the types the upload check admits), ``Content-Disposition`` (inline for PDF and images, else
attachment) with the original file name, ``X-Content-Type-Options: nosniff`` and no caching.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from zwfw.cases import permissions as perms
from zwfw.cases import selectors
from zwfw.core.permissions import action_required, can

#: What may be sent inline; anything else is an attachment of type octet-stream.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}
SAFE_TYPES = INLINE_TYPES | {"application/ofd"}


@require_GET
@action_required(perms.MATERIAL_VIEW)
def material_file(request: HttpRequest, case_id: int, key: str) -> FileResponse:
    user = request.user
    case = selectors.case_get_for(user=user, case_id=case_id)
    if case.applicant_id != user.pk and (getattr(user, "is_applicant", False) or not can(user, perms.MATERIAL_VIEW)):
        raise Http404("对象不存在或无权查看")
    material = case.materials.filter(key=key).first()
    if material is None or not material.file:
        raise Http404("材料文件不存在")
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("材料文件不存在") from None
    content_type = material.content_type if material.content_type in SAFE_TYPES else "application/octet-stream"
    ext = material.file.name.rsplit(".", 1)[-1].lower() if "." in material.file.name else "bin"
    filename = material.original_name or f"{material.key}.{ext}"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
