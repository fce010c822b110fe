from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo council and the benchmark council: data for trying the product, never part of it."""

    name = "demo"
    verbose_name = "Demo data"
