"""Forms of the stats pages: the report's filter and the consultation log (咨询登记)."""

from __future__ import annotations

from django import forms

CHANNELS = [("phone", "电话咨询"), ("onsite", "现场咨询")]


class ConsultationForm(forms.Form):
    channel = forms.ChoiceField(label="咨询方式", choices=CHANNELS, widget=forms.RadioSelect, initial="onsite")
    department = forms.ChoiceField(label="咨询部门")
    topic = forms.CharField(label="咨询事项（不填个人信息）", max_length=300, required=False)
    count = forms.IntegerField(label="人次", min_value=1, max_value=50, initial=1)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d.code, d.name) for d in departments]
