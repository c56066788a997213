"""The appendix as Markdown, CSV (one table per file) or printable HTML."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from remit.appendix.build import Appendix
from remit.appendix.sections import HEADERS

CSV_HEADER = ("Object", "What", "Owner", "Executor", "Support hours", "Priority", "SLA", "Comments")
CSV_TABLES = ("objects", "windows", *HEADERS)  # the names `render_csv` takes
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


def render_csv(appendix: Appendix, table: str = "objects") -> str:
    """One table of the appendix (a name of `CSV_TABLES`): a header row, then its rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if table == "objects":
        writer.writerow(CSV_HEADER)
        for row in appendix.objects:
            data = asdict(row)
            data["sla"] = "; ".join(row.sla)
            writer.writerow(data.values())
    elif table == "windows":
        writer.writerow(WINDOWS_CSV_HEADER)
        for window in appendix.windows:
            data = asdict(window)
            data["occurrences"] = "; ".join(window.occurrences)
            writer.writerow(data.values())
    else:
        found = appendix.table(table)
        writer.writerows((found.header, *found.rows))
    return out.getvalue()
