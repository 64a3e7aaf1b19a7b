"""What the Dask engine raises, and the check for its optional dependencies."""

from __future__ import annotations

INSTALL_HINT = "pip install 'laborfacts[dask]'"


class EngineUnavailable(RuntimeError):
    """The optional dependencies of the Dask engine are not installed."""


class EngineError(RuntimeError):
    """A partition failed for a reason that is not its input (say, an output not writable)."""


def require_dask() -> None:
    """Raise EngineUnavailable (with the install command) unless the extra is installed."""
    missing = []
    for module in ("dask", "distributed", "pandas", "pyarrow", "fsspec"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise EngineUnavailable(f"the Dask engine needs {', '.join(missing)}: {INSTALL_HINT}")
