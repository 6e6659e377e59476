from django import forms

from .models import ActivityReport


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Gerekçe", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PeriodForm(forms.Form):
    code = forms.CharField(label="Dönem kodu (ör. 2024, 2024S1, 2024Q1)", max_length=12)
    deadline = forms.DateField(label="Son gün (GG.AA.YYYY)", input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    grace_days = forms.IntegerField(label="Ek süre (gün)", min_value=0, max_value=90, initial=15)


class ReopenForm(ReasonForm):
    until = forms.DateField(
        label="Yeni son gün (GG.AA.YYYY)", input_formats=["%d.%m.%Y", "%Y-%m-%d"]
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Kanıt dosyası (PDF, JPEG, PNG; en çok 10 MB)")


STATUS_CHOICES = ActivityReport.Status.choices
