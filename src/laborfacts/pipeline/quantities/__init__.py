"""Finding quantities: numbers with their hedge, currency, scale, unit, range,
rate and counted item, as mentions with character spans.

One module per reader (``numbers``, ``money``, ``measures``, ``hedges``,
``ranges``, ``rates``, ``changes``, ``items``, ``nonfacts``), each compiling
its patterns from the rule files into a part of the :class:`QuantityGrammar`;
``finder`` runs them around each number core and holds the component. Each
mention names the reader that read it (``Mention.reader``, a :class:`Reader`).
"""

from laborfacts.pipeline.quantities.finder import (
    QuantityFinder,
    find_quantities,
    grammar_of,
    nonfact_rule,
    nonfact_spans,
    read_quantity,
)
from laborfacts.pipeline.quantities.grammar import QuantityGrammar, quantity_grammar
from laborfacts.pipeline.quantities.hedges import hedge_before
from laborfacts.pipeline.quantities.text import WS, Reader

__all__ = [
    "WS",
    "QuantityFinder",
    "QuantityGrammar",
    "Reader",
    "find_quantities",
    "grammar_of",
    "hedge_before",
    "nonfact_rule",
    "nonfact_spans",
    "quantity_grammar",
    "read_quantity",
]
