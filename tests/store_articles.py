"""Small articles of the store, export and summary tests: two about one
company that agree on turnover and conflict on pay, and one about nothing
comparable."""

from __future__ import annotations

from pathlib import Path

ARTICLES = {
    "calder_march.txt": (
        "Calder Freight drivers weigh a union\n\n"
        "Mara Okafor\n"
        "March 3, 2026\n\n"
        "Calder Freight employs about 1,200 drivers at its Millbrook hub. Calder Freight "
        "drivers earn $19.75 an hour, a pay sheet shows.\n\n"
        "Turnover at Calder Freight ran at roughly 90 percent in 2025. In a survey, 41 percent "
        "of Calder Freight drivers said they had been injured on the job.\n"
    ),
    "calder_april.txt": (
        "Calder Freight hub votes on union\n\n"
        "Leon Varga\n"
        "April 18, 2026\n\n"
        "Workers at Calder Freight voted 310 to 254 to join the union on April 16. Calder "
        "Freight employs some 1,150 drivers. Calder Freight drivers earn $22.40 an hour.\n\n"
        "Turnover at Calder Freight reached more than 80 percent in 2025, a filing said.\n"
    ),
    "pools.md": (
        "City pools open early\n\n"
        "Pools across Westfield opened on May 2, 2026, after 14 days of heat.\n"
    ),
}


def write_articles(folder: Path) -> list[Path]:
    """The articles, written into ``folder``; returns their paths in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder / name for name in ARTICLES)
