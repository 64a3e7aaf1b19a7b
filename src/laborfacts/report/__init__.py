"""A self-contained HTML page for reviewing extracted facts in a browser.

``build_report`` turns documents (and, where known, their texts) into one HTML
file: each article with every fact highlighted at its exact offsets, a panel
that shows the record of the highlight clicked or focused, sortable and
filterable tables of facts per article and for the whole run, and, with two or
more articles, the claim diff with links back to the highlights.

The page needs nothing but itself: CSS and JavaScript are inlined from
``report_assets/`` and a Content-Security-Policy forbids every fetch, so it
works opened from disk and never reaches the network. Everything taken from an
article or a record is escaped; the one script that may run is named by its
hash in that policy, so markup smuggled into an article stays text.

``load_report_inputs`` reads what the command line names: articles (extracted
with ``extract_paths``) and extraction output (``.json`` documents, ``.jsonl``
facts), with the text of each document read back from its ``path``.

Modules: ``page`` (``build_report``), ``highlight`` (the marks in an
article), ``tables`` (the facts tables), ``diff_section``, ``values`` (values
as a reader says them), ``assets`` (CSS, script, template, colours from
``report_assets/``), ``inputs`` (``load_report_inputs``, ``report_paths``).
"""

from laborfacts.report.assets import type_colors
from laborfacts.report.diff_section import diff_section
from laborfacts.report.highlight import fact_anchor, highlight, text_problem
from laborfacts.report.inputs import (
    EXTRACTION_SUFFIXES,
    Report,
    ReportError,
    ReportInputs,
    load_report_inputs,
    report_paths,
)
from laborfacts.report.page import build_report
from laborfacts.report.tables import TABLE_COLUMNS, facts_table
from laborfacts.report.values import shown_value

__all__ = [
    "EXTRACTION_SUFFIXES",
    "TABLE_COLUMNS",
    "Report",
    "ReportError",
    "ReportInputs",
    "build_report",
    "diff_section",
    "fact_anchor",
    "facts_table",
    "highlight",
    "load_report_inputs",
    "report_paths",
    "shown_value",
    "text_problem",
    "type_colors",
]
