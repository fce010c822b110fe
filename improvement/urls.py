from django.urls import path

app_name = "improvement"

# Plans, priorities, actions, "my actions", evidence (improvement/plans/views/).
# action_list takes query parameters: plan, priority, owner, status, rag, overdue=1, due_before, as_at.
from improvement.plans.views import actions, evidence, plans, rag_rules  # noqa: E402

plan_urlpatterns: list = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("priorities/<int:pk>/", plans.priority_detail, name="priority_detail"),
    path("priorities/<int:pk>/assess/", plans.priority_assess, name="priority_assess"),
    path("actions/", actions.ActionListView.as_view(), name="action_list"),
    path("actions/mine/", actions.my_actions, name="my_actions"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", actions.action_update, name="action_update"),
    path("actions/<int:pk>/verify/", actions.action_verify, name="action_verify"),
    path("actions/<int:pk>/return/", actions.action_return, name="action_return"),
    path("actions/<int:pk>/override/", actions.action_override, name="action_override"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("rag-rules/", rag_rules.rag_rules, name="rag_rules"),
]

# Recommendation tracker, coverage and linking (improvement/tracker/views.py).
# recommendation_list takes query parameters: inspection, addressee, timescale, coverage, group=on, as_at.
from improvement.tracker import views as recommendations  # noqa: E402

recommendation_urlpatterns: list = [
    path("recommendations/", recommendations.RecommendationTrackerView.as_view(), name="recommendation_list"),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail, name="recommendation_detail"),
    path(
        "recommendations/<int:pk>/actions/link/",
        recommendations.recommendation_link_action,
        name="recommendation_link_action",
    ),
    path(
        "recommendations/<int:pk>/actions/<int:action_pk>/unlink/",
        recommendations.recommendation_unlink_action,
        name="recommendation_unlink_action",
    ),
    path("recommendations/<int:pk>/related/", recommendations.recommendation_relate, name="recommendation_relate"),
    path(
        "recommendations/<int:pk>/related/<int:other_pk>/remove/",
        recommendations.recommendation_unrelate,
        name="recommendation_unrelate",
    ),
    path("actions/<int:pk>/recommendations/", recommendations.action_recommendations, name="action_recommendations"),
    path(
        "actions/<int:pk>/recommendations/link/",
        recommendations.action_link_recommendation,
        name="action_link_recommendation",
    ),
    path(
        "actions/<int:pk>/recommendations/<int:rec_pk>/unlink/",
        recommendations.action_unlink_recommendation,
        name="action_unlink_recommendation",
    ),
]

# Committee reports (improvement/reports/views.py). The dashboard is the site's home page (config/urls.py).
from improvement.reports import views as report_views  # noqa: E402

report_urlpatterns: list = [
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/new/", report_views.report_create, name="report_create"),
    path("reports/<int:pk>/", report_views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", report_views.report_update, name="report_update"),
    path("reports/<int:pk>/issue/", report_views.report_issue, name="report_issue"),
    path("reports/<int:pk>/withdraw/", report_views.report_withdraw, name="report_withdraw"),
    path("reports/<int:pk>/supersede/", report_views.report_withdraw, {"supersede": True}, name="report_supersede"),
    path("reports/<int:pk>/next/", report_views.report_start_next, name="report_start_next"),
    path("reports/<int:pk>/compare/", report_views.report_compare, name="report_compare"),
    path("reports/<int:pk>/pdf/", report_views.report_pdf, name="report_pdf"),
]

# A plan's budget, assurance ratings and risk register (improvement/governance/views.py); table=budget|assurance|risks
# with _export=csv|xlsx downloads one of them.
from improvement.governance import views as governance  # noqa: E402

governance_urlpatterns: list = [
    path("plans/<int:pk>/governance/", governance.plan_governance, name="plan_governance"),
    path("plans/<int:pk>/budget/new/", governance.budget_line_form, name="budget_line_create"),
    path("plans/<int:pk>/budget/<int:line_pk>/", governance.budget_line_form, name="budget_line_update"),
    path("plans/<int:pk>/assurance/new/", governance.assurance_rating_form, name="assurance_rating_create"),
    path("plans/<int:pk>/risks/new/", governance.risk_form, name="risk_create"),
    path("plans/<int:pk>/risks/<int:risk_pk>/", governance.risk_form, name="risk_update"),
]

urlpatterns = governance_urlpatterns + plan_urlpatterns + recommendation_urlpatterns + report_urlpatterns
