import typing

from pydantic_core.core_schema import ErrorType

from zwfw.core.validation_messages import zh_message, zh_template


def test_every_pydantic_error_type_has_a_chinese_message():
    missing = [t for t in typing.get_args(ErrorType) if zh_template(t) is None]
    assert missing == []


def test_context_values_are_filled_in():
    assert zh_message({"type": "string_too_long", "ctx": {"max_length": 20}}) == "最多20个字符"
    assert zh_message({"type": "greater_than_equal", "ctx": {"ge": 0}}) == "应大于或等于0"
    assert zh_message({"type": "date_parsing", "ctx": {"error": "x"}}) == "无法解析：应为日期(YYYY-MM-DD)"


def test_missing_context_does_not_leak_placeholders():
    assert zh_message({"type": "string_too_long"}) == "最多"
    assert "{" not in zh_message({"type": "enum"})
    assert zh_message({"type": "made_up_type"}) == "取值无效"


def test_api_422_names_the_field_in_chinese(client):
    response = client.get("/api/v1/calendar/add-workdays", {"start": "2026-13-01", "days": 1})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    (item,) = [d for d in body["detail"] if d["field"] == "start"]
    assert "日期" in item["message"]
    assert item["message_en"]
    assert "start" in body["message"]


def test_log_filter_masks_even_a_record_that_cannot_be_formatted():
    import logging

    from zwfw.core.logging import MaskPersonalDataFilter

    record = logging.LogRecord("t", logging.INFO, __file__, 1, "id %s %s", ("11010519491231002X",), None)
    assert MaskPersonalDataFilter().filter(record) is True
    assert "11010519491231002X" not in repr(record.args)
    assert record.args == ("1101**********002X",)
