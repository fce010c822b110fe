from improvement import views  # noqa: F401

app_name = "improvement"

urlpatterns = []
