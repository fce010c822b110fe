from django.urls import path

from performance import views

app_name = "performance"

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("entry/", views.entry, name="entry"),
    path("import/", views.import_upload, name="import"),
    path("import/commit/", views.import_commit, name="import_commit"),
    path("import/mapping/", views.import_mapping, name="import_mapping"),
    path("change/", views.change_table, name="change_table"),
    path("comparison/", views.comparison, name="comparison"),
]
