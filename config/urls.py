from django.contrib import admin
from django.urls import include, path

from improvement.dashboard import views as dashboard

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("", include("core.urls")),
    path("inspections/", include("inspections.urls")),
    path("performance/", include("performance.urls")),
    path("", include("improvement.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
