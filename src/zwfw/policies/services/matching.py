"""Match runs: every matchable item × every profile, in a background task, resumable, idempotent.

:func:`match_run_create` freezes the items (and their rule texts) the run will use and enqueues
:func:`zwfw.policies.tasks.match_run_task` on commit. :func:`match_run_execute`:

1. writes a profile snapshot (Parquet) for the run once; a resumed run reads the same snapshot;
2. runs the vectorised batch (:func:`zwfw.policies.matching.batch.run_batch`) into Arrow parts,
   updating ``parts_done`` as it goes; parts finished before a crash are kept and skipped;
3. loads the matches (eligible / eligible if declared, amounts, per-condition truths) into
   :class:`MatchResult` (replacing the run's rows: loading twice gives the same rows);
4. proposes 免申即享 grants for auto-grant items (one per enterprise × item ever: a unique
   constraint, so a re-run never grants twice) and pushes a notification with a link to the
   prefilled one-click application to enterprises matched for the first time.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from zwfw.core.models import Role, User
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.core.types import Actor
from zwfw.policies.codec import from_json
from zwfw.policies.errors import PolicyError, PolicyErrorCode
from zwfw.policies.matching.batch import read_amounts, read_results, run_batch
from zwfw.policies.models import (
    EnterpriseProfile,
    Grant,
    MatchResult,
    MatchRun,
    MatchRunStatus,
    MatchStatus,
    SupportItem,
)
from zwfw.policies.rules.compile import frame_from_profiles, plan_rules
from zwfw.policies.rules.language import format_money, rule_from_text
from zwfw.policies.selectors import items_in_scope_q, matchable_items_qs, run_visible

CHUNK_ROWS = 100_000


def run_dir(run: MatchRun) -> Path:
    return Path(settings.MEDIA_ROOT) / "policies" / "runs" / str(run.pk)


@transaction.atomic
def match_run_create(*, actor: Actor, as_of: dt.date | None = None) -> MatchRun:
    """Queue a run over the matchable items in the actor's scope (their lead department in the
    actor's region subtree); one run at a time per item (409 while a queued or running run
    covers one of the same items; another city's run does not block). An officer with no
    matchable item in scope is refused (403) before anything is stored: a city's officer never
    runs (nor proposes 免申即享 grants for) another city's items."""
    as_of = as_of or timezone.localdate()
    in_scope = list(matchable_items_qs(as_of).filter(items_in_scope_q(actor)))
    if not in_scope and actor is not None and getattr(actor, "pk", None):
        raise PolicyError(PolicyErrorCode.RUN_OUT_OF_SCOPE)
    # One run at a time per item, not per platform: a city's run never waits for another city's.
    ids = {i.pk for i in in_scope}
    for busy in MatchRun.objects.select_for_update().filter(status__in=[MatchRunStatus.QUEUED, MatchRunStatus.RUNNING]):
        if ids & {frozen["id"] for frozen in busy.items}:
            raise PolicyError(PolicyErrorCode.RUN_BUSY, run=busy.pk)
    items = [{"id": i.pk, "key": i.key, "rule_text": i.rule_text} for i in in_scope]
    run = MatchRun.objects.create(as_of=as_of, items=items, created_by=actor if getattr(actor, "pk", None) else None)
    audit_log_write(
        actor=actor,
        action="zwfw.policies.match_run.created",
        obj=run,
        after={"as_of": as_of, "items": [i["key"] for i in items]},
    )
    run_id = run.pk
    transaction.on_commit(lambda: _enqueue(run_id), robust=True)
    return run


def _enqueue(run_id: int) -> None:
    match_run_task.enqueue(run_id)


@transaction.atomic
def match_run_resume(*, actor: Actor, run: MatchRun) -> MatchRun:
    """Re-queue a failed run; it continues from its last finished part. Only by someone whose
    scope holds every item of the run (refused, 403, before anything changes)."""
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if actor is not None and getattr(actor, "pk", None) and not run_visible(user=actor, run=run):
        raise PolicyError(PolicyErrorCode.RUN_OUT_OF_SCOPE)
    if run.status != MatchRunStatus.FAILED:
        raise PolicyError(PolicyErrorCode.RUN_NOT_RESUMABLE, status=run.get_status_display())
    run.status = MatchRunStatus.QUEUED
    run.error = ""
    run.save(update_fields=["status", "error"])
    audit_log_write(
        actor=actor, action="zwfw.policies.match_run.resumed", obj=run, after={"parts_done": run.parts_done}
    )
    run_id = run.pk
    transaction.on_commit(lambda: _enqueue(run_id), robust=True)
    return run


def _write_snapshot(path: Path) -> int:
    rows = []
    for uscc, attrs, tags in EnterpriseProfile.objects.order_by("id").values_list("uscc", "attributes", "tags"):
        values = from_json(attrs)
        values["uscc"] = uscc
        values["tags"] = tags
        rows.append(values)
    frame = frame_from_profiles(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    frame.write_parquet(tmp)
    tmp.replace(path)
    return frame.height


def match_run_execute(*, run_id: int, fail_after_parts: int | None = None) -> MatchRun:
    """Run (or resume) the batch and load its results. Safe to call again: a finished run is
    returned as it is; a failed one continues where it stopped."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status == MatchRunStatus.DONE:
            return run
        run.status = MatchRunStatus.RUNNING
        run.save(update_fields=["status"])
    work = run_dir(run)
    snapshot = work / "profiles.parquet"
    rules = [rule_from_text(i["rule_text"], key=i["key"]) for i in run.items]
    plan = plan_rules(rules)
    try:
        if not snapshot.exists():
            MatchRun.objects.filter(pk=run.pk).update(enterprises=_write_snapshot(snapshot))

        def progress(done: int, total: int) -> None:
            MatchRun.objects.filter(pk=run.pk).update(parts_done=done, parts_total=total)

        run_batch(
            snapshot,
            plan,
            as_of=run.as_of,
            out_dir=work / "results",
            chunk_rows=CHUNK_ROWS,
            progress=progress,
            fail_after_parts=fail_after_parts,
        )
    except Exception as exc:
        MatchRun.objects.filter(pk=run.pk).update(status=MatchRunStatus.FAILED, error=str(exc)[:2000])
        run.refresh_from_db()
        return run
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run.pk)
        summary = _load_results(run, plan, work / "results")
        run.summary = summary
        run.status = MatchRunStatus.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["summary", "status", "finished_at"])
        SupportItem.objects.filter(pk__in=[frozen["id"] for frozen in run.items]).update(current_run=run)
        audit_log_write(actor=None, action="zwfw.policies.match_run.finished", obj=run, after=summary)
    shutil.rmtree(work / "results", ignore_errors=True)
    return run


def _load_results(run: MatchRun, plan, out_dir: Path) -> dict:
    matrix = read_results(out_dir).collect()
    amounts = read_amounts(out_dir).collect()
    amount_of = {(r, i): a for r, i, a in amounts.iter_rows()}
    profile_ids = dict(EnterpriseProfile.objects.values_list("uscc", "id"))
    items = {i.pk: i for i in SupportItem.objects.filter(pk__in=[x["id"] for x in run.items])}
    MatchResult.objects.filter(run=run).delete()
    results: list[MatchResult] = []
    summary: dict[str, dict] = {}
    for i, frozen in enumerate(run.items):
        item = items[frozen["id"]]
        hits = matrix.filter(pl.col(f"s{i}") > 0).select(["row", "uscc", f"s{i}", *plan.per_rule[i]])
        eligible = if_declared = total = 0
        for row in hits.iter_rows():
            r, uscc, status, *truths = row
            amount = amount_of.get((r, i))
            results.append(
                MatchResult(
                    run=run,
                    profile_id=profile_ids[uscc],
                    item=item,
                    status=MatchStatus.ELIGIBLE if status == 2 else MatchStatus.IF_DECLARED,
                    amount=amount,
                    conditions=list(truths),
                )
            )
            if status == 2:
                eligible += 1
                total += amount or 0
            else:
                if_declared += 1
        summary[item.key] = {"eligible": eligible, "eligible_if_declared": if_declared, "amount": total}
    MatchResult.objects.bulk_create(results, batch_size=2000)
    _propose_grants(run)
    _push(run)
    return summary


def _propose_grants(run: MatchRun) -> int:
    """免申即享 proposals for auto-grant items; the unique constraint keeps one per enterprise × item."""
    hits = MatchResult.objects.filter(run=run, item__auto_grant=True, status=MatchStatus.ELIGIBLE)
    grants = [Grant(item_id=h.item_id, profile_id=h.profile_id, run=run, amount=h.amount) for h in hits]
    created = Grant.objects.bulk_create(grants, ignore_conflicts=True, batch_size=2000)
    return len(created)


def _push(run: MatchRun) -> int:
    """Notify enterprise accounts of items they match for the first time (auto-grant items are
    announced when the grant is confirmed instead)."""
    already = set(MatchResult.objects.filter(notified=True).exclude(run=run).values_list("profile_id", "item_id"))
    hits = MatchResult.objects.filter(run=run, item__auto_grant=False).select_related("item", "profile").order_by("id")
    users: dict[str, list[User]] = {}
    for u in User.objects.filter(role=Role.ENTERPRISE, is_active=True).exclude(uscc=""):
        users.setdefault(u.uscc, []).append(u)
    sent = []
    for hit in hits:
        if (hit.profile_id, hit.item_id) in already:
            continue
        for user in users.get(hit.profile.uscc, []):
            amount = f"，预计可享{format_money(hit.amount)}" if hit.amount else ""
            notification_create(
                recipient=user,
                subject=f"政策找企业：您可能符合“{hit.item.title}”"[:200],
                body=f"根据一企一档数据，贵企业{hit.get_status_display()}{amount}。点击链接查看条件说明并一键申报。",
                event="zwfw.policies.match.pushed",
                link=reverse("policies:apply", args=[hit.item_id]),
            )
        sent.append(hit.pk)
    MatchResult.objects.filter(pk__in=sent).update(notified=True)
    return len(sent)


# The run's task lives beside the service that enqueues it (re-exported by ``zwfw.policies.tasks``):
# services never import the tasks module, which imports them.
@task()
def match_run_task(run_id: int) -> str:
    return match_run_execute(run_id=run_id).status
