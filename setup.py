"""Build hook: an opt-in compiled build of the extraction pipeline.

laborfacts is plain Python by default (``pip install -e .`` is the dev
install). ``LABORFACTS_COMPILE=1 pip install .`` compiles the pipeline's
modules with mypyc into C extensions that run the same code somewhat faster;
without a C compiler or the Python headers that build falls back to plain
Python, with a warning.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup

# Every module the pipeline runs per document; the CLI, readers and writers
# spend their time elsewhere and stay plain Python.
PIPELINE_MODULES = [
    "anchors",
    "numbers",
    "mentions",
    "quantities",
    "classify",
    "context",
    "dates",
    "segment",
    "records",
    "extensions",
]


def _can_compile() -> str | None:
    """Why compiling is off, or None when it is on."""
    if os.environ.get("LABORFACTS_COMPILE", "0").strip().lower() in ("0", "no", "false", "off"):
        return "LABORFACTS_COMPILE is not 1"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h)"
    return None


def ext_modules() -> list[Extension]:
    why_not = _can_compile()
    if why_not is not None:
        print(f"laborfacts: installing plain Python: {why_not}", file=sys.stderr)
        return []
    from mypyc.build import mypycify

    # Type-checked on their own: the build environment has mypy but not the
    # runtime dependencies, which are then seen as Any (the code is the same).
    options = ["--config-file=", "--ignore-missing-imports", "--python-version=3.11"]
    paths = [f"src/laborfacts/{name}.py" for name in PIPELINE_MODULES]
    return list(mypycify(options + paths, opt_level="3", group_name="laborfacts_native"))


setup(ext_modules=ext_modules())
