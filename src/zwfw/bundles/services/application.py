"""一件事申请: one notice, one merged form, one set of materials, one window → child cases.

Design (docs/bundles.md "One application"): a :class:`BundleApplication` owns the merged form,
the plan snapshot and the stored uploads; each item becomes a child case through
:func:`zwfw.cases.services.case_apply`. ``Case.implementation`` is required, so no artificial
parent case is created: the application *is* the parent, and its progress is read from the
children.

Stages: children of stage 1 (items that wait for nobody) are created at once, in the same
transaction as the application — all or nothing: a child that fails the cases app's checks rolls
everything back with that error. A child of a later stage is created when every item it depends
on is completed (办结) — its prerequisites' results (e.g. an e-licence issued on completion) then
exist, so the cases app exempts them (免提交) instead of asking the applicant. That happens in
:func:`bundle_application_advance`, run by the periodic job ``bundles.applications_advance``
(every 5 minutes) and on demand from the application page. Uploads are stored once on the
application and handed to every child whose material merged into them (一套材料).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zwfw.bundles import permissions as perms
from zwfw.bundles.engine import MergeDecision
from zwfw.bundles.errors import BundleError, BundleErrorCode
from zwfw.bundles.models import (
    ApplicationStatus,
    Bundle,
    BundleApplication,
    BundleApplicationChild,
    BundleApplicationMaterial,
    BundleStatus,
)
from zwfw.bundles.services.compose import bundle_compose, free_compose
from zwfw.bundles.services.specs import ItemSource, item_sources
from zwfw.cases.services import case_apply, upload_check
from zwfw.core.models import User
from zwfw.core.permissions import require
from zwfw.core.selectors.scope import scope_queryset
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor

#: Child case statuses after which the child will not deliver a result.
ENDED_STATUSES = {"refused", "withdrawn"}
DONE_STATUS = "completed"


#: One answer for every username a clerk may not act for: unknown, staff, inactive, or an applicant
#: outside the clerk's scope. A caller cannot tell them apart (issue 18).
AGENT_APPLICANT_REFUSED = "代办的申请人账号不存在，或不在您的办理范围内"


def _agent_applicant_q(actor: Actor) -> QuerySet[User]:
    return scope_queryset(actor, User.objects.filter(is_active=True))


def agent_applicant_resolve(*, actor: Actor, username: str | None) -> User:
    """The applicant a window clerk may apply for (代办), by username, with the clerk's scope check.

    Looked up only among the accounts in ``actor``'s scope (core's rule for users: the region
    subtree, plus grants); anything but an active applicant there is refused with one and the same
    403 (:data:`AGENT_APPLICANT_REFUSED`), before anything is stored.
    """
    username = (username or "").strip()
    applicant = _agent_applicant_q(actor).filter(username=username).first() if username else None
    if applicant is None or not getattr(applicant, "is_applicant", False):
        raise PermissionDenied(AGENT_APPLICANT_REFUSED)
    return applicant


def _number() -> str:
    return f"YJS{timezone.localdate():%Y%m%d}{secrets.token_hex(3).upper()}"


@transaction.atomic
def bundle_application_submit(
    *,
    actor: User,
    bundle: Bundle | None = None,
    implementation_codes: Iterable[str] = (),
    decisions: Iterable[MergeDecision] = (),
    form_data: Mapping[str, Any] | None = None,
    uploads: Mapping[str, Any] | None = None,
    channel: str = "online",
    on_behalf_of: User | None = None,
) -> BundleApplication:
    """Apply once for a published bundle, or for a free combination of ``implementation_codes``.

    - The plan is composed now, from the versions in force (a published bundle must still be
      publishable: 409 ``bundle_not_published`` otherwise); a free combination uses the caller's
      ``decisions``; suggestions left open are not merged (the applicant provides both).
    - ``form_data`` is the merged form (one value per data element); each child keeps the fields
      its own form has and the cases app validates them (422 naming the fields).
    - ``uploads`` maps a merged material key of the plan (``plan.materials[*].key``) to one file,
      stored once and given to every child whose material merged into it (422
      ``bundle_material_unknown`` for a key not in the checklist; the file checks are the cases app's).
    - Applicants apply for themselves; a window clerk applies ``on_behalf_of`` an applicant
      (channel becomes ``window``). Stage-1 children are created at once (module docstring).
    """
    require(actor, perms.APPLY)
    applicant = actor
    agent: User | None = None
    if getattr(actor, "is_applicant", False):
        if on_behalf_of is not None and on_behalf_of != actor:
            raise PermissionDenied("申请人不能代他人申请")
    else:
        if (
            on_behalf_of is None
            or not getattr(on_behalf_of, "is_applicant", False)
            or not _agent_applicant_q(actor).filter(pk=on_behalf_of.pk).exists()
        ):
            raise PermissionDenied(AGENT_APPLICANT_REFUSED)
        applicant, agent, channel = on_behalf_of, actor, "window"
    decisions = list(decisions)
    if bundle is not None:
        if bundle.status != BundleStatus.PUBLISHED:
            raise BundleError(BundleErrorCode.NOT_PUBLISHED)
        plan, sources = bundle_compose(bundle)
        if not plan.publishable:
            raise BundleError(BundleErrorCode.NOT_PUBLISHED)
        title, decisions = bundle.name, []
    else:
        plan, sources = free_compose(implementation_codes=list(implementation_codes), decisions=decisions)
        title = "自由组合：" + "、".join(s.name for s in sources)
    data = plan.to_dict()
    uploads = dict(uploads or {})
    checklist = {m["key"]: m for m in data["materials"] if m["provided_by_applicant"]}
    unknown = sorted(set(uploads) - set(checklist))
    if unknown:
        raise BundleError(BundleErrorCode.MATERIAL_UNKNOWN, detail={"keys": unknown}, key="、".join(unknown))
    application = BundleApplication.objects.create(
        number=_number(),
        bundle=bundle,
        title=title[:255],
        applicant=applicant,
        agent=agent,
        channel=channel,
        region_id=bundle.region_id if bundle is not None else sources[0].region_code,
        implementation_codes=[s.implementation_code for s in sources],
        decisions=[
            {"material_a_key": d.material_a_key, "material_b_key": d.material_b_key, "accepted": d.accepted}
            for d in decisions
        ],
        plan=data,
        version_ids={s.implementation_code: s.version_id for s in sources},
        form_data={k: v for k, v in (form_data or {}).items() if v not in (None, "")},
        submitted_at=timezone.now(),
    )
    for key, upload in uploads.items():
        content, ext, _type = upload_check(upload)
        import hashlib

        stored = BundleApplicationMaterial(
            application=application,
            merged_key=key,
            name=checklist[key]["name"],
            original_name=(getattr(upload, "name", "") or f"material.{ext}")[-255:],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_at=timezone.now(),
        )
        stored.file.save(f"{application.number}-{len(content)}.{ext}", ContentFile(content), save=False)
        stored.save()
    depends: dict[str, list[str]] = {s.base_code: [] for s in sources}
    for dep in data["dependencies"]:
        depends[dep["dependent"]].append(dep["prerequisite"])
    stage_of = {i["code"]: i["stage"] for i in data["items"]}
    children = BundleApplicationChild.objects.bulk_create(
        BundleApplicationChild(
            application=application,
            base_code=s.base_code,
            implementation_code=s.implementation_code,
            item_name=s.name,
            stage=stage_of[s.base_code],
            depends_on=depends[s.base_code],
            order=i,
        )
        for i, s in enumerate(sources)
    )
    by_code = {s.base_code: s for s in sources}
    created = [c for c in children if not c.depends_on]
    for child in created:
        _child_case_create(application=application, child=child, source=by_code[child.base_code])
    audit_log_write(
        actor=actor,
        action="zwfw.bundles.application.submitted",
        obj=application,
        after={
            "number": application.number,
            "bundle": bundle.code if bundle else None,
            "items": application.implementation_codes,
            "uploads": sorted(uploads),
            "children": _case_numbers(created),
            "waiting": [c.implementation_code for c in children if c.depends_on],
        },
        region_code=application.region_id or "",
    )
    return application


def _case_numbers(children: Iterable[BundleApplicationChild]) -> list[str]:
    """Case numbers of children that have their case (just created, or all 办结)."""
    numbers = []
    for child in children:
        assert child.case is not None, "the caller passes only children whose case exists"
        numbers.append(child.case.number)
    return numbers


def _child_case_create(*, application: BundleApplication, child: BundleApplicationChild, source: ItemSource) -> None:
    """One child case through the cases app, with the application's form and uploads."""
    actor = application.agent or application.applicant
    fields = {f.element for f in source.spec.form}
    form = {k: v for k, v in application.form_data.items() if k in fields}
    merged_of = {use["ref"]: m["key"] for m in application.plan["materials"] for use in m["uses"]}
    stored = {m.merged_key: m for m in application.materials.all()}
    offered = {}  # 一套材料: every file the applicant gave once, for the materials this child lacks
    for ref, merged in merged_of.items():
        base_code, _, key = ref.rpartition("/")
        if base_code != child.base_code or merged not in stored:
            continue
        upload = stored[merged]
        upload.file.open("rb")
        try:
            offered[key] = ContentFile(upload.file.read(), name=upload.original_name)
        finally:
            upload.file.close()
    case = case_apply(
        actor=actor,
        implementation_code=child.implementation_code,
        channel=application.channel,
        form_data=form,
        on_behalf_of=application.applicant if application.agent_id else None,
        offered_uploads=offered,
    )
    child.case = case
    child.created_at = timezone.now()
    child.save(update_fields=["case", "created_at"])


@transaction.atomic
def bundle_application_advance(*, actor: Actor, application: BundleApplication) -> list[BundleApplicationChild]:
    """Create the children whose prerequisites are all completed; mark the application completed
    when every child is (一口发证: the results are shown together), or ended when a child was
    refused or withdrawn (its dependants can then never start). Returns the children created.

    ``actor=None`` is the periodic job; a user must be able to see the application."""
    if actor is not None:
        require(actor, perms.VIEW_APPLICATION)
    application = BundleApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.IN_PROGRESS:
        return []
    children = list(application.children.select_related("case"))
    status = {c.base_code: (c.case.status if c.case is not None else None) for c in children}
    if any(s in ENDED_STATUSES for s in status.values()):
        application.status = ApplicationStatus.ENDED
        application.save(update_fields=["status"])
        audit_log_write(
            actor=actor,
            action="zwfw.bundles.application.ended",
            obj=application,
            after={"children": {c.implementation_code: status[c.base_code] for c in children}},
            region_code=application.region_id or "",
        )
        return []
    ready = [c for c in children if c.case_id is None and all(status.get(p) == DONE_STATUS for p in c.depends_on)]
    if ready:
        sources = {s.base_code: s for s in item_sources([c.implementation_code for c in ready])}
        for child in ready:
            _child_case_create(application=application, child=child, source=sources[child.base_code])
        audit_log_write(
            actor=actor,
            action="zwfw.bundles.application.advanced",
            obj=application,
            after={"created": _case_numbers(ready)},
            region_code=application.region_id or "",
        )
    elif children and all(status[c.base_code] == DONE_STATUS for c in children):
        application.status = ApplicationStatus.COMPLETED
        application.completed_at = timezone.now()
        application.save(update_fields=["status", "completed_at"])
        audit_log_write(
            actor=actor,
            action="zwfw.bundles.application.completed",
            obj=application,
            after={"children": _case_numbers(children)},
            region_code=application.region_id or "",
        )
    return ready


def bundle_applications_advance(*, actor: Actor = None) -> int:
    """Periodic: advance every application in progress; returns how many children were created."""
    created = 0
    for application in BundleApplication.objects.filter(status=ApplicationStatus.IN_PROGRESS).order_by("id"):
        created += len(bundle_application_advance(actor=actor, application=application))
    return created
