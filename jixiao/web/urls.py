"""URL configuration: pages, the API under /api/v1/, the administrators' pages under /admin/.

Every URL here has its access rule in tests/web/test_authorization.py; a new one without a rule fails.
"""

from django.contrib import admin
from django.urls import path

from jixiao.web.accounts import views as accounts_views
from jixiao.web.library import views as library_views
from jixiao.web.plans import views as plans_views

admin.site.site_header = "jixiao 绩效 · 系统管理"
admin.site.site_title = "jixiao 系统管理"
admin.site.index_title = "组织、人员与数据"

urlpatterns = [
    path("", plans_views.home, name="home"),
    path("login/", accounts_views.login_view, name="login"),
    path("logout/", accounts_views.logout_view, name="logout"),
    path("me/", accounts_views.profile, name="profile"),
    path("me/tokens/", accounts_views.create_token, name="create-token"),
    path("plans/", plans_views.plan_list, name="plan-list"),
    path("plans/<int:plan_id>/", plans_views.plan_detail, name="plan-detail"),
    path("library/", library_views.library_index, name="library-index"),
    path("library/entry/", library_views.library_entry, name="library-entry"),
    path("library/suggest/", library_views.library_suggest, name="library-suggest"),
    path("library/export.xlsx", library_views.library_export, name="library-export"),
    path("admin/", admin.site.urls),
]
