"""``zwfw catalog reindex [--query Q]``: build the search index now and report its size and time.

The index lives in each server process and rebuilds itself when the catalog changes (see
docs/search.md), so this command changes nothing elsewhere: it checks that the published catalog
indexes cleanly, shows how long a build takes, and can try a query.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zwfw.catalog.search import item_search, search_index_invalidate, search_index_stats
from zwfw.catalog.search.index import search_index


class Command(BaseCommand):
    help = "重建事项检索索引（本进程），报告文档数与用时；可附带试查一个检索词"

    def add_arguments(self, parser):
        parser.add_argument("--query", default="", help="重建后试查的检索词")
        parser.add_argument("--region", default=None, help="试查时的行政区划代码")

    def handle(self, *args, query: str, region: str | None, **options):
        search_index_invalidate()
        search_index()
        stats = search_index_stats()
        self.stdout.write(f"索引文档{stats['documents']}个，用时{stats['last_build_seconds']:.2f}秒")
        if query:
            for n, hit in enumerate(item_search(query=query, region_code=region, limit=10), start=1):
                self.stdout.write(
                    f"{n}. {hit.name}（{hit.department_name}，{hit.region_name}，{hit.implementation_code}）{hit.score}"
                )
