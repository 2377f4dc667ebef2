"""Hot spots: topics by text similarity per region and week, rising topics and spikes; the weekly
brief over the database; 举一反三."""

from __future__ import annotations

import pytest

from zwfw.hotline import hotspots


def _corpus():
    noise = [
        "公交线路调整等车时间长",
        "小区电梯故障无人维修",
        "学校违规补课收费",
        "医院检查重复收费",
        "农贸市场缺斤短两",
        "社保断缴如何补缴",
    ]
    titles, regions, weeks = [], [], []
    for w in range(1, 6):
        for i, t in enumerate(noise):
            for r in ("510107", "510104"):
                titles.append(f"{t}{i}")
                regions.append(r)
                weeks.append(f"2026-W{w:02d}")
    # week 5 in 武侯区: a burst of the same complaint, worded differently
    for k in range(12):
        titles.append(f"簇桥片区自来水发黄有异味第{k}户反映停水后水质浑浊")
        regions.append("510107")
        weeks.append("2026-W05")
    return titles, regions, weeks


def test_spike_of_one_topic_in_one_region_is_found():
    titles, regions, weeks = _corpus()
    df = hotspots.analyse(titles=titles, texts=titles, regions=regions, weeks=weeks, n_topics=8, min_count=5)
    spikes = df.filter(df["spike"])
    assert spikes.height >= 1
    top = spikes.sort("count", descending=True).row(0, named=True)
    assert top["region"] == "510107" and top["week"] == "2026-W05" and "水" in top["topic_name"]
    assert top["count"] >= 10 and top["rising"]
    # the same topic did not spike in the other district
    assert spikes.filter(spikes["region"] == "510104").height == 0


def test_empty_input():
    assert hotspots.analyse(titles=[], texts=[], regions=[], weeks=[]).height == 0


@pytest.mark.django_db
def test_weekly_brief_and_similar_orders(hl, make_order):
    from zwfw.hotline.brief import brief_xlsx, weekly_brief
    from zwfw.hotline.selectors import similar_orders

    a = make_order("簇桥街道自来水发黄有异味", category="城乡建设")
    make_order("簇桥自来水发黄，有异味，不敢喝", category="城乡建设", caller_phone="13000000001")
    make_order("公司拖欠工资三个月", category="劳动和社会保障", caller_phone="13000000002")
    brief = weekly_brief(user=hl.supervisor)
    assert brief.total == 3 and sum(n for _, n in brief.by_day) == 3
    assert {name for name, _ in brief.by_category} == {"城乡建设", "劳动和社会保障"}
    assert brief.topics and brief_xlsx(brief)[:2] == b"PK"
    assert weekly_brief(user=hl.mianyang).total == 0  # another city's hub sees none of it
    hits = similar_orders(user=hl.supervisor, text=f"{a.title} {a.text}", exclude_id=a.pk)
    assert hits and "自来水" in hits[0][0].text
