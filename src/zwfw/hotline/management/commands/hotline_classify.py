"""``zwfw hotline classify --model PATH INPUT.csv``: classify texts with a model file.

INPUT has a header with ``id`` and ``text`` (other columns ignored). Prints CSV to stdout with the
header ``id,category,confidence`` (category = a first-level label as spelled in the training
data; confidence = its probability, 4 decimals). Needs no database.
"""

from __future__ import annotations

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.management.checks import OPERATIONAL_CHECKS

BATCH = 2000


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "用分类模型给工单文本分类：zwfw hotline classify --model PATH INPUT.csv"

    def add_arguments(self, parser):
        parser.add_argument("input", help="带表头 id,text 的CSV文件")
        parser.add_argument("--model", required=True, help="模型文件路径")

    def handle(self, *args, **opts):
        from zwfw.hotline.classify import data
        from zwfw.hotline.classify import model as clf

        try:
            bundle = clf.load(opts["model"])
        except FileNotFoundError:
            raise CommandError(f"找不到模型文件 {opts['model']}") from None
        except Exception as exc:
            raise CommandError(f"无法读取模型文件 {opts['model']}：{exc}") from None
        try:
            rows = data.read_input_csv(opts["input"])
        except data.TrainingDataError as exc:
            raise CommandError(str(exc)) from None
        out = self.stdout if self.stdout is not None else sys.stdout
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "category", "confidence"])
        for i in range(0, len(rows), BATCH):
            chunk = rows[i : i + BATCH]
            tops = clf.predict_top(bundle, [t for _, t in chunk], k=1)
            for (rid, _), top in zip(chunk, tops, strict=True):
                label, p = top[0]
                writer.writerow([rid, label, f"{p:.4f}"])
