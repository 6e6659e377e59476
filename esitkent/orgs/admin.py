from django.contrib import admin

from .models import District, DistrictPopulation, Organisation, OrganisationGroup, OrganisationName


class OrganisationNameInline(admin.TabularInline):
    model = OrganisationName
    extra = 0
    fields = ["name", "kind", "until_year", "note"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "provenance"]
    list_filter = ["kind", "provenance"]
    search_fields = ["name", "code", "names__name"]
    autocomplete_fields = ["parent"]
    inlines = [OrganisationNameInline]


@admin.register(OrganisationGroup)
class OrganisationGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "members_kind", "open_membership"]
    filter_horizontal = ["members"]


class PopulationInline(admin.TabularInline):
    model = DistrictPopulation
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "pcode", "tuik_id"]
    exclude = ["boundary", "sort_key"]
    inlines = [PopulationInline]
