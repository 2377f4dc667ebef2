"""``zwfw hotline import-categories FILE.xlsx [--source NAME]``: import a three-level category
tree (columns 一级分类, 二级分类, 三级分类, like the Teddy Cup 附件1) into the 诉求事项目录."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.management.checks import OPERATIONAL_CHECKS


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导入三级诉求分类目录（一级分类、二级分类、三级分类）"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", default="")

    def handle(self, *args, **opts):
        from zwfw.hotline.services import category_tree_import, category_tree_read_xlsx

        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        try:
            rows = category_tree_read_xlsx(path)
        except Exception as exc:
            raise CommandError(f"无法读取 {path.name}：{exc}") from None
        report = category_tree_import(actor=None, rows=rows, source=opts["source"] or path.name)
        self.stdout.write(f"导入 {report['rows']} 行，新建 {report['created']} 个分类；各级数量 {report['levels']}")
