"""The page's CSS, JavaScript, template and type colours, from ``report_assets/``."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from importlib import resources
from typing import Any

from laborfacts.models import FactType


def _asset(name: str) -> str:
    return resources.files("laborfacts").joinpath("report_assets", name).read_text("utf-8")


def type_colors() -> dict[str, dict[str, str]]:
    """Type -> ``{"bg": ..., "line": ...}``, with ``"default"`` for a type without its own."""
    data: dict[str, dict[str, str]] = json.loads(_asset("colors.json"))
    return data


def _legend(types: Iterable[str]) -> str:
    items = "".join(
        f'<li><mark class="lf-hl lf-t-{html.escape(t)} lf-sample">{html.escape(t)}</mark></li>'
        for t in types
    )
    return f'<section class="lf-legend" aria-label="Fact types"><ul>{items}</ul></section>'


def _type_css(colors: dict[str, dict[str, str]]) -> str:
    rules = []
    # The default first: a type's own rule, of equal specificity, must come later.
    for name, c in sorted(colors.items(), key=lambda kv: kv[0] != "default"):
        selector = ".lf-hl" if name == "default" else f".lf-t-{name}"
        rules.append(f"{selector}{{--lf-bg:{c['bg']};--lf-line:{c['line']}}}")
    return "\n".join(rules)


def _json_for_script(data: Any) -> str:
    # Inside <script>, "</script>" or "<!--" in a string would end or bend the
    # element: every <, > and & is written as a JSON escape instead.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _type_order(name: str) -> int:
    order = [t.value for t in FactType]
    return order.index(name) if name in order else len(order)
