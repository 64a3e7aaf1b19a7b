"""Build hook: the extraction pipeline's modules are compiled with mypyc.

The modules are plain, type-checked Python and stay importable as such; mypyc
turns them into C extensions that run the same code faster (see the
performance section of the README). Set ``LABORFACTS_COMPILE=0`` to install
plain Python; without a C compiler or the Python headers the build falls back
to it by itself, with a warning.
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
    if os.environ.get("LABORFACTS_COMPILE", "1").strip().lower() in ("0", "no", "false", "off"):
        return "LABORFACTS_COMPILE=0"
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
