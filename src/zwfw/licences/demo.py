"""Demo data: the licence types of the demo catalog and a few licences in the demo wallets.

- Types come from the catalog's ``demo_data/licence_types.yaml``, read as a file (the licences
  app must not import catalog code) and registered with :func:`licence_type_ensure`.
- The demo person (account ``person``, 张伟, born 1990-03-07, 武侯区) holds a 居民身份证, a
  居民户口簿 and a 结婚证; the demo enterprise (account ``enterprise``) holds a 营业执照. The
  issuers are the 武侯区 departments of the seeded department list.

Idempotent: a licence is issued only when the holder has no valid one of that type yet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from zwfw.core.models import User
from zwfw.core.selectors.accounts import department_by_code
from zwfw.licences.catalogue import id_card_valid_until
from zwfw.licences.selectors import licence_holdings_for, licence_type_list
from zwfw.licences.services import licence_issue, licence_type_ensure

TYPES_FILE = Path(__file__).resolve().parents[1] / "catalog" / "interchange" / "demo_data" / "licence_types.yaml"


def demo_types_ensure(*, actor=None, path: Path = TYPES_FILE) -> int:
    """Register every type listed in ``path``; returns how many rows the file lists (0 if absent)."""
    if not path.exists():
        return 0
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for row in rows:
        licence_type_ensure(
            actor=actor, code=str(row["code"]), name=str(row["name"]), issuer_line=str(row.get("issuer_line", ""))
        )
    return len(rows)


def _birth(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def _person_licences(user: User) -> list[dict]:
    birth = _birth(user.id_number)
    sex = "男" if int(user.id_number[16]) % 2 else "女"
    id_from = dt.date(2016, 3, 7)
    return [
        {
            "licence_type": "id_card",
            "issuer": "510107-ga",
            "valid_from": id_from,
            "valid_until": id_card_valid_until(birth=birth, issued_on=id_from),
            "data": {
                "姓名": user.display_name,
                "性别": sex,
                "民族": "汉",
                "出生": birth.strftime("%Y年%m月%d日"),
                "住址": "四川省成都市武侯区示例路1号（演示数据）",
            },
        },
        {
            "licence_type": "hukou_book",
            "issuer": "510107-ga",
            "valid_from": dt.date(2015, 9, 1),
            "valid_until": None,
            "data": {
                "户主姓名": user.display_name,
                "户别": "家庭户",
                "住址": "四川省成都市武侯区示例路1号（演示数据）",
            },
        },
        {
            "licence_type": "marriage_cert",
            "issuer": "510107-mz",
            "valid_from": dt.date(2020, 5, 20),
            "valid_until": None,
            "data": {"持证人": user.display_name, "登记日期": "2020年05月20日", "配偶姓名": "李娜（演示数据）"},
        },
    ]


def _enterprise_licences(user: User) -> list[dict]:
    return [
        {
            "licence_type": "business_licence",
            "issuer": "510107-scjg",
            "valid_from": dt.date(2022, 6, 1),
            "valid_until": None,
            "data": {
                "名称": user.display_name,
                "统一社会信用代码": user.uscc,
                "类型": "有限责任公司（自然人投资或控股）",
                "法定代表人": "张伟",
                "注册资本": "壹佰万元整",
                "成立日期": "2022年06月01日",
                "营业期限": "长期",
                "住所": "四川省成都市武侯区示例大道100号（演示数据）",
                "经营范围": "软件开发；信息技术咨询服务（演示数据）",
            },
        }
    ]


def demo_licences_ensure(*, actor=None) -> dict:
    """Types from the YAML, then the demo holdings (see the module docstring); a summary."""
    types = demo_types_ensure(actor=actor)
    issued = 0
    plans = []
    person = User.objects.filter(username="person", id_number__gt="").first()
    if person is not None:
        plans += [(person, p) for p in _person_licences(person)]
    enterprise = User.objects.filter(username="enterprise", uscc__gt="").first()
    if enterprise is not None:
        plans += [(enterprise, p) for p in _enterprise_licences(enterprise)]
    for user, plan in plans:
        held = licence_holdings_for(id_number=user.id_number, uscc=user.uscc)
        if any(h.licence_type == plan["licence_type"] for h in held):
            continue
        if (
            department_by_code(code=plan["issuer"]) is None
            or not licence_type_list().filter(code=plan["licence_type"]).exists()
        ):
            continue  # reference data not seeded (zwfw seed) or the type file is absent
        licence_issue(
            actor=actor,
            licence_type=plan["licence_type"],
            holder_name=user.display_name,
            holder_id_number=user.id_number if user.id_number else "",
            holder_uscc=user.uscc if not user.id_number else "",
            issuer_department_code=plan["issuer"],
            source_case_number="",
            data=plan["data"],
            valid_from=plan["valid_from"],
            valid_until=plan["valid_until"],
        )
        issued += 1
    return {"证照类型": types, "新签发证照": issued}
