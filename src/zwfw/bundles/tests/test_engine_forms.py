"""表单整合: one field per data element; conflicting fields flagged with every variant."""

from __future__ import annotations

from zwfw.bundles.engine import FieldSpec, ItemSpec, compose


def _item(code, *form):
    return ItemSpec(code=code, name=f"事项{code}", department="510107-ga", form=tuple(form))


def test_each_element_is_asked_once():
    plan = compose(
        [
            _item("A", FieldSpec("applicant_name", "姓名"), FieldSpec("id_number", "公民身份号码", "id_number")),
            _item("B", FieldSpec("applicant_name", "申请人姓名"), FieldSpec("phone", "联系电话", "phone")),
        ]
    )
    assert [f.element for f in plan.form] == ["applicant_name", "id_number", "phone"]
    name = plan.form[0]
    assert name.items == ("A", "B")
    assert name.label == "姓名"
    assert name.labels == ("姓名", "申请人姓名")  # a different label is not a conflict
    assert name.conflict is False
    assert plan.before.form_fields == 4 and plan.after.form_fields == 3
    assert plan.conflicts == ()


def test_required_if_any_item_requires_it():
    plan = compose(
        [_item("A", FieldSpec("child_name", "新生儿姓名", required=False)), _item("B", FieldSpec("child_name", "姓名"))]
    )
    assert plan.form[0].required is True


def test_different_type_is_a_conflict_with_both_variants():
    plan = compose(
        [
            _item("A", FieldSpec("registered_capital", "注册资本（万元）", "money")),
            _item("B", FieldSpec("registered_capital", "注册资本", "number")),
            _item("C", FieldSpec("registered_capital", "注册资本", "money")),
        ]
    )
    (conflict,) = plan.conflicts
    assert conflict.element == "registered_capital"
    assert [(v.type, v.items) for v in conflict.variants] == [("money", ("A", "C")), ("number", ("B",))]
    assert plan.form[0].conflict is True
    assert plan.publishable is False  # a conflicting field blocks publishing until the catalog is aligned


def test_different_choices_are_a_conflict_but_order_is_not():
    sex = FieldSpec("sex", "性别", "select", choices=("男", "女"))
    same_in_other_order = FieldSpec("sex", "性别", "select", choices=("女", "男"))
    assert compose([_item("A", sex), _item("B", same_in_other_order)]).conflicts == ()
    other = FieldSpec("sex", "性别", "select", choices=("男", "女", "未说明"))
    (conflict,) = compose([_item("A", sex), _item("B", other)]).conflicts
    assert [v.choices for v in conflict.variants] == [("男", "女"), ("男", "女", "未说明")]


def test_different_rule_is_a_conflict():
    plan = compose(
        [
            _item("A", FieldSpec("phone", "联系电话", "phone")),
            _item("B", FieldSpec("phone", "联系电话", "phone", rule="仅限手机号码")),
        ]
    )
    assert [c.element for c in plan.conflicts] == ["phone"]
