from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("import/", views.report_import, name="report_import"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/judgements/", views.judgements_edit, name="judgements_edit"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
]
