"""Chinese messages for request-validation errors (pydantic error types).

The API's 422 body names each bad field with a Chinese message. pydantic reports English; this
table translates every error type pydantic-core can raise (a test walks the full list), using the
error's context (limits, expected values) where it carries one.
"""

from __future__ import annotations

from typing import Any

# What a value should have been, for the "<kind>_type" and "<kind>_parsing" families.
_KIND = {
    "model": "对象",
    "model_attributes": "对象",
    "dataclass": "对象",
    "dataclass_exact": "对象",
    "named_tuple": "元组",
    "iterable": "可迭代的列表",
    "string": "字符串",
    "dict": "对象(字典)",
    "frozen_dict": "对象(字典)",
    "ordered_dict": "对象(字典)",
    "counter": "计数对象",
    "mapping": "对象(映射)",
    "list": "列表",
    "deque": "列表",
    "tuple": "元组",
    "set": "集合",
    "frozen_set": "集合",
    "bool": "布尔值(true/false)",
    "int": "整数",
    "float": "数字",
    "bytes": "字节串",
    "date": "日期(YYYY-MM-DD)",
    "time": "时间(HH:MM:SS)",
    "datetime": "日期时间(YYYY-MM-DDTHH:MM:SS)",
    "time_delta": "时长",
    "url": "网址",
    "uuid": "UUID",
    "decimal": "十进制数",
    "fraction": "分数",
    "complex": "复数",
    "callable": "可调用对象",
    "arguments": "参数",
    "json": "JSON",
}

_EXPLICIT = {
    "missing": "必填项缺失",
    "missing_argument": "缺少必填参数",
    "missing_keyword_only_argument": "缺少必填参数",
    "missing_positional_only_argument": "缺少必填参数",
    "missing_sentinel_error": "必填项缺失",
    "extra_forbidden": "不允许的多余字段",
    "unexpected_keyword_argument": "不允许的多余参数",
    "unexpected_positional_argument": "不允许的多余参数",
    "multiple_argument_values": "同一参数给了多个值",
    "no_such_attribute": "字段不存在",
    "get_attribute_error": "字段无法读取",
    "invalid_key": "键名无效",
    "json_invalid": "不是有效的JSON",
    "needs_python_object": "需要对象",
    "recursion_loop": "数据存在循环引用",
    "recursion_depth_exceeded": "数据嵌套过深",
    "frozen_field": "该字段不可修改",
    "frozen_instance": "该对象不可修改",
    "default_factory_not_called": "缺少默认值",
    "none_required": "此处应为空值",
    "greater_than": "应大于{gt}",
    "greater_than_equal": "应大于或等于{ge}",
    "less_than": "应小于{lt}",
    "less_than_equal": "应小于或等于{le}",
    "multiple_of": "应为{multiple_of}的倍数",
    "finite_number": "应为有限数值",
    "too_short": "至少需要{min_length}项",
    "too_long": "最多{max_length}项",
    "iteration_error": "列表读取出错",
    "string_unicode": "字符串编码无效",
    "string_too_short": "至少{min_length}个字符",
    "string_too_long": "最多{max_length}个字符",
    "string_pattern_mismatch": "格式不正确",
    "string_not_ascii": "只能包含英文字母、数字和符号",
    "enum": "取值无效，可选：{expected}",
    "literal_error": "取值无效，可选：{expected}",
    "set_item_not_hashable": "集合中含有无效项",
    "int_parsing_size": "整数超出范围",
    "int_from_float": "应为整数，不能有小数",
    "bytes_too_short": "字节数太少",
    "bytes_too_long": "字节数太多",
    "bytes_invalid_encoding": "字节编码无效",
    "value_error": "取值无效",
    "assertion_error": "取值不满足要求",
    "ellipsis_error": "取值无效",
    "date_from_datetime_parsing": "应为日期(YYYY-MM-DD)",
    "date_from_datetime_inexact": "应为日期，不能带时间",
    "date_past": "应为过去的日期",
    "date_future": "应为将来的日期",
    "datetime_object_invalid": "日期时间无效",
    "datetime_from_date_parsing": "应为日期时间(YYYY-MM-DDTHH:MM:SS)",
    "datetime_past": "应为过去的时间",
    "datetime_future": "应为将来的时间",
    "timezone_naive": "时间不能带时区",
    "timezone_aware": "时间必须带时区",
    "timezone_offset": "时区偏移不正确",
    "is_instance_of": "类型不正确",
    "is_subclass_of": "类型不正确",
    "union_tag_invalid": "类型标记无效",
    "union_tag_not_found": "缺少类型标记",
    "url_syntax_violation": "网址格式不正确",
    "url_too_long": "网址太长",
    "url_scheme": "网址协议不正确",
    "uuid_version": "UUID版本不正确",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多",
    "decimal_whole_digits": "整数部分位数过多",
    "complex_str_parsing": "无法解析为复数",
}


def zh_template(error_type: str) -> str | None:
    """The Chinese template for a pydantic error type, or None if the table lacks it."""
    if error_type in _EXPLICIT:
        return _EXPLICIT[error_type]
    for suffix, template in (("_type", "类型不正确：应为{kind}"), ("_parsing", "无法解析：应为{kind}")):
        if error_type.endswith(suffix) and error_type[: -len(suffix)] in _KIND:
            return template.replace("{kind}", _KIND[error_type[: -len(suffix)]])
    return None


def zh_message(error: dict[str, Any]) -> str:
    """Translate one pydantic error dict (``type``, ``ctx``) into a Chinese message."""
    template = zh_template(str(error.get("type", ""))) or "取值无效"
    ctx = error.get("ctx") or {}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return template.split("{", 1)[0].rstrip("：，,") or "取值无效"
