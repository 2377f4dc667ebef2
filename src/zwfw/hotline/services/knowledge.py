"""知识库 (knowledge base) entries: question, answer (答复口径), policy source, department, owner
and review date. Searching is in :mod:`zwfw.hotline.selectors`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zwfw.core.models import Department
from zwfw.core.permissions import effective_role, require
from zwfw.core.services.audit import audit_log_write
from zwfw.hotline import permissions as perms
from zwfw.hotline.errors import HotlineError, HotlineErrorCode
from zwfw.hotline.models import Category, KnowledgeEntry


def knowledge_entry_save(
    *,
    actor,
    question: str,
    answer: str,
    department_code: str,
    review_date: dt.date,
    policy_source: str = "",
    category_code: str | None = None,
    entry_id: int | None = None,
    is_active: bool = True,
) -> KnowledgeEntry:
    """Create or update an entry. A department admin maintains only their department's entries."""
    if actor is not None:
        require(actor, perms.KNOWLEDGE_MANAGE)
    question, answer = (question or "").strip(), (answer or "").strip()
    if not question or not answer:
        raise HotlineError(HotlineErrorCode.REASON_REQUIRED, detail={"field": "question"}, what="问题和答复口径")
    department = Department.objects.filter(code=department_code).first()
    if department is None:
        raise HotlineError(HotlineErrorCode.UNKNOWN_DEPARTMENT, value=(department_code or "")[:50])
    if actor is not None and effective_role(actor) == "dept_admin":
        own = getattr(actor, "department", None)
        if own is None or not department.path.startswith(own.path):
            raise HotlineError(HotlineErrorCode.NOT_YOUR_ORDER, department=department.name)
    category = Category.objects.filter(code=category_code).first() if category_code else None
    with transaction.atomic():
        entry = KnowledgeEntry.objects.select_for_update().filter(pk=entry_id).first() if entry_id else None
        before = None
        if entry is None:
            entry = KnowledgeEntry(owner=actor if getattr(actor, "pk", None) else None)
        else:
            before = {"question": entry.question, "answer": entry.answer, "is_active": entry.is_active}
        entry.question = question[:300]
        entry.answer = answer
        entry.policy_source = (policy_source or "").strip()[:300]
        entry.department = department
        entry.category = category
        entry.review_date = review_date
        entry.is_active = is_active
        entry.save()
        audit_log_write(
            actor=actor,
            action="zwfw.hotline.knowledge.saved",
            obj=entry,
            before=before,
            after={"question": entry.question, "department": department.code, "is_active": is_active},
        )
    return entry
