"""``zwfw trading screen --bids FILE.csv [--no-network]`` or ``--ocds FILE.json``

Runs every 围标串标 screen over a flat bid file and prints CSV to stdout with the header
``tender_id,risk_score,flags`` (higher score = more suspicious; flags are the codes that fired,
separated by ``;``). It needs no labels and no database: nothing here touches the ORM.
``--ocds`` reads an OCDS release/record package with the bids extension instead (see
:mod:`zwfw.trading.screens.ocds`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zwfw.trading.screens import BidTableError, score_table, screen_bids
from zwfw.trading.screens.io import read_bids_csv
from zwfw.trading.screens.ocds import read_ocds


class Command(BaseCommand):
    help = "围标串标筛查：zwfw trading screen --bids 投标.csv（列 tender_id,bidder_id,amount[,reserve_price,date]）"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--bids", help="投标数据 CSV：tender_id,bidder_id,amount[,reserve_price,date]")
        source.add_argument("--ocds", help="OCDS 发布包/记录包 JSON（含 bids 扩展）")
        parser.add_argument("--no-network", action="store_true", help="只做单个项目的统计筛查，不做跨项目网络分析")

    def handle(self, *args, **options):
        try:
            bids = read_bids_csv(options["bids"]) if options["bids"] else read_ocds(options["ocds"])
            result = screen_bids(bids, network=not options["no_network"])
        except BidTableError as exc:
            raise CommandError(str(exc)) from exc
        out = score_table(result).write_csv()
        self.stdout.write(out, ending="")
