"""Writing records: JSONL (the SPEC form), JSON (a document per object), CSV
and Parquet (typed rows of ``laborfacts.tabular``: one type per column).

Files are written atomically: to a temporary file in the same folder, then
renamed into place, so a reader never sees half a file and an interrupted run
leaves the previous file intact and no temporary file behind.

Writers take documents one at a time (``write``) and keep nothing but what the
output still needs, so memory does not grow with the corpus. The facts of a
long document may come first in parts (``part``, see ``api.extract_stream``):
JSONL and CSV write them at once; JSON keeps them serialized in a temporary
file until the document's metadata is known, so memory does not grow with
the size of a document either.

Modules, one per format: ``jsonl``, ``json``, ``csv`` (the one CSV writer of
every command), ``parquet``, ``outdir`` (``--out-dir``), and ``atomic`` (the
atomic file writers they all write through).
"""

from laborfacts.export.atomic import (
    STALE_SECONDS,
    OutputError,
    atomic_binary_writer,
    atomic_writer,
    discard_partial_files,
    remove_stale_partials,
    resolve_target,
    same_file,
)
from laborfacts.export.csv import (
    CSV_COLUMNS,
    CSV_FIELDS,
    CsvRows,
    CsvWriter,
    csv_row,
    csv_safe,
    csv_text,
    csv_unsafe,
    fact_from_csv_row,
    read_csv,
    write_csv,
    write_rows,
)
from laborfacts.export.json import JsonWriter, document_json, write_document_json
from laborfacts.export.jsonl import JsonlWriter, fact_line, write_jsonl
from laborfacts.export.outdir import OutDirWriter
from laborfacts.export.parquet import ParquetMissing, ParquetWriter, arrow_schema

__all__ = [
    "CSV_COLUMNS",
    "CSV_FIELDS",
    "STALE_SECONDS",
    "CsvRows",
    "CsvWriter",
    "JsonWriter",
    "JsonlWriter",
    "OutDirWriter",
    "OutputError",
    "ParquetMissing",
    "ParquetWriter",
    "arrow_schema",
    "atomic_binary_writer",
    "atomic_writer",
    "csv_row",
    "csv_safe",
    "csv_text",
    "csv_unsafe",
    "discard_partial_files",
    "document_json",
    "fact_from_csv_row",
    "fact_line",
    "read_csv",
    "remove_stale_partials",
    "resolve_target",
    "same_file",
    "write_csv",
    "write_document_json",
    "write_jsonl",
    "write_rows",
]
