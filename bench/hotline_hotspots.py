"""Hot-spot analysis over generated work orders (default 1,000,000): wall time and peak memory.

Orders are generated with NumPy (no Python loop per order): 21 Chengdu district codes, 26 ISO
weeks, 80 appeal topics (each a handful of phrasings) × 10 places × 6 details, Zipf-like topic
weights, plus one planted burst (a water-quality complaint in 武侯区 in the last week, 3,000
orders) that the analysis must report as a spike. Then :func:`zwfw.hotline.hotspots.analyse`
runs exactly as the weekly brief runs it: hashed character bigrams (NumPy), TF-IDF, mini-batch
k-means (fit on a 100,000-order sample, every order assigned in batches), Polars counts per
(region, week, topic), rising topics and spike alerts.

    python bench/hotline_hotspots.py [--orders 1000000] [--topics 100] [--json FILE]

Peak memory is the process's maximum resident set size (``ru_maxrss``), generation included.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

DISTRICTS = [
    "510104",
    "510105",
    "510106",
    "510107",
    "510108",
    "510112",
    "510113",
    "510114",
    "510115",
    "510116",
    "510117",
    "510118",
    "510121",
    "510129",
    "510131",
    "510181",
    "510182",
    "510183",
    "510184",
    "510185",
    "510100",
]
SUBJECTS = [
    "小区电梯",
    "自来水",
    "夜间施工",
    "餐饮油烟",
    "公交线路",
    "出租车",
    "网约车",
    "预付卡",
    "农贸市场",
    "超市",
    "学校补课",
    "幼儿园收费",
    "医院收费",
    "社保缴费",
    "养老金",
    "拖欠工资",
    "物业服务",
    "违章搭建",
    "道路积水",
    "路灯不亮",
    "垃圾清运",
    "广场舞噪音",
    "共享单车",
    "停车收费",
    "燃气",
    "供电",
    "网络信号",
    "快递",
    "景区门票",
    "酒店价格",
    "房屋漏水",
    "开发商延期交房",
    "公租房",
    "户籍迁移",
    "居住证",
    "驾驶证",
    "医保报销",
    "疫苗接种",
    "河道污染",
    "工厂排污",
]
PROBLEMS = [
    "经常出故障无人处理",
    "收费不合理",
    "严重影响居民生活",
    "多次反映没有结果",
    "存在安全隐患",
    "服务态度很差",
    "长期得不到解决",
    "希望尽快整改",
]
PLACES = ["簇桥街道", "玉林路", "春熙路", "宽窄巷子", "建设路", "茶店子", "天府三街", "东升街道", "犀浦镇", "大面街道"]
DETAILS = ["请相关部门核实处理", "已经持续两个月", "周边群众意见很大", "望尽快答复", "影响孩子上学", "老人出行不便"]
SPIKE = "簇桥街道自来水发黄有异味停水后水质浑浊"


def generate(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    topics = np.array([f"{s}{p}" for s in SUBJECTS for p in PROBLEMS[:2]])  # 80 topics
    weights = 1 / np.arange(1, len(topics) + 1) ** 0.8
    weights /= weights.sum()
    spike_n = min(3000, n // 100)
    m = n - spike_n
    t = rng.choice(len(topics), size=m, p=weights)
    place = np.array(PLACES)[rng.integers(0, len(PLACES), m)]
    detail = np.array(DETAILS)[rng.integers(0, len(DETAILS), m)]
    texts = np.char.add(np.char.add(place, topics[t]), detail)
    regions = np.array(DISTRICTS)[rng.integers(0, len(DISTRICTS), m)]
    weeks = np.char.add("2026-W", np.char.zfill(rng.integers(1, 27, m).astype("U2"), 2))
    texts = np.concatenate(
        [texts, np.char.add(np.full(spike_n, SPIKE), np.array(DETAILS)[rng.integers(0, 6, spike_n)])]
    )
    regions = np.concatenate([regions, np.full(spike_n, "510107")])
    weeks = np.concatenate([weeks, np.full(spike_n, "2026-W26")])
    return texts, regions, weeks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from zwfw.hotline import hotspots

    t0 = time.perf_counter()
    texts, regions, weeks = generate(args.orders)
    gen_s = time.perf_counter() - t0
    print(f"generated {len(texts):,} orders in {gen_s:.1f} s", flush=True)
    t0 = time.perf_counter()
    df = hotspots.analyse(titles=texts, texts=texts, regions=regions, weeks=weeks, n_topics=args.topics)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spikes = df.filter(df["spike"]).sort("count", descending=True)
    rising = df.filter(df["rising"])
    planted = spikes.filter((spikes["region"] == "510107") & (spikes["week"] == "2026-W26")).head(1)
    found = planted.height == 1 and "水" in (planted["topic_name"][0] or "")
    print(
        f"analysis: {wall:.1f} s wall, peak RSS {peak:.0f} MiB; {df.height:,} (region, week, topic) cells, "
        f"{rising.height:,} rising, {spikes.height:,} spike alerts; planted burst found: {found}",
        flush=True,
    )
    print(spikes.head(5).select(["region", "week", "count", "previous_mean", "topic_name"]), flush=True)
    result = {
        "orders": len(texts),
        "topics": args.topics,
        "generate_seconds": round(gen_s, 1),
        "analysis_seconds": round(wall, 1),
        "peak_rss_mib": round(peak),
        "cells": df.height,
        "rising": rising.height,
        "spikes": spikes.height,
        "planted_burst_found": found,
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
    }
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
