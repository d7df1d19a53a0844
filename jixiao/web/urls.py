"""URL configuration: pages, the API under /api/v1/, the administrators' pages under /admin/.

Every URL here has its access rule in tests/web/test_authorization.py; a new one without a rule fails.
"""

from django.contrib import admin
from django.urls import path

from jixiao.web.accounts import views as accounts_views
from jixiao.web.monitoring import views as monitoring_views
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
    path("monitoring/", monitoring_views.round_list, name="monitoring-rounds"),
    path("monitoring/<int:round_id>/", monitoring_views.overview, name="monitoring-overview"),
    path("monitoring/<int:round_id>/plans/<int:plan_id>/", monitoring_views.entry, name="monitoring-entry"),
    path(
        "monitoring/<int:round_id>/plans/<int:plan_id>/upload/",
        monitoring_views.upload,
        name="monitoring-upload",
    ),
    path("admin/", admin.site.urls),
]
