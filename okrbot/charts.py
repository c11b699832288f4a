"""The digest's chart as a PNG of one size whatever the team (matplotlib's Agg canvas, imported
only when a chart is drawn): a bar per row on a 0–100% track, its value written on it, the
expected pace as a dashed line, and the legend below the plot. The palette is Okabe and Ito's
(blue and vermilion, told apart by colour-blind readers too) and a bar behind pace is also
hatched, so that colour is never the only sign."""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from bot.ports import ProgressChart

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

SIZE = (8.0, 5.6)  # inches
DPI = 100  # so 800 × 560 pixels
ROWS = 6  # bar slots at least: a few bars are not drawn fat, a dozen are thinner
ON_TRACK = "#0072B2"  # blue
BEHIND = "#D55E00"  # vermilion
TRACK = "#E8E8E8"
BEHIND_HATCH = "///"

# Fonts with Chinese glyphs, the most common first; the first installed one draws what
# DejaVu Sans cannot.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "AR PL UMing CN",
)
CJK_PACKAGE = "fonts-noto-cjk"  # Debian and Ubuntu; the Docker image has fonts-wqy-microhei
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


class MatplotlibCharts:
    def __init__(self, cjk_fonts: Sequence[str] = CJK_FONTS) -> None:
        self._cjk_fonts = cjk_fonts
        self._families: list[str] | None = None
        self._warned = False
        # One chart at a time: matplotlib's font cache is shared, and one figure's memory is
        # all a fan-out of digests ever holds.
        self._drawing = threading.Lock()

    def progress_png(self, chart: ProgressChart) -> bytes:
        buffer = io.BytesIO()
        with self._drawing, self._fonts(chart):
            _figure(chart).savefig(buffer, format="png")
        return buffer.getvalue()

    def drawn(self, chart: ProgressChart) -> Figure:
        """The chart drawn as `progress_png` draws it, to look at its parts."""
        with self._drawing, self._fonts(chart):
            figure = _figure(chart)
            figure.canvas.draw()
        return figure

    def _fonts(self, chart: ProgressChart) -> AbstractContextManager[object]:
        from matplotlib import rc_context

        return rc_context({"font.family": self._font_families(chart)})

    def _font_families(self, chart: ProgressChart) -> list[str]:
        """DejaVu Sans, then the first CJK font installed. Without one, Chinese is drawn as
        boxes: said once, loudly, with the package that fixes it."""
        if self._families is None:
            from matplotlib import font_manager

            installed = {font.name for font in font_manager.fontManager.ttflist}
            cjk = next((name for name in self._cjk_fonts if name in installed), None)
            self._families = ["DejaVu Sans", *([cjk] if cjk else [])]
        if len(self._families) == 1 and not self._warned and _has_cjk(chart):
            self._warned = True
            log.warning(
                "No font with Chinese glyphs is installed (looked for %s): Chinese text in "
                "the digest charts is drawn as empty boxes. Install one, e.g. `apt-get "
                "install %s`, and restart okrbot.",
                ", ".join(self._cjk_fonts),
                CJK_PACKAGE,
            )
        return self._families


def _figure(chart: ProgressChart) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    _draw(figure.subplots(), chart)
    figure.suptitle(_text(chart.title))
    figure.legend(handles=_legend(chart), loc="outside lower center", ncols=3, frameon=False)
    return figure


def _draw(axes: Axes, chart: ProgressChart) -> None:
    rows = list(range(len(chart.labels)))
    colours = [BEHIND if behind else ON_TRACK for behind in chart.behind]
    axes.barh(rows, [100] * len(rows), color=TRACK, height=0.7)
    # A sliver for 0%, so that an empty bar is still seen to be there.
    bars = axes.barh(rows, [max(p * 100, 0.8) for p in chart.progress], color=colours, height=0.7)
    for bar, behind in zip(bars, chart.behind, strict=True):
        if behind:
            bar.set_hatch(BEHIND_HATCH)
            bar.set_edgecolor("white")
    for row, share in zip(rows, chart.progress, strict=True):
        value = share * 100
        inside = value > 88  # near 100% the value is written inside the bar's end
        axes.text(
            value - 1 if inside else max(value, 0.8) + 1,
            row,
            f"{round(value)}%",
            va="center",
            ha="right" if inside else "left",
            color="white" if inside else "black",
            fontsize=9,
            fontweight="bold",
            # Over the expected pace's line, the value stays readable.
            bbox=None if inside else {"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    axes.axvline(chart.expected * 100, color="black", linestyle="--", linewidth=1.2)
    axes.set_yticks(rows, [_text(label) for label in chart.labels])
    axes.set_ylim(max(ROWS, len(rows)) - 0.5, -0.5)  # the first row on top
    axes.set_xlim(0, 100)
    axes.set_xlabel(_text(chart.axis_label))
    if chart.note:
        axes.set_title(_text(chart.note), loc="left", fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)


def _legend(chart: ProgressChart) -> list[Artist]:
    """The two kinds of bar and the expected pace."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    return [
        Patch(facecolor=ON_TRACK, label=_text(chart.on_track_label)),
        Patch(
            facecolor=BEHIND,
            hatch=BEHIND_HATCH,
            edgecolor="white",
            label=_text(chart.behind_label),
        ),
        Line2D([], [], color="black", linestyle="--", label=_text(chart.expected_label)),
    ]


def _text(text: str) -> str:
    """As drawn: `$` would start matplotlib's mathtext."""
    return text.replace("$", r"\$")


def _has_cjk(chart: ProgressChart) -> bool:
    texts = (chart.title, chart.note, chart.expected_label, chart.axis_label, *chart.labels)
    return any(_CJK.search(text) for text in texts)
