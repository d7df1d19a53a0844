from django.contrib import admin

from jixiao.web.library.models import Correction


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "entry", "other", "name", "sector", "reason", "created_at")
    list_filter = ("kind", "sector")
    search_fields = ("entry", "other", "name")
