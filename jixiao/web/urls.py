"""URL configuration: pages, the API under /api/v1/, the administrators' pages under /admin/.

Every URL here has its access rule in tests/web/test_authorization.py; a new one without a rule fails.
"""

from django.contrib import admin
from django.urls import path, register_converter

from jixiao.core.bounds import BUDGET_YEARS
from jixiao.web.accounts import views as accounts_views
from jixiao.web.api.main import api
from jixiao.web.library import views as library_views
from jixiao.web.monitoring import overview_views
from jixiao.web.monitoring import views as monitoring_views
from jixiao.web.outcomes import views as outcomes_views
from jixiao.web.plans import downloads, edit, selfeval, upload
from jixiao.web.plans import history as plans_history
from jixiao.web.plans import views as plans_views
from jixiao.web.workflow import recheck
from jixiao.web.workflow import steps as workflow_steps
from jixiao.web.workflow import versions as workflow_versions
from jixiao.web.workflow import views as workflow_views


class BudgetYear:
    """A budget year in a URL (``<year:year>``): digits within ``core.bounds.BUDGET_YEARS``, else 404
    (a page for year 0 would link to year -1, which no URL can name)."""

    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if year not in BUDGET_YEARS:
            raise ValueError(f"预算年度 {year} 不在 {BUDGET_YEARS[0]}–{BUDGET_YEARS[-1]} 之间")
        return year

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(BudgetYear, "year")

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
    path("plans/<int:plan_id>/rows/<int:row_id>/history/", plans_history.row_history, name="row-history"),
    path("units/<int:unit_id>/changes/", plans_history.unit_changes, name="unit-changes"),
    path("api/v1/", api.urls),
    path("plans/upload/", upload.upload, name="plan-upload"),
    path("plans/upload/confirm/", upload.confirm, name="plan-upload-confirm"),
    path("plans/<int:plan_id>/rows/<int:index>/", edit.edit_cell, name="plan-cell"),
    path("plans/<int:plan_id>/rows/<int:index>/rule/", edit.rule_note, name="plan-rule-note"),
    path("plans/<int:plan_id>/rows/<int:index>/delete/", edit.delete, name="plan-delete-row"),
    path("plans/<int:plan_id>/rows/<int:index>/move/", edit.move, name="plan-move-row"),
    path("plans/<int:plan_id>/rows/add/", edit.add_row, name="plan-add-row"),
    path("plans/<int:plan_id>/paste/", edit.paste, name="plan-paste"),
    path("plans/<int:plan_id>/self-evaluation/", selfeval.self_evaluation, name="plan-self-evaluation"),
    path("plans/<int:plan_id>/budget/", selfeval.budget, name="plan-budget"),
    path("plans/<int:plan_id>/actuals/", selfeval.upload_actuals, name="plan-actuals"),
    path("plans/<int:plan_id>/download/<str:what>/", downloads.download, name="plan-download"),
    path("plans/<int:plan_id>/timeline/", workflow_views.plan_timeline, name="plan-timeline"),
    path("plans/<int:plan_id>/timeline.xlsx", workflow_views.plan_timeline_xlsx, name="plan-timeline-xlsx"),
    path("todo/", workflow_views.todo, name="todo"),
    path("todo/late-<year:year>.xlsx", workflow_views.late_units_xlsx, name="late-units-xlsx"),
    # workflow: self-evaluation, re-check, publication
    path("plans/<int:plan_id>/recheck/", recheck.plan_recheck, name="plan-recheck"),
    path("plans/<int:plan_id>/publish/", recheck.publish, name="plan-publish"),
    path("recheck/samples/", recheck.samples, name="recheck-samples"),
    path("recheck/samples/<int:draw_id>/", recheck.sample, name="recheck-sample"),
    path("deadlines/", recheck.deadlines, name="deadlines"),
    # workflow: declaration steps and versions
    path("plans/<int:plan_id>/steps/<str:action>/", workflow_steps.step, name="plan-step"),
    path("plans/<int:plan_id>/flow-panel/", workflow_steps.flow_panel, name="plan-flow-panel"),
    path("plans/<int:plan_id>/versions/", workflow_versions.plan_versions, name="plan-versions"),
    path(
        "plans/<int:plan_id>/versions.xlsx", workflow_versions.plan_versions_xlsx, name="plan-versions-xlsx"
    ),
    path("plans/review/", workflow_steps.review_list, name="plan-review"),
    path("plans/review/bulk/", workflow_steps.bulk, name="plan-bulk"),
    # end of workflow: declaration steps and versions
    path("monitoring/", monitoring_views.round_list, name="monitoring-rounds"),
    path("monitoring/<int:round_id>/", monitoring_views.overview, name="monitoring-overview"),
    path("monitoring/<int:round_id>/plans/<int:plan_id>/", monitoring_views.entry, name="monitoring-entry"),
    path(
        "monitoring/<int:round_id>/plans/<int:plan_id>/upload/",
        monitoring_views.upload,
        name="monitoring-upload",
    ),
    # monitoring workflow and results applied
    path(
        "monitoring/<int:round_id>/plans/<int:plan_id>/step/", monitoring_views.step, name="monitoring-step"
    ),
    path("results/<year:year>/", outcomes_views.results_page, name="results"),
    path("results/<year:year>.xlsx", outcomes_views.results_export, name="results-export"),
    path("results/policy/", outcomes_views.policy, name="results-policy"),
    # overview
    path("overview/", overview_views.overview_home, name="overview-home"),
    path("overview/<year:year>/", overview_views.overview, name="overview"),
    path("overview/<year:year>/<str:panel>.xlsx", overview_views.overview_export, name="overview-export"),
    # end overview
    path("library/", library_views.library_index, name="library-index"),
    path("library/entry/", library_views.library_entry, name="library-entry"),
    path("library/suggest/", library_views.library_suggest, name="library-suggest"),
    path("library/export.xlsx", library_views.library_export, name="library-export"),
    path("admin/", admin.site.urls),
]
