"""The administrators' pages (系统管理) for organisations and people, in Django's admin (in Chinese),
with a bulk import of people from an .xlsx list (``people_import``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from jixiao.core.errors import InputError
from jixiao.web.accounts.models import ApiToken, Membership, Organisation
from jixiao.web.accounts.people_import import PeopleListError, import_people, read_people
from jixiao.web.uploads import UploadTooLarge, read_upload, upload_limits


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "parent", "code", "sector")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 1
    autocomplete_fields = ("organisation",)


class PeopleListForm(forms.Form):
    file = forms.FileField(
        label="人员名单（.xlsx）", help_text="列：用户名、姓名、组织（单位写作 部门/单位）、角色"
    )


class PersonAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = (MembershipInline,)
    list_display = ("username", "first_name", "is_active", "is_staff", "last_login")

    def get_urls(self) -> list[URLPattern]:
        own = [path("import/", self.admin_site.admin_view(self.import_view), name="auth_user_import")]
        return own + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """批量导入人员: the form, then the list's people (new passwords shown once) or its faults."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = PeopleListForm(request.POST or None, request.FILES or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "批量导入人员",
        }
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = read_people(read_upload(upload), upload.name, upload_limits())
            except PeopleListError as exc:
                context["problems"] = exc.problems
            except (InputError, UploadTooLarge) as exc:  # an unreadable file: its reader's message
                context["problems"] = [str(exc)]
            else:
                context["imported"] = import_people(rows)
                messages.success(request, f"已导入 {len(rows)} 行")
        return render(request, "admin/accounts/people_import.html", context)


admin.site.unregister(User)
admin.site.register(User, PersonAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "name", "prefix", "created", "last_used")
    readonly_fields = ("user", "name", "prefix", "digest", "created", "last_used")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is made by its owner (个人页面) or by jixiao manage apitoken
