"""The digest's chart as drawn (okrbot.charts): one size whatever the number of bars, every bar
with its value, an empty bar still seen, behind pace told by hatching as well as colour, the
legend under the plot, and Chinese drawn with a CJK font or, without one, said once."""

from __future__ import annotations

import logging
import struct
from dataclasses import replace

import pytest

from bot.ports import ProgressChart
from okrbot.charts import BEHIND, BEHIND_HATCH, ON_TRACK, MatplotlibCharts

CHART = ProgressChart(
    title="Platform progress vs expected pace",
    labels=("Ship the pipeline · Chen", "Cut p95 · Platform", "Docs · Li"),
    progress=(0.0, 0.45, 1.0),
    behind=(True, False, False),
    expected=0.4,
    expected_label="expected 40%",
    axis_label="progress %",
    on_track_label="on track",
    behind_label="behind pace",
)
CHINESE = replace(CHART, title="平台组 进度与应达进度")


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return width, height


def test_a_chart_of_one_bar_is_as_large_as_one_of_twelve() -> None:
    twelve = replace(
        CHART,
        labels=tuple(f"Objective {n}" for n in range(12)),
        progress=(0.5,) * 12,
        behind=(False,) * 12,
    )
    one = replace(CHART, labels=("Objective",), progress=(0.5,), behind=(False,))
    charts = MatplotlibCharts()
    assert [png_size(charts.progress_png(c)) for c in (one, twelve)] == [(800, 560), (800, 560)]


def test_every_bar_shows_its_value() -> None:
    axes = MatplotlibCharts().drawn(CHART).axes[0]
    assert [text.get_text() for text in axes.texts] == ["0%", "45%", "100%"]


def test_a_bar_at_0_percent_is_drawn_as_a_sliver() -> None:
    bars = MatplotlibCharts().drawn(CHART).axes[0].containers[1]
    assert [round(bar.get_width(), 1) for bar in bars] == [0.8, 45.0, 100.0]


def test_a_bar_behind_pace_is_hatched_as_well_as_coloured_apart() -> None:
    bars = MatplotlibCharts().drawn(CHART).axes[0].containers[1]
    assert [(bar.get_facecolor(), bar.get_hatch()) for bar in bars] == [
        (_rgba(BEHIND), BEHIND_HATCH),
        (_rgba(ON_TRACK), None),
        (_rgba(ON_TRACK), None),
    ]


def test_the_legend_is_under_the_plot_never_over_a_bar() -> None:
    figure = MatplotlibCharts().drawn(CHART)
    [legend] = figure.legends
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    plot = figure.axes[0].get_window_extent(renderer)
    assert legend.get_window_extent(renderer).y1 < plot.y0


def test_the_note_counts_what_has_no_bar() -> None:
    noted = replace(CHART, note="and 37 more behind pace, 450 more on track")
    axes = MatplotlibCharts().drawn(noted).axes[0]
    assert axes.get_title(loc="left") == "and 37 more behind pace, 450 more on track"


def test_chinese_is_drawn_with_the_first_cjk_font_installed() -> None:
    # DejaVu Serif is installed wherever matplotlib is: here it stands for a CJK font.
    charts = MatplotlibCharts(cjk_fonts=("No Such Font", "DejaVu Serif"))
    label = charts.drawn(CHINESE).axes[0].get_yticklabels()[0]
    assert label.get_fontfamily() == ["DejaVu Sans", "DejaVu Serif"]


def test_without_a_cjk_font_a_warning_names_the_package_to_install_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    charts = MatplotlibCharts(cjk_fonts=("No Such Font",))
    with caplog.at_level(logging.WARNING, logger="okrbot.charts"):
        charts.progress_png(CHINESE)
        charts.progress_png(CHINESE)
    assert [
        "apt-get install fonts-noto-cjk" in r.getMessage()
        for r in caplog.records
        if r.name == "okrbot.charts"
    ] == [True]


def test_a_chart_without_chinese_warns_of_no_missing_font(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="okrbot.charts"):
        MatplotlibCharts(cjk_fonts=("No Such Font",)).progress_png(CHART)
    assert [r for r in caplog.records if r.name == "okrbot.charts"] == []


def _rgba(colour: str) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(colour)
