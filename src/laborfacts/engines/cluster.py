"""A Dask client: of a running scheduler, or of a new local cluster, its workers warmed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client


class _WarmPipeline:
    """A worker plugin: build the pipeline when the worker starts, not in its first task."""

    name = "laborfacts-pipeline"
    rules: str | None = None  # the folder of rule files the tasks will use

    def setup(self, worker: Any) -> None:
        from laborfacts.pipeline import get_nlp

        if self.rules is None:
            get_nlp()  # as the tasks call it: get_nlp(None) would be cached apart
        else:
            get_nlp(self.rules)


def warm_workers(client: Client, rules: str | None = None) -> None:
    """Build the pipeline (of ``rules``, a folder of rule files, when given) on every
    worker, and on every worker that joins later."""
    from distributed import WorkerPlugin

    # distributed is imported only here (an optional extra), so is its base class.
    plugin = type("WarmPipeline", (_WarmPipeline, WorkerPlugin), {})()
    plugin.rules = rules
    client.register_plugin(plugin, name=_WarmPipeline.name)


@contextmanager
def dask_client(
    scheduler: str | None = None,
    *,
    workers: int = 1,
    dashboard: bool = True,
    rules: str | None = None,
) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new ``LocalCluster``.

    The local cluster has ``workers`` worker processes of one thread each and
    listens on the loopback interface only; its dashboard (when bokeh is
    installed and ``dashboard``) is on 127.0.0.1 too, on a free port (never
    the fixed 8787, which another cluster may hold). ``rules`` is the folder
    of rule files the workers are warmed with (``engines.job_rules``).
    """
    import logging

    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            warm_workers(client, rules)
            yield client
        return
    try:
        import bokeh  # noqa: F401

        address: str | None = "127.0.0.1:0" if dashboard else None
    except ImportError:
        address = None
    with (
        LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=address,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        warm_workers(client, rules)
        yield client
