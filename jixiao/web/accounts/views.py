"""Log-in, log-out and the person's own page (登录、退出、个人页面与令牌)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.web.accounts.models import ApiToken
from jixiao.web.accounts.permissions import memberships, person

login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html", redirect_authenticated_user=True
)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    return redirect("login")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=person(request)).order_by("-created")
    return render(
        request, "accounts/profile.html", {"memberships": memberships(request.user), "tokens": tokens}
    )


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    _token, raw = ApiToken.issue(person(request), name=request.POST.get("name", "")[:100])
    messages.success(request, f"新令牌（只显示这一次，请复制保存）：{raw}")
    return redirect("profile")
