"""The digest's chart: progress against the expected pace per KR, as a PNG (matplotlib, Agg
backend, imported only when a chart is drawn)."""

from __future__ import annotations

import io
import logging
import textwrap
import warnings

from bot.ports import ProgressChart

_CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)


class MatplotlibCharts:
    def progress_png(self, chart: ProgressChart) -> bytes:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
        from matplotlib.figure import Figure

        # `$` would start matplotlib's mathtext.
        labels = [
            textwrap.shorten(label, 48, placeholder="…").replace("$", r"\$")
            for label in chart.labels
        ]
        # Glyph by glyph, the first family that has it: Latin from DejaVu, Chinese from
        # whichever CJK font the machine has (the Docker image ships WenQuanYi Micro Hei).
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", *_CJK_FONTS]
        figure = Figure(figsize=(8, 1.2 + 0.45 * max(1, len(labels))), dpi=100)
        axes = figure.subplots()
        rows = list(range(len(labels)))[::-1]
        colours = ["#c62828" if behind else "#2e7d32" for behind in chart.behind]
        axes.barh(rows, [p * 100 for p in chart.progress], color=colours)
        axes.axvline(
            chart.expected * 100, color="#555555", linestyle="--", label=chart.expected_label
        )
        axes.set_yticks(rows, labels)
        axes.set_xlim(0, 100)
        axes.set_xlabel(chart.axis_label)
        axes.set_title(chart.title)
        axes.legend(loc="lower right")
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing")  # no CJK font here
            logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
            figure.tight_layout()
            figure.savefig(buffer, format="png")
        pyplot.close("all")
        return buffer.getvalue()
