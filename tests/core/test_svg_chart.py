"""The server-drawn stacked bar chart (core.charts.stacked_bars_svg): no script, colours named in words, escaped."""

import datetime
import re

from core.charts import stacked_bars_svg
from core.rag import RAG

DAYS = [datetime.date(2015, 7, 31), datetime.date(2015, 8, 31), datetime.date(2015, 9, 1)]


def test_one_segment_per_non_zero_count_and_a_legend_in_words():
    counts = {RAG.RED: [1, 0, 2], RAG.AMBER: [0, 0, 1], RAG.GREEN: [3, 4, 0], RAG.BLUE: [0, 1, 1]}
    chart = stacked_bars_svg(DAYS, counts, description="Actions by colour")
    svg = str(chart["svg"])
    assert svg.startswith('<svg class="chart-svg"') and 'role="img"' in svg and "<script" not in svg
    segments = svg.count("<title>")
    assert segments == sum(1 for series in counts.values() for n in series if n)
    assert "<title>1 Sep 2015: 2 red</title>" in svg
    for word in ("Red", "Amber", "Green"):
        assert f">{word}</text>" in svg


def test_the_tallest_bar_fits_and_the_description_is_escaped():
    chart = stacked_bars_svg(DAYS, {RAG.RED: [10, 2500, 7]}, description='<b>"x"</b>')
    svg = str(chart["svg"])
    assert 'aria-label="&lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in svg
    assert ">2,500</text>" in svg or ">3,000</text>" in svg  # a gridline at or above the tallest bar
    tops = [float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)"', svg)]
    assert min(tops) >= 0  # inside the drawing


def test_no_data_draws_an_empty_axis():
    chart = stacked_bars_svg(DAYS, {RAG.RED: [0, 0, 0]}, description="Nothing yet")
    assert "<rect" in str(chart["svg"])  # the legend's key only
    assert "<title>" not in str(chart["svg"])
