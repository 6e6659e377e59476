from django import forms

from esitkent.orgs.models import Organisation


class DashboardFilters(forms.Form):
    """The dashboard's filters as the address gives them. Nothing here is refused: an unknown
    area or unit, or a year that is not a number, filters nothing; the area and year are echoed
    back as typed, an unknown unit is dropped."""

    yil = forms.CharField(required=False, strip=False)
    alan = forms.CharField(required=False, strip=False)
    birim = forms.CharField(required=False, strip=False)

    def clean_birim(self) -> Organisation | None:
        return Organisation.objects.filter(code=self.cleaned_data["birim"]).first()

    @property
    def year(self) -> int | None:
        year = self.cleaned_data["yil"]
        return int(year) if year.isdigit() else None

    @property
    def echoed(self) -> dict[str, str]:
        """The filters as the form shows them again."""
        organisation = self.cleaned_data["birim"]
        return {
            "yil": self.cleaned_data["yil"],
            "alan": self.cleaned_data["alan"],
            "birim": organisation.code if organisation else "",
        }


class PivotRequest(forms.Form):
    """The table the address asks for: indicator codes (g), row and column dimensions (satir,
    sutun), a period (donem) and a download format (bicim). Nothing is refused: the table
    builder makes whatever is asked valid and says what it changed."""

    g = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    satir = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    sutun = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    donem = forms.CharField(required=False, strip=False)
    bicim = forms.CharField(required=False, strip=False)

    @property
    def axes(self) -> tuple[list[str], list[str]]:
        """Rows and columns; a first visit (no rows sent) gets indicators by periods, while a
        form sent with every column unticked keeps its columns empty."""
        rows = self.cleaned_data["satir"] or ["indicator"]
        columns = self.cleaned_data["sutun"] if "satir" in self.data else ["period"]
        return rows, columns


class MapRequest(forms.Form):
    """The map the address asks for: a source (kaynak), a period (donem) and a scale (olcek).
    Nothing is refused: each unknown choice falls back (see map_selectors.map_choice)."""

    kaynak = forms.CharField(required=False, strip=False)
    donem = forms.CharField(required=False, strip=False)
    olcek = forms.CharField(required=False, strip=False)
