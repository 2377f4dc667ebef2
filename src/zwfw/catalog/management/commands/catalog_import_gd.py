"""``zwfw catalog import-gd FILE [--publish] [--limit N]``: import Guangdong's real service items.

Re-runnable with any flags in any order (an earlier run's drafts are published in place by a
run with ``--publish``); prints what it created, updated, skipped and published. What it
publishes is searchable in running servers without a restart: publishing enqueues the shared
search index build, and every server picks the new build up (docs/search.md).
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from zwfw.catalog.errors import CatalogError
from zwfw.catalog.interchange.catalog_json import IMPORT_BATCH_SIZE
from zwfw.catalog.interchange.gd_import import gd_catalog_import
from zwfw.core.management.checks import OPERATIONAL_CHECKS


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导入广东省政务服务事项（gd-service-items/items.jsonl）为广东省、广州市的实施清单，并报告无法映射的内容"

    def add_arguments(self, parser):
        parser.add_argument("file", help="items.jsonl（每行一个JSON对象）")
        parser.add_argument("--publish", action="store_true", help="导入后直接发布（否则导入为草稿）")
        parser.add_argument("--limit", type=int, default=None, help="只导入前N条（试用）")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=IMPORT_BATCH_SIZE,
            help=f"每个事务写入的条目数（默认{IMPORT_BATCH_SIZE}；0 表示整个目录一个事务）",
        )

    def handle(self, *args, file: str, publish: bool, limit: int | None, batch_size: int, **options):
        started = time.perf_counter()
        try:
            report = gd_catalog_import(
                actor=None, path=file, publish=publish, limit=limit, batch_size=batch_size or None
            )
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"不是有效的JSON Lines：第{exc.lineno}行：{exc.msg}") from exc
        except CatalogError as exc:
            for err in (exc.detail or [])[:50]:
                self.stderr.write(f"{err.get('path') or '(根)'}：{err.get('message')}")
            raise CommandError(exc.message) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"读取{report['records']}条；基本目录{report['base_items']}项，实施清单{report['implementations']}项，"
            f"部门{report['departments']}个；用时{seconds:.1f}秒"
        )
        summary = report["summary"]
        self.stdout.write(
            f"新建{summary['created']}，更新{summary['updated']}，跳过（未变）{summary['skipped']}，"
            f"发布{summary['published']}" + ("" if publish else "（未加 --publish：写入草稿，不发布）")
        )
        self.stdout.write(f"导入结果：{json.dumps(report['import'], ensure_ascii=False)}")
        self.stdout.write("无法映射或按约定处理的内容（原因：条数；示例）：")
        for reason, info in report["unmapped"].items():
            examples = "；".join(info["examples"][:3])
            self.stdout.write(f"  {reason}：{info['count']}" + (f"（例：{examples}）" if examples else ""))
        self.stdout.write(json.dumps(report["unmapped"], ensure_ascii=False))
