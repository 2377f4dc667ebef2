"""Forms of the case pages: parsing only. The rules (what a valid application is, who may act,
which transition is legal) live in the services; a form turns POST data into their arguments.

The application form is generated from the pinned version's form fields (数据元,
``zwfw.catalog.elements``); its values are validated by :func:`zwfw.cases.services.case_apply`
(one source), whose per-field problems the view puts back on the form.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from zwfw.cases.models import DeliveryMethod, SpecialProcedure, StepAction

UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png"
APPLY_PREFIX = "f"


def _widget(field_type: str, choices: list[str] | None):
    """The HTML control for a form field type (``catalog.FieldType``)."""
    if choices or field_type == "select":
        return forms.Select(choices=[("", "请选择")] + [(c, c) for c in (choices or [])])
    if field_type == "textarea":
        return forms.Textarea(attrs={"rows": 3})
    if field_type == "date":
        return forms.DateInput(attrs={"type": "date"})
    if field_type == "number":
        return forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\d*"})
    if field_type == "money":
        return forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "元，最多两位小数"})
    if field_type == "phone":
        return forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    if field_type in {"id_number", "uscc"}:
        return forms.TextInput(
            attrs={
                "data-identifier": field_type,
                "autocomplete": "off",
                "spellcheck": "false",
                "maxlength": "18",
                "style": "text-transform:uppercase",
            }
        )
    return forms.TextInput()


class ApplyForm(forms.Form):
    """The application form (申请表) of one version: one field per form field, named by its data
    element. Only presence is checked here; values are checked by the service."""

    def __init__(self, *args, fields: list[dict], **kwargs):
        kwargs.setdefault("prefix", APPLY_PREFIX)
        super().__init__(*args, **kwargs)
        for f in fields:
            widget = _widget(f.get("type", "text"), f.get("choices"))
            self.fields[f["element"]] = forms.CharField(
                label=f["label"], required=bool(f.get("required")), widget=widget, max_length=500
            )
            self.fields[f["element"]].field_type = f.get("type", "text")
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}"

    def form_data(self) -> dict[str, str]:
        """The raw values (stripped) for the service, which validates them."""
        return {k: (v or "").strip() for k, v in self.data_for_service().items()}

    def data_for_service(self) -> dict[str, str]:
        return {name: self.data.get(self.add_prefix(name), "") for name in self.fields}


class ApplicantPickForm(forms.Form):
    """代办/帮办: the window clerk names the applicant by account name, 身份证号 or 统一社会信用代码."""

    applicant = forms.CharField(label="申请人（用户名、公民身份号码或统一社会信用代码）", max_length=64, required=True)


class ActionForm(forms.Form):
    """Every action form carries the ``row_version`` the page showed: a case changed since is a
    409 conflict (another clerk acted first) rather than a surprise."""

    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RefuseForm(ActionForm):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CorrectionForm(ActionForm):
    """一次性告知: every material is a checkbox with its problem; the note covers the rest."""

    note = forms.CharField(label="补正说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadline = forms.DateField(
        label="补正期限",
        required=True,
        error_messages={"required": "请填写补正期限"},
        widget=forms.DateInput(attrs={"type": "date", "required": True}),
    )

    def __init__(self, *args, materials: list, **kwargs):
        super().__init__(*args, **kwargs)
        if "deadline" not in self.initial:
            from zwfw.cases.services.frontdesk import correction_deadline_default
            from zwfw.core.errors import CalendarYearNotLoaded

            try:
                self.initial["deadline"] = correction_deadline_default()
            except CalendarYearNotLoaded:  # the clerk types the date; the service checks it
                self.initial["deadline"] = None
        self.material_rows = []
        for m in materials:
            self.fields[f"m_{m.key}"] = forms.BooleanField(label=m.name, required=False)
            self.fields[f"p_{m.key}"] = forms.CharField(
                label=f"{m.name}：问题", required=False, max_length=200, initial="未提交或不符合要求"
            )
            self.material_rows.append((m, self[f"m_{m.key}"], self[f"p_{m.key}"]))

    def items(self, materials: list) -> list[dict]:
        out = []
        for m in materials:
            if self.cleaned_data.get(f"m_{m.key}"):
                out.append({"key": m.key, "problem": self.cleaned_data.get(f"p_{m.key}") or "未提交或不符合要求"})
        return out


class ShortfallForm(ActionForm):
    materials = forms.MultipleChoiceField(
        label="容缺材料（非关键材料）", required=False, widget=forms.CheckboxSelectMultiple
    )
    pledge_text = forms.CharField(
        label="申请人承诺",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        initial="本人承诺在期限内补交所缺材料。",
    )
    due_date = forms.DateField(label="补交期限", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = choices


class PledgeForm(ActionForm):
    materials = forms.MultipleChoiceField(label="以承诺代替的材料", required=False, widget=forms.CheckboxSelectMultiple)
    pledge_text = forms.CharField(label="申请人书面承诺", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = choices


class DeliverForm(ActionForm):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices, initial=DeliveryMethod.PICKUP)
    carrier = forms.CharField(label="快递公司", required=False, max_length=50)
    tracking_number = forms.CharField(label="快递单号", required=False, max_length=50)
    address = forms.CharField(label="邮寄地址", required=False, max_length=200)


class StepForm(ActionForm):
    step = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label="业务动作", choices=[(StepAction.PASS, "通过"), (StepAction.RETURN, "退回")], initial=StepAction.PASS
    )
    opinion = forms.CharField(label="办理意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecideForm(ActionForm):
    decision = forms.ChoiceField(label="审批决定", choices=[("approved", "准予"), ("denied", "不予")])
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    legal_basis = forms.CharField(label="法律依据（不予许可时必填）", required=False, max_length=500)


class ClockStopForm(ActionForm):
    kind = forms.ChoiceField(label="特别程序", choices=SpecialProcedure.choices)
    reason = forms.CharField(label="启动理由或依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    on = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ExtendForm(ActionForm):
    reason = forms.CharField(
        label="延长理由（将告知申请人）", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class ClockResumeForm(ActionForm):
    on = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.CharField(label="特别程序结果", required=False, max_length=500)


class VerifyForm(forms.Form):
    passed = forms.ChoiceField(label="核查结论", choices=[("1", "核查属实"), ("0", "承诺不实")])
    result = forms.CharField(label="核查情况", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LookupForm(forms.Form):
    number = forms.CharField(label="办件编号", max_length=32)
    code = forms.CharField(label="查询码", max_length=12)


def today_iso() -> str:
    return timezone.localdate().isoformat()
