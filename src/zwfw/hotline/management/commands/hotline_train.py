"""``zwfw hotline train FILE... --model PATH``: train the work-order classifier.

Each FILE is a headerless ``label,text`` CSV or an xlsx in the layout of the Teddy Cup 附件2
(留言主题 + 留言详情 → text, 一级分类 → label). Operator corrections stored in the database are
added when the database is there (``--no-corrections`` leaves them out). The model is written to
PATH (atomically) and, when the database is there, registered as the next version and activated
(``--no-activate`` keeps the current one): running web processes pick it up without a restart.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.management.checks import OPERATIONAL_CHECKS


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "训练12345工单分类模型：zwfw hotline train FILE... --model PATH"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="label,text CSV（无表头）或附件2格式的xlsx")
        parser.add_argument("--model", required=True, help="模型文件路径")
        parser.add_argument("--no-corrections", action="store_true", help="不使用数据库中的人工纠正样本")
        parser.add_argument("--no-activate", action="store_true", help="只登记，不启用")

    def handle(self, *args, **opts):
        from zwfw.hotline.classify import data
        from zwfw.hotline.classify import model as clf
        from zwfw.hotline.services.classify import classifier_train, database_ready

        started = time.perf_counter()
        if database_ready():
            from zwfw.core.errors import ZwfwError

            try:
                row = classifier_train(
                    actor=None,
                    files=opts["files"],
                    model_path=opts["model"],
                    use_corrections=not opts["no_corrections"],
                    activate=not opts["no_activate"],
                )
            except ZwfwError as exc:
                raise CommandError(exc.message) from None
            except ValueError as exc:
                raise CommandError(f"训练失败：{exc}") from None
            self.stderr.write(
                f"模型 v{row.version} 已写入 {row.path}：{row.samples} 条样本（含人工纠正 {row.corrections} 条），"
                f"{len(row.labels)} 个类别，用时 {time.perf_counter() - started:.1f} 秒"
                + ("，已启用" if row.is_active else "")
            )
            return
        rows: list[tuple[str, str]] = []
        try:
            for f in opts["files"]:
                rows.extend(data.read_training_file(f))
        except data.TrainingDataError as exc:
            raise CommandError(str(exc)) from None
        rows = data.dedupe(rows)
        try:
            bundle = clf.train([r[0] for r in rows], [r[1] for r in rows])
        except ValueError as exc:
            raise CommandError(f"训练失败：{exc}") from None
        path = clf.save(bundle, opts["model"])
        self.stderr.write(
            f"模型已写入 {path}：{bundle['samples']} 条样本，{len(bundle['labels'])} 个类别，"
            f"用时 {time.perf_counter() - started:.1f} 秒（未连接数据库：未登记版本）"
        )
