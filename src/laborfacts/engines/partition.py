"""One partition: a batch of ``(doc_id, path, bytes)`` to documents, rows and Parquet files.

Nothing here needs Dask: Spark's ``mapInPandas`` or Ray Data's
``map_batches`` can call ``extract_partition`` and ``partition_to_frame``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laborfacts.api import Problem, extract_decoded
from laborfacts.engines.errors import EngineError
from laborfacts.engines.inputs import Input, Item, read_inputs
from laborfacts.engines.parquet import (
    DOCUMENT_COLUMNS,
    DOCUMENTS_DIR,
    FACTS_DIR,
    arrow_table,
    part_name,
    write_parquet,
)
from laborfacts.models import Document
from laborfacts.pipeline import get_nlp
from laborfacts.reading import (
    PIECE_CHARS,
    Decoded,
    Source,
    UnreadableInput,
    decode,
    decode_as,
    iter_pieces,
    printable,
)
from laborfacts.tabular import ROW_COLUMNS, fact_row

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class PartitionRecords:
    """What one partition gives: its documents, in order, and the problems met."""

    documents: list[Document]
    problems: list[Problem]


def extract_partition(
    batch: Iterable[Item],
    *,
    types: Iterable[str] | None = None,
    problems: list[Problem] | None = None,
    piece_chars: int = PIECE_CHARS,
    published: str | None = None,
    encoding: str | None = None,
    rules: str | None = None,
) -> PartitionRecords:
    """Extract a batch of ``(doc_id, path, bytes)``: the documents, and the problems met.

    Bytes are decoded by ``reading.decode`` (``reading.decode_as`` with
    ``encoding``); an input that cannot be decoded or on which extraction
    fails is a problem (``skipped=True``), never an exception. ``published``
    stands for every input's publication date, as in ``extract_paths``. Uses
    the process-wide pipeline (``get_nlp``), or with ``rules`` (a folder of
    rule files) the process-wide pipeline of those rules (``get_nlp(rules)``).
    """
    sink: list[Problem] = problems if problems is not None else []

    def decoded() -> Iterator[tuple[Source, Decoded]]:
        for doc_id, path, data in batch:
            source = Source(path, doc_id)
            try:
                text, label, warnings = (
                    decode(data) if encoding is None else decode_as(data, encoding)
                )
            except UnreadableInput as exc:
                sink.append(Problem(source.name, str(exc)))
                continue
            yield source, Decoded(label, warnings, partial(iter_pieces, text, piece_chars))

    documents = [
        item
        for item in extract_decoded(
            decoded(),
            types=types,
            problems=sink,
            piece_chars=piece_chars,
            published=published,
            nlp=None if rules is None else get_nlp(rules),
        )
        if isinstance(item, Document)  # without parts=True, every item is
    ]
    return PartitionRecords(documents, sink)


def fact_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for fact in document.facts:
            yield fact_row(fact, document.path)


def facts_frame(documents: Iterable[Document]) -> pd.DataFrame:
    """Typed fact rows of ``documents`` as a DataFrame (dtypes of ``ROW_COLUMNS``)."""
    return arrow_table(list(fact_rows(documents)), ROW_COLUMNS).to_pandas()


def partition_to_frame(
    batch: Iterable[Item], *, types: Iterable[str] | None = None
) -> pd.DataFrame:
    """A batch of ``(doc_id, path, bytes)`` to a DataFrame of typed fact rows."""
    return facts_frame(extract_partition(batch, types=types).documents)


@dataclass(frozen=True)
class Job:
    """What every partition of one run shares."""

    types: list[str] | None = None
    out_dir: str | None = None  # Parquet files here; else documents are returned
    piece_chars: int = PIECE_CHARS
    published: str | None = None  # every input's publication date (--published)
    encoding: str | None = None  # every input's codec (--encoding), else detected
    rules: str | None = None  # a folder of rule files (--rules), else the package's


@dataclass
class PartitionOutcome:
    """What a partition task sends back: documents (unless written), problems, counts."""

    index: int
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    n_documents: int = 0
    n_facts: int = 0
    n_words: int = 0


def run_partition(index: int, inputs: Sequence[Input], job: Job) -> PartitionOutcome:
    """Read, extract and (with ``job.out_dir``) write one partition."""
    problems: list[Problem] = []
    records = extract_partition(
        read_inputs(inputs, problems),
        types=job.types,
        problems=problems,
        piece_chars=job.piece_chars,
        published=job.published,
        encoding=job.encoding,
        rules=job.rules,
    )
    docs = records.documents
    outcome = PartitionOutcome(
        index,
        problems=problems,
        n_documents=len(docs),
        n_facts=sum(len(d.facts) for d in docs),
        n_words=sum(d.words for d in docs),
    )
    if job.out_dir is None:
        outcome.documents = docs
        return outcome
    _write_partition(Path(job.out_dir), index, docs, inputs)
    return outcome


def _write_partition(
    out: Path, index: int, documents: Sequence[Document], inputs: Sequence[Input]
) -> None:
    seq = {printable(inp.path): inp.seq for inp in inputs}
    meta = [
        {
            **{k: getattr(d, k) for k in DOCUMENT_COLUMNS if k != "seq"},
            "seq": seq.get(d.path or "", -1),
        }
        for d in documents
    ]
    try:
        write_parquet(list(fact_rows(documents)), ROW_COLUMNS, out / FACTS_DIR / part_name(index))
        write_parquet(meta, DOCUMENT_COLUMNS, out / DOCUMENTS_DIR / part_name(index))
    except OSError as exc:
        raise EngineError(f"cannot write {exc.filename or out}: {exc.strerror or exc}") from exc


def _died(index: int, inputs: Sequence[Input]) -> PartitionOutcome:
    return PartitionOutcome(
        index,
        problems=[
            Problem(printable(inp.path), "extraction failed: its worker process died")
            for inp in inputs
        ],
    )
