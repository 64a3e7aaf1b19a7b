"""The options of ``laborfacts extract``, declared once for its signature."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from laborfacts.cli.reading_options import codec_option, iso_date_option
from laborfacts.cli.writers import Format
from laborfacts.models import FactType

Paths = Annotated[
    list[str],
    typer.Argument(
        help="Article files, folders (searched recursively for *.txt, *.md, *.markdown, "
        "*.text; other files ignored), or - for stdin. A file named explicitly is always "
        "read, whatever its suffix."
    ),
]

FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format; table on a terminal, else jsonl. csv and parquet hold typed "
        "rows (numbers in value/low/high, a date's ISO string in date, the path).",
    ),
]

Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]

OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out-dir",
        help="Write one <id>.json per article and a facts.csv (facts.parquet with "
        "--format parquet) here.",
    ),
]

Types = Annotated[
    list[FactType] | None,
    typer.Option("--type", "-t", help="Keep only this type (repeatable)."),
]

Strict = Annotated[
    bool,
    typer.Option("--strict", help="Exit 1 on any warning too (e.g. a cp1252 fallback)."),
]

MaxBytes = Annotated[
    str,
    typer.Option(
        "--max-bytes",
        help="Files larger than this are streamed in pieces cut at paragraph breaks "
        "(e.g. 50MB, 64k); memory stays bounded by it.",
    ),
]

Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No warnings, summary or progress line on stderr."),
]

Db = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Store documents and facts in this SQLite database (and a metadata.json "
        "beside it, for Datasette); articles whose text is unchanged are skipped.",
    ),
]

Rebuild = Annotated[bool, typer.Option("--rebuild", help="With --db: empty the database first.")]

Published = Annotated[
    str | None,
    typer.Option(
        "--published",
        callback=iso_date_option,
        help="Publication date (YYYY-MM-DD) of every input, over the byline's.",
    ),
]

Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        callback=codec_option,
        help="Decode inputs with this encoding (e.g. latin-1) instead of detecting it.",
    ),
]

PartitionSize = Annotated[
    int | None,
    typer.Option(
        "--partition-size", min=1, help="Files per partition (--engine dask; default 64)."
    ),
]
