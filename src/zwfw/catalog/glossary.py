"""The 百姓体 glossary: legal or official terms and the plain words residents use for them.

One table, read two ways: the plain guide (:mod:`zwfw.catalog.guides.plain`) turns terms into
plain words; catalog search (:mod:`zwfw.catalog.search.synonyms`) reads it backwards, so a
resident's plain word finds the official term. A leaf module: it imports nothing of the catalog.
"""

from __future__ import annotations

#: Legal or official term → the plain word a resident uses. Longer terms first where one
#: contains another (容缺受理 before 受理). "工作日" is kept and explained in the text instead.
JARGON: dict[str, str] = {
    "容缺受理": "缺次要材料也能先办",
    "告知承诺": "签承诺书先办",
    "承诺时限": "最快",
    "法定时限": "最晚",
    "申请人": "您",
    "受理": "收下材料",
    "行政相对人": "您",
    "法定代表人": "法人代表",
    "申请材料": "材料",
    "电子证照": "电子证",
    "证照": "证",
    "办结": "办完",
    "送达": "送到您手上",
    "核发": "发放",
    "容缺": "缺了可以后补",
    "不予": "不给",
    "予以": "给予",
    "自然日": "天（周末也算）",
    "现场勘验": "上门查看",
    "现场核查": "上门查看",
    "到现场次数": "跑几趟",
    "实施机关": "负责的部门",
}
