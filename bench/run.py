"""Speed and memory benchmark for laborfacts (``make bench``).

Builds a synthetic corpus from the sample articles in ``data/raw`` (every
number re-drawn, names varied, paragraphs reordered, so no cache can help),
then times, in one run and each in a fresh child process:

a. ``spacy.blank("en")`` tokenizing the corpus through ``nlp.pipe``;
b. laborfacts extraction, one process, JSONL written to a temporary file;
c. the same with two worker processes.

(a) and (b) take turns on each quarter of the corpus, so a machine that slows
down or speeds up during the run affects both alike; their ratio is taken
from these paired runs. (b) then runs on the whole corpus, for its peak
memory (RSS), which the quarter runs give for 5 MB, and as the baseline of
(c). Then the peak memory of ``laborfacts extract`` on one long article: the
corpus joined into one 20 MB article, and into one 8 MB article on a single
line (no line break at all). Last comes the start-up time of ``laborfacts
extract`` on one small article.
The figures go to ``bench/results.json`` and are printed as a table with
PASS/FAIL against the targets. Nothing is asserted: this is a benchmark.

    python bench/run.py            # 20 MB corpus
    python bench/run.py --mb 50    # another size
    python bench/run.py --quick    # 2 MB smoke run
    python bench/run.py --long-only  # only the long articles, merged into results.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
CORPUS = ROOT / "bench" / "corpus"
# A second corpus from other articles, denser and unseen by the rules: the
# annotated articles beside the checkout, when they are there.
DEV_TEXTS = ROOT.parent / "shared" / "dev" / "texts"
DEV_CORPUS = ROOT / "bench" / "corpus-dev"
DEV_MB = 4.0
RESULTS = ROOT / "bench" / "results.json"
PART_BYTES = 1 << 20  # one sub-folder per MB, so a smaller corpus is a prefix of folders
SEED = 20260429

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH = "|".join(MONTHS) + "|" + "|".join(m[:3] for m in MONTHS)
# One pass over every digit run: ISO dates, days next to a month and years stay valid.
_NUMBERS = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|(?P<month>\b(?:{_MONTH}) )(?P<day>\d{{1,2}})\b"
    rf"|\b(?P<dayfirst>\d{{1,2}})(?= (?:{_MONTH})\b)"
    rf"|(?P<year>\b(?:19|20)\d{{2}}\b)"
    rf"|\d+"
)
_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
_SYLLABLES = "ka lo ven mar tis dor bel ra qui zan el fos gru min hal port sen vi ost ler".split()


def _names(text: str) -> list[str]:
    """Capitalized words that only ever appear mid-sentence: proper names, roughly."""
    starts = set(re.findall(r"(?:^|[.!?:”\"]\s+|\n)([A-Z][a-z]+)", text))
    lower = {w.lower() for w in re.findall(r"\b[a-z]+\b", text)}
    return sorted(
        {w for w in _WORD.findall(text) if w not in starts and w.lower() not in lower} - set(MONTHS)
    )


def _pseudo_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def vary(text: str, names: list[str], rng: random.Random) -> str:
    """A new article from ``text``: numbers re-drawn, names replaced, body paragraphs shuffled."""
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:2], paragraphs[2:]
    rng.shuffle(body)
    body = body[: max(3, int(len(body) * rng.uniform(0.6, 1.0)))]
    out = "\n\n".join(head + body)

    def number(m: re.Match[str]) -> str:
        if m["iso"]:
            return f"{rng.randint(2000, 2029)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if m["day"]:
            return m["month"] + str(rng.randint(1, 28))
        if m["dayfirst"]:
            return str(rng.randint(1, 28))
        if m["year"]:
            return str(rng.randint(2000, 2029))
        digits = m[0]
        first = str(rng.randint(1, 9)) if len(digits) > 1 or digits != "0" else "0"
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    out = _NUMBERS.sub(number, out)
    if names:
        swap = {n: _pseudo_name(rng) for n in names}
        out = re.sub(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", lambda m: swap[m[0]], out)
    return out


def build_corpus(
    megabytes: float, root: Path = CORPUS, seed: int = SEED, source: Path = RAW
) -> list[Path]:
    """Write (or reuse) a corpus of ``megabytes`` MB made from the articles in
    ``source``; returns its part folders, 1 MB each."""
    samples = [p.read_text(encoding="utf-8") for p in sorted(source.glob("*.txt"))]
    if not samples:
        raise SystemExit(f"no sample articles in {source}")
    target = int(megabytes * (1 << 20))
    manifest = root / "manifest.json"
    wanted = {
        "bytes": target,
        "seed": seed,
        "version": 2,
        "source": source.name,
        "samples": [len(s) for s in samples],
    }
    if manifest.exists() and json.loads(manifest.read_text()) == wanted:
        return sorted(p for p in root.iterdir() if p.is_dir())
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    names = [_names(s) for s in samples]
    rng = random.Random(seed)
    written = part_written = n = 0
    part = root / "part-000"
    part.mkdir()
    while written < target:
        if part_written >= PART_BYTES:
            part = root / f"part-{written // PART_BYTES:03d}"
            part.mkdir(exist_ok=True)
            part_written = 0
        i = rng.randrange(len(samples))
        data = vary(samples[i], names[i], rng).encode("utf-8")
        (part / f"article-{n:06d}.txt").write_bytes(data)
        written += len(data)
        part_written += len(data)
        n += 1
    manifest.write_text(json.dumps(wanted))
    return sorted(p for p in root.iterdir() if p.is_dir())


def corpus_files(folders: list[Path]) -> Iterator[Path]:
    for folder in folders:
        yield from sorted(folder.glob("*.txt"))


# --- child processes: each measurement runs in a fresh interpreter -------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Descendants:
    """Samples the processes below this one (pool workers sit under a fork server).

    Keeps each one's peak RSS (VmHWM) and last CPU time, read from /proc.
    """

    def __init__(self, period: float = 0.25, *, active: bool = True) -> None:
        self.period = period
        self.active = active
        self.peak_mb: dict[int, float] = {}
        self.cpu_s: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Descendants:
        if self.active and Path("/proc/self/status").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            self.sample()

    def sample(self) -> None:
        if not self.active:
            return
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                fields = stat.rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
        mine = {os.getpid()}
        grew = True
        while grew:
            below = {pid for pid, parent in parents.items() if parent in mine} - mine
            grew = bool(below)
            mine |= below
        ticks = os.sysconf("SC_CLK_TCK")
        for pid in mine - {os.getpid()}:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            hwm = re.search(r"VmHWM:\s+(\d+) kB", status)
            if hwm:
                self.peak_mb[pid] = max(self.peak_mb.get(pid, 0.0), int(hwm[1]) / 1024)
            self.cpu_s[pid] = (int(fields[11]) + int(fields[12])) / ticks


def child_tokenize(folders: list[Path]) -> dict[str, Any]:
    import spacy

    nlp = spacy.blank("en")
    words = 0

    def texts() -> Iterator[str]:
        nonlocal words
        for path in corpus_files(folders):
            text = path.read_text(encoding="utf-8")
            words += len(text.split())
            yield text

    start, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts(), batch_size=64))
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu_s": time.process_time() - cpu,
        "words": words,
        "tokens": tokens,
        "rss_mb": _peak_rss_mb(),
        "loadavg_1min": os.getloadavg()[0],
    }


def child_extract(folders: list[Path], jobs: int) -> dict[str, Any]:
    from laborfacts.api import Problem, extract_paths
    from laborfacts.export import JsonlWriter
    from laborfacts.parallel import extract_paths_parallel
    from laborfacts.pipeline import get_nlp

    get_nlp()  # built once per process, as the CLI does; start-up is measured on its own
    problems: list[Problem] = []
    words = documents = facts = 0
    load = os.getloadavg()[0]
    # The sampler is a thread reading /proc: with one process there is nothing
    # for it to find, and it would take its share of the interpreter's time.
    with tempfile.TemporaryDirectory() as tmp, Descendants(active=jobs != 1) as workers:
        out = Path(tmp, "facts.jsonl")
        start, cpu = time.perf_counter(), time.process_time()
        with out.open("w", encoding="utf-8") as fh:
            writer = JsonlWriter(fh)
            if jobs == 1:
                docs = extract_paths(folders, problems=problems)
            else:
                docs = extract_paths_parallel(folders, jobs=jobs, problems=problems)
            for document in docs:
                writer.write(document)
                words += document.words
                documents += 1
                facts += len(document.facts)
            writer.close()
            workers.sample()
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        output_bytes = out.stat().st_size
        rss_mb = _peak_rss_mb()
        with out.open("rb") as fh:
            output_sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        # Workers, their fork server and the resource tracker: every process below this one.
        "subprocesses_cpu_s": sorted(workers.cpu_s.values()),
        "subprocesses_peak_rss_mb": max(workers.peak_mb.values(), default=None),
        "loadavg_1min": load,
        "words": words,
        "documents": documents,
        "facts": facts,
        "problems": len(problems),
        "output_bytes": output_bytes,
        "output_sha256": output_sha256,
        "rss_mb": rss_mb,
    }


def run_child(kind: str, folders: list[Path], jobs: int = 1) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its figures."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as result:
        cmd = [
            sys.executable,
            __file__,
            "--child",
            kind,
            "--jobs",
            str(jobs),
            "--result",
            result.name,
            *map(str, folders),
        ]
        subprocess.run(cmd, check=True, cwd=ROOT)
        figures: dict[str, Any] = json.loads(Path(result.name).read_text())
    return figures


LONG_ARTICLES = (("long_article", 20.0, False), ("long_line", 8.0, True))


def long_article(folders: list[Path], megabytes: float, single_line: bool, out: Path) -> Path:
    """The corpus joined into one article of ``megabytes`` (on one line if asked)."""
    want = int(megabytes * 2**20)
    size = 0
    with out.open("w", encoding="utf-8") as fh:
        while size < want:
            for f in corpus_files(folders):
                text = f.read_text(encoding="utf-8")
                text = " ".join(text.split()) + " " if single_line else text + "\n\n"
                fh.write(text[: want - size])
                size += min(len(text), want - size)
                if size >= want:
                    break
    return out


def measure_long(folders: list[Path], megabytes: float, single_line: bool) -> dict[str, Any]:
    """``laborfacts extract`` on one long article in a child process: its own peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        article = long_article(folders, megabytes, single_line, Path(tmp, "long.txt"))
        out = Path(tmp, "facts.jsonl")
        cmd = [sys.executable, "-m", "laborfacts", "extract", str(article), "-q", "-o", str(out)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"extract failed on the long article: {status}")
        with out.open("rb") as fh:
            facts = sum(1 for _ in fh)
        return {
            "mb": megabytes,
            "single_line": single_line,
            "seconds": seconds,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "facts": facts,
            "rss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
            "loadavg_1min": os.getloadavg()[0],
        }


def measure_long_articles(folders: list[Path]) -> dict[str, Any]:
    figures = {}
    for key, megabytes, single_line in LONG_ARTICLES:
        how = "on one line" if single_line else "in paragraphs"
        _say(f"one {megabytes:g} MB article {how} …")
        figures[key] = measure_long(folders, megabytes, single_line)
    return figures


def startup_seconds(article: Path, runs: int = 3) -> float:
    """Best wall time of ``python -m laborfacts extract <article> --format jsonl``."""
    best = float("inf")
    cmd = [sys.executable, "-m", "laborfacts", "extract", str(article), "--format", "jsonl"]
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        best = min(best, time.perf_counter() - start)
    return best


# --- the report ----------------------------------------------------------------------


def _quarters(folders: list[Path]) -> list[list[Path]]:
    """The corpus in (up to) four runs of consecutive folders."""
    n = min(4, len(folders))
    return [folders[len(folders) * i // n : len(folders) * (i + 1) // n] for i in range(n)]


def _summed(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures of consecutive runs over parts of the corpus, as one run."""
    total: dict[str, Any] = {k: sum(r[k] for r in runs) for k in ("seconds", "cpu_s", "words")}
    total["rss_mb"] = max(r["rss_mb"] for r in runs)
    total["loadavg_1min"] = max(r["loadavg_1min"] for r in runs)
    total["runs"] = runs
    return total


def measure(megabytes: float, jobs: int) -> dict[str, Any]:
    say = _say
    say(f"corpus: {megabytes:g} MB under {CORPUS.relative_to(ROOT)} …")
    folders = build_corpus(megabytes)
    toks, serials = [], []
    for i, part in enumerate(_quarters(folders), 1):
        say(f"(a) tokenizer only, then (b) extraction, on part {i} ({len(part)} MB) …")
        toks.append(run_child("tokenize", part))
        serials.append(run_child("extract", part, jobs=1))
    tok, paired = _summed(toks), _summed(serials)
    dev = measure_dev_corpus()
    say(f"(b) extraction, jobs=1, whole corpus ({len(folders)} MB) …")
    serial = run_child("extract", folders, jobs=1)
    say(f"(c) extraction, jobs={jobs} …")
    par = run_child("extract", folders, jobs=jobs)
    long_runs = measure_long_articles(folders)
    say("start-up of laborfacts extract …")
    article = sorted(RAW.glob("*.txt"))[0]
    startup = startup_seconds(article)

    def wps(r: dict[str, Any]) -> float:
        return r["words"] / r["seconds"]

    def mb(parts: list[Path]) -> float:
        return round(sum(f.stat().st_size for p in parts for f in p.iterdir()) / 2**20, 2)

    figures = {
        "cpu_count": os.cpu_count(),
        "corpus_mb": mb(folders),
        "small_corpus_mb": max(mb(part) for part in _quarters(folders)),
        "documents": serial["documents"],
        "words": serial["words"],
        "facts": serial["facts"],
        "tokenizer": tok,
        "extract_jobs1_paired": paired,
        "extract_jobs1": serial,
        f"extract_jobs{jobs}": par,
        "words_per_s": {
            "tokenizer": wps(tok),
            "jobs1_paired": wps(paired),
            "jobs1": wps(serial),
            f"jobs{jobs}": wps(par),
        },
        "ratio_b_a": wps(paired) / wps(tok),
        **dev,
        "ratio_b_a_unpaired": wps(serial) / wps(tok),
        "ratio_c_b": wps(par) / wps(serial),
        "peak_rss_mb_small": paired["rss_mb"],
        "peak_rss_mb_full": serial["rss_mb"],
        **long_runs,
        "startup_s": startup,
        "same_output": par["output_sha256"] == serial["output_sha256"],
        "jobs": jobs,
    }
    return figures


def measure_dev_corpus() -> dict[str, Any]:
    """(a) and (b) paired, by halves, on a corpus made from the dev articles."""
    if not DEV_TEXTS.is_dir():
        _say(f"no {DEV_TEXTS}: the second corpus is left out")
        return {}
    _say(f"second corpus: {DEV_MB:g} MB from {DEV_TEXTS} …")
    folders = build_corpus(DEV_MB, root=DEV_CORPUS, source=DEV_TEXTS)
    toks, serials = [], []
    half = len(folders) // 2
    for i, part in enumerate((folders[:half], folders[half:]), 1):
        _say(f"(a) then (b) on part {i} of the second corpus …")
        toks.append(run_child("tokenize", part))
        serials.append(run_child("extract", part, jobs=1))
    tok, paired = _summed(toks), _summed(serials)
    return {
        "dev_corpus_mb": DEV_MB,
        "dev_tokenizer": tok,
        "dev_extract_jobs1_paired": paired,
        "dev_ratio_b_a": (paired["words"] / paired["seconds"]) / (tok["words"] / tok["seconds"]),
    }


def targets(fig: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(what, figure, target, passed) for each target."""
    jobs = fig["jobs"]
    small, full = fig["peak_rss_mb_small"], fig["peak_rss_mb_full"]
    growth = full - small
    dev = fig.get("dev_ratio_b_a")
    return [
        ("(b)/(a) words/s, paired", f"{fig['ratio_b_a']:.2f}", "≥ 0.55", fig["ratio_b_a"] >= 0.55),
        *(
            [("(b)/(a) on the dev-article corpus", f"{dev:.2f}", "≥ 0.5", dev >= 0.5)]
            if dev is not None
            else []
        ),
        (
            f"(c)/(b) words/s, jobs={jobs}",
            f"{fig['ratio_c_b']:.2f}",
            "≥ 1.6 on 2 cores",
            fig["ratio_c_b"] >= 1.6,
        ),
        ("peak RSS of (b), full corpus", f"{full:.0f} MB", "< 400 MB", full < 400),
        (
            f"RSS growth {fig['small_corpus_mb']:g} → {fig['corpus_mb']:g} MB",
            f"{growth:+.0f} MB",
            "≤ +25 MB",
            growth <= 25,
        ),
        *[
            (
                f"peak RSS, one {fig[key]['mb']:g} MB article"
                + (" on one line" if fig[key]["single_line"] else ""),
                f"{fig[key]['rss_mb']:.0f} MB",
                "< 400 MB",
                fig[key]["rss_mb"] < 400,
            )
            for key, _, _ in LONG_ARTICLES
            if key in fig
        ],
        (
            "start-up, extract one article",
            f"{fig['startup_s']:.2f} s",
            "< 1.5 s",
            fig["startup_s"] < 1.5,
        ),
        ("(c) JSONL identical to (b)", str(fig["same_output"]), "True", bool(fig["same_output"])),
    ]


def report(fig: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    jobs = fig["jobs"]
    speed = Table(
        caption="(a) spacy.blank('en') through nlp.pipe; (b), (c) extraction writing JSONL",
        title=f"laborfacts bench: {fig['corpus_mb']} MB, {fig['documents']} articles, "
        f"{fig['words']:,} words, {fig['cpu_count']} CPUs",
    )
    speed.add_column("run")
    speed.add_column("seconds", justify="right")
    speed.add_column("words/s", justify="right")
    speed.add_column("CPU s", justify="right")
    speed.add_column("CPU/wall", justify="right")
    speed.add_column("peak RSS", justify="right")
    rows = [
        ("(a) tokenizer, by quarters", fig["tokenizer"], "tokenizer"),
        ("(b) jobs=1, by quarters", fig["extract_jobs1_paired"], "jobs1_paired"),
        ("(b) jobs=1, whole corpus", fig["extract_jobs1"], "jobs1"),
        (f"(c) jobs={jobs}", fig[f"extract_jobs{jobs}"], f"jobs{jobs}"),
    ]
    for name, r, key in rows:
        rss = f"{r['rss_mb']:.0f} MB"
        cpu = f"{r['cpu_s']:.1f}"
        if r.get("subprocesses_peak_rss_mb"):
            rss += f" + workers ≤ {r['subprocesses_peak_rss_mb']:.0f} MB each"
            cpu += f" + {sum(r['subprocesses_cpu_s']):.1f}"
        speed.add_row(
            name,
            f"{r['seconds']:.1f}",
            f"{fig['words_per_s'][key]:,.0f}",
            cpu,
            f"{_cpu_share(r):.2f}",
            rss,
        )
    console.print(speed)
    checks = Table(title="targets")
    checks.add_column("what")
    checks.add_column("figure", justify="right")
    checks.add_column("target")
    checks.add_column("")
    for what, value, target, passed in targets(fig):
        checks.add_row(what, value, target, "[green]PASS[/]" if passed else "[red]FAIL[/]")
    console.print(checks)
    if min(_cpu_share(r) for _, r, _ in rows[:3]) < 0.9 or _cpu_share(rows[3][1]) < jobs * 0.9:
        console.print(
            "[yellow]CPU/wall below the number of processes: other programs took CPU "
            "time, so the ratios are unreliable.[/]"
        )
    console.print(f"figures written to {RESULTS.relative_to(ROOT)}")


def _cpu_share(r: dict[str, Any]) -> float:
    """CPU seconds used per wall second: 1 per process that never waited for a core."""
    return (r["cpu_s"] + sum(r.get("subprocesses_cpu_s") or [])) / r["seconds"]


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--quick", action="store_true", help="a 2 MB smoke run")
    parser.add_argument("--jobs", type=int, default=2, help="workers for run (c) (default 2)")
    parser.add_argument(
        "--long-only",
        action="store_true",
        help="measure only the long articles and merge their figures into results.json",
    )
    parser.add_argument("--child", choices=["tokenize", "extract"], help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("folders", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if args.child == "tokenize":
            figures = child_tokenize(args.folders)
        else:
            figures = child_extract(args.folders, args.jobs)
        Path(args.result).write_text(json.dumps(figures))
        return 0
    if args.long_only:
        fig = json.loads(RESULTS.read_text())
        fig.update(measure_long_articles(build_corpus(args.mb)))
    else:
        fig = measure(2.0 if args.quick else args.mb, args.jobs)
    fig["targets"] = {what: passed for what, _, _, passed in targets(fig)}
    RESULTS.write_text(json.dumps(fig, indent=2) + "\n")
    report(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main())
