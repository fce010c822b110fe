from django.urls import path  # noqa: F401

app_name = "improvement"

# Plans, priorities, actions, "my actions", evidence (improvement/views/plans.py, actions.py).
plan_urlpatterns: list = []

# Recommendation tracker, coverage and linking (improvement/views/recommendations.py).
recommendation_urlpatterns: list = []

# Committee reports (improvement/views/reports.py). The dashboard is the site's home page (config/urls.py).
report_urlpatterns: list = []

urlpatterns = plan_urlpatterns + recommendation_urlpatterns + report_urlpatterns
