"""Serves plotly.js from the installed plotly package, so charts need no CDN and the version matches plotly.py."""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = "vendor/plotly.min.js"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.package_data = Path(plotly.__file__).parent / "package_data"
        self.storage = FileSystemStorage(location=str(self.package_data))
        self.storage.prefix = "vendor"

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path == PLOTLY_JS:
            match = str(self.package_data / "plotly.min.js")
            return [match] if find_all else match
        return []

    def list(self, ignore_patterns):
        if not matches_patterns("plotly.min.js", ignore_patterns or []):
            yield "plotly.min.js", self.storage
