"""The appendix as Markdown, CSV (the object table) or printable HTML."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from remit.appendix.build import Appendix

CSV_HEADER = ("Object", "What", "Owner", "Executor", "Support hours", "Priority", "SLA", "Comments")
WINDOWS_CSV_HEADER = (
    "Window",
    "When",
    "Duration",
    "Time zone",
    "Objects",
    "Confirmed by",
    "During the window",
    "First occurrences",
)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("remit.appendix", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = _md_cell
    return env


def _md_cell(value: object) -> str:
    text = str(value) if value not in (None, "") else "-"
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(appendix: Appendix) -> str:
    return _environment().get_template("appendix.md.j2").render(a=appendix)


def render_html(appendix: Appendix) -> str:
    return _environment().get_template("appendix.html.j2").render(a=appendix)


def render_csv(appendix: Appendix) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in appendix.objects:
        data = asdict(row)
        data["sla"] = "; ".join(row.sla)
        writer.writerow(data.values())
    return out.getvalue()


def render_windows_csv(appendix: Appendix) -> str:
    """The maintenance-window table: one row per window, occurrences joined with '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(WINDOWS_CSV_HEADER)
    for row in appendix.windows:
        data = asdict(row)
        data["occurrences"] = "; ".join(row.occurrences)
        writer.writerow(data.values())
    return out.getvalue()
