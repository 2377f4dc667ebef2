"""The data-element dictionary (数据元): one key per piece of information a form asks for.

Application forms (``FormField.element``) use these keys, so bundles (一件事) can merge the forms
of several items into one (一表申请): the same key is the same datum, asked once. Add an element
here rather than invent a per-item key. ``validate_value(key, value)`` checks a filled-in value
by the element's rule (公民身份号码 GB 11643-1999 and 统一社会信用代码 GB 32100-2015 through
:mod:`zwfw.core.identifiers`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from zwfw.core.identifiers import validate_id_number, validate_uscc


@dataclass(frozen=True)
class DataElement:
    key: str
    label: str
    type: str  # a FieldType value
    rule: str  # the rule in words (Chinese), shown to form designers
    check: Callable[[str], str | None] | None = None  # returns a Chinese problem or None


def _id_number(value: str) -> str | None:
    result = validate_id_number(value)
    return None if result.valid else result.message


def _uscc(value: str) -> str | None:
    result = validate_uscc(value)
    return None if result.valid else result.message


_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def _phone(value: str) -> str | None:
    return None if _PHONE.match(value.strip()) else "应为11位手机号码或带区号的固定电话"


def _date(value: str) -> str | None:
    try:
        dt.date.fromisoformat(value.strip())
    except ValueError:
        return "应为日期，格式YYYY-MM-DD"
    return None


def _number(value: str) -> str | None:
    return None if re.fullmatch(r"\d+", value.strip()) else "应为非负整数"


def _money(value: str) -> str | None:
    # Amounts are entered in yuan with at most two decimals and stored as integer fen.
    return None if re.fullmatch(r"\d+(\.\d{1,2})?", value.strip()) else "应为金额（元），最多两位小数"


def _bank_account(value: str) -> str | None:
    return None if re.fullmatch(r"\d{8,30}", value.strip()) else "应为8至30位数字"


def _sex(value: str) -> str | None:
    return None if value.strip() in {"男", "女"} else "应为“男”或“女”"


def _postal_code(value: str) -> str | None:
    return None if re.fullmatch(r"\d{6}", value.strip()) else "应为6位数字"


def _nonempty(value: str) -> str | None:
    return None if value.strip() else "不能为空"


_ELEMENTS = [
    DataElement("applicant_name", "姓名", "text", "2–50个字符", _nonempty),
    DataElement("id_number", "公民身份号码", "id_number", "18位，GB 11643-1999校验", _id_number),
    DataElement("sex", "性别", "select", "男或女", _sex),
    DataElement("birth_date", "出生日期", "date", "YYYY-MM-DD", _date),
    DataElement("ethnicity", "民族", "text", "GB/T 3304民族名称", _nonempty),
    DataElement("phone", "联系电话", "phone", "手机号码或带区号的固定电话", _phone),
    DataElement("address", "住址", "address", "省市县（区）街道门牌", _nonempty),
    DataElement("postal_address", "通讯地址", "address", "可收到邮件的地址", _nonempty),
    DataElement("postal_code", "邮政编码", "text", "6位数字", _postal_code),
    DataElement("email", "电子邮箱", "text", "电子邮件地址", lambda v: None if "@" in v else "应为电子邮件地址"),
    DataElement("hukou_address", "户籍地址", "address", "户口簿所载地址", _nonempty),
    DataElement("marital_status", "婚姻状况", "select", "未婚/已婚/离婚/丧偶", _nonempty),
    DataElement("education", "学历", "select", "GB/T 4658学历名称", _nonempty),
    DataElement("employer", "工作单位", "text", "单位全称", _nonempty),
    DataElement("agent_name", "代理人姓名", "text", "委托代理时填写", _nonempty),
    DataElement("agent_id_number", "代理人身份号码", "id_number", "18位，GB 11643-1999校验", _id_number),
    DataElement("enterprise_name", "企业名称", "text", "与营业执照一致", _nonempty),
    DataElement("uscc", "统一社会信用代码", "uscc", "18位，GB 32100-2015校验", _uscc),
    DataElement("legal_representative", "法定代表人", "text", "与营业执照一致", _nonempty),
    DataElement("legal_representative_id_number", "法定代表人身份号码", "id_number", "18位", _id_number),
    DataElement("business_scope", "经营范围", "textarea", "按经营范围规范表述", _nonempty),
    DataElement("business_address", "经营场所", "address", "实际经营地址", _nonempty),
    DataElement("registered_capital", "注册资本", "money", "万元，最多两位小数", _money),
    DataElement("employees", "从业人数", "number", "非负整数", _number),
    DataElement("business_area", "经营面积", "number", "平方米，整数", _number),
    DataElement("industry_code", "行业代码", "text", "GB/T 4754-2017", _nonempty),
    DataElement("contact_name", "联系人", "text", "", _nonempty),
    DataElement("child_name", "新生儿姓名", "text", "", _nonempty),
    DataElement("child_sex", "新生儿性别", "select", "男或女", _sex),
    DataElement("child_birth_date", "新生儿出生日期", "date", "YYYY-MM-DD", _date),
    DataElement("birth_place", "出生地点", "text", "医院或详细地址", _nonempty),
    DataElement("child_id_number", "子女身份号码", "id_number", "18位", _id_number),
    DataElement("father_name", "父亲姓名", "text", "", _nonempty),
    DataElement("father_id_number", "父亲身份号码", "id_number", "18位", _id_number),
    DataElement("mother_name", "母亲姓名", "text", "", _nonempty),
    DataElement("mother_id_number", "母亲身份号码", "id_number", "18位", _id_number),
    DataElement("spouse_name", "配偶姓名", "text", "", _nonempty),
    DataElement("spouse_id_number", "配偶身份号码", "id_number", "18位", _id_number),
    DataElement("bank_name", "开户银行", "text", "", _nonempty),
    DataElement("bank_account", "银行账号", "text", "8–30位数字", _bank_account),
    DataElement("bank_account_name", "账户名", "text", "", _nonempty),
    DataElement("social_security_number", "社会保障号码", "id_number", "与公民身份号码一致", _id_number),
    DataElement("disability_certificate_number", "残疾人证号", "text", "", _nonempty),
    DataElement("disability_category", "残疾类别", "select", "视力/听力/言语/肢体/智力/精神/多重", _nonempty),
    DataElement("disability_grade", "残疾等级", "select", "一级至四级", _nonempty),
    DataElement("retire_date", "退休日期", "date", "YYYY-MM-DD", _date),
    DataElement("school_name", "学校名称", "text", "", _nonempty),
    DataElement("property_address", "不动产坐落", "address", "与不动产权证书一致", _nonempty),
    DataElement("house_area", "建筑面积", "number", "平方米，整数", _number),
    DataElement("house_price", "成交价格", "money", "元，最多两位小数", _money),
    DataElement("contract_no", "合同编号", "text", "", _nonempty),
    DataElement("vehicle_plate", "号牌号码", "text", "", _nonempty),
    DataElement("vehicle_count", "车辆数量", "number", "非负整数", _number),
    DataElement("project_name", "项目名称", "text", "", _nonempty),
    DataElement("project_address", "项目地址", "address", "", _nonempty),
    DataElement("sign_content", "招牌内容", "text", "", _nonempty),
    DataElement("deceased_name", "逝者姓名", "text", "", _nonempty),
    DataElement("deceased_id_number", "逝者身份号码", "id_number", "18位", _id_number),
    DataElement("death_date", "死亡日期", "date", "YYYY-MM-DD", _date),
    DataElement("amount", "申请金额", "money", "元，最多两位小数", _money),
    DataElement("apply_reason", "申请事由", "textarea", "", _nonempty),
    DataElement("change_items", "变更事项", "textarea", "", _nonempty),
    DataElement("cancel_reason", "注销原因", "textarea", "", _nonempty),
    DataElement("loan_amount", "申请贷款金额", "money", "元，最多两位小数", _money),
    DataElement("remarks", "备注", "textarea", "", None),
]

ELEMENTS: dict[str, DataElement] = {e.key: e for e in _ELEMENTS}


def element_get(key: str) -> DataElement | None:
    return ELEMENTS.get(key)


def validate_value(key: str, value: str) -> str | None:
    """Check one filled-in value against its element's rule; a Chinese problem, or None if fine."""
    element = ELEMENTS.get(key)
    if element is None:
        return f"未知的数据元：{key}"
    if element.check is None or value is None:
        return None
    return element.check(str(value))
