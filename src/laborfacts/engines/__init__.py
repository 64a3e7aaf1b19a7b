"""Extraction and the claim diff as partitioned jobs (Dask; Spark or Ray by the same function).

The unit of work is a partition: a batch of ``(doc_id, path, bytes)``.
``extract_partition`` turns one into records (documents, and the problems
met), ``partition_to_frame`` into a pandas DataFrame of typed fact rows
(``laborfacts.tabular``). Bytes are decoded with ``reading.decode``, the same
decoder as a local run, so the records are the same. Nothing in these two
needs Dask: Spark's ``mapInPandas`` or Ray Data's ``map_batches`` can call
them (see the README).

``extract_dask`` maps partitions of files over a Dask cluster. Each worker
process builds the pipeline once (``pipeline.get_nlp``, warmed by a worker
plugin when the worker starts). With ``out_dir`` each partition writes its own
Parquet files, under names fixed by the partition's number and atomically, so
a partition run twice (its worker died and the scheduler retried it) replaces
its files and no record is doubled::

    DIR/facts/part-00000.parquet      typed fact rows (tabular.ROW_COLUMNS)
    DIR/documents/part-00000.parquet  one row per document (DOCUMENT_COLUMNS)
    DIR/warnings.parquet              inputs skipped or read with a caveat (WARNING_COLUMNS)

Without ``out_dir`` the documents come back to the caller, in input order.
An input that cannot be read, or on which extraction fails, becomes a
warning record; a partition whose worker keeps dying is run again one file
at a time, and a file that still kills its worker becomes a warning too.

``diff_dask`` settles the claims of such a Parquet folder with a shuffle on
the frame key: claims are read and normalized partition by partition, moved
so that each group of comparable claims is in one partition, and each group
is settled there by ``diff.assign_frames`` and ``diff.settle``, the functions
of the local diff. No process holds all claims.

Dask, pandas, pyarrow and fsspec are the optional extra ``laborfacts[dask]``;
this package imports them only when a function needs them.

Modules: ``partition`` (one batch to records and files, no Dask needed),
``inputs`` (what a run reads), ``parquet`` (the output folder and its
schemas), ``cluster`` (the client and its warmed workers), ``runner``
(``extract_dask``), ``diff`` (``diff_dask``), ``errors``.
"""

from laborfacts.engines.cluster import dask_client, warm_workers
from laborfacts.engines.diff import DaskDiffSummary, diff_dask, extraction_parts
from laborfacts.engines.errors import INSTALL_HINT, EngineError, EngineUnavailable, require_dask
from laborfacts.engines.inputs import Input, Item, discover_inputs, is_url, read_inputs
from laborfacts.engines.parquet import (
    CLAIM_COLUMNS,
    DOCUMENT_COLUMNS,
    DOCUMENTS_DIR,
    FACTS_DIR,
    WARNING_COLUMNS,
    WARNINGS_FILE,
    arrow_table,
    part_name,
    write_parquet,
)
from laborfacts.engines.partition import (
    Job,
    PartitionOutcome,
    PartitionRecords,
    extract_partition,
    fact_rows,
    facts_frame,
    partition_to_frame,
    run_partition,
)
from laborfacts.engines.runner import PARTITION_SIZE, Task, extract_dask, job_rules

__all__ = [
    "CLAIM_COLUMNS",
    "DOCUMENTS_DIR",
    "DOCUMENT_COLUMNS",
    "FACTS_DIR",
    "INSTALL_HINT",
    "PARTITION_SIZE",
    "WARNINGS_FILE",
    "WARNING_COLUMNS",
    "DaskDiffSummary",
    "EngineError",
    "EngineUnavailable",
    "Input",
    "Item",
    "Job",
    "PartitionOutcome",
    "PartitionRecords",
    "Task",
    "arrow_table",
    "dask_client",
    "diff_dask",
    "discover_inputs",
    "extract_dask",
    "extract_partition",
    "extraction_parts",
    "fact_rows",
    "facts_frame",
    "is_url",
    "job_rules",
    "part_name",
    "partition_to_frame",
    "read_inputs",
    "require_dask",
    "run_partition",
    "warm_workers",
    "write_parquet",
]
