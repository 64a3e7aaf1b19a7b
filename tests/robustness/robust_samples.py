"""Sample inputs shared by the robustness tests (written to a tmp folder at test time)."""

import codecs

ARTICLE = (
    "Warehouse workers vote on a union\n"
    "By A. Reporter\n"
    "April 29, 2026\n\n"
    "The company employs 5,000 workers, who earn $23 an hour.\n\n"
    "Turnover reached 150 percent last year, and 40 percent of workers reported injuries.\n"
)
# cp1252 curly quotes (0x93, 0x94) and apostrophe (0x92): not valid UTF-8.
CP1252 = b"The union\x92s vote: \x93about 2,500 workers\x94 earn $18 an hour.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
UTF16 = codecs.BOM_UTF16_LE + "Some 300 drivers earn $20 an hour.\n".encode("utf-16-le")
UNREADABLE = "The 12 members met.\n"


def long_article(chars: int, *, single_line: bool = False, seed: int = 7) -> str:
    """A long article of varied figures: paragraphs, or one line with no break at all."""
    import random

    rng = random.Random(seed)
    head = "Depot pay and turnover\nBy A. Reporter\nMarch 3, 2026\n\n"
    sep = " " if single_line else "\n\n"
    if single_line:
        head = head.replace("\n", " ")
    parts = [head]
    size = len(head)
    i = 0
    while size < chars:
        s = (
            f"At depot {i}, about {rng.randint(2, 90_000):,} drivers earned "
            f"${rng.randint(15, 40)} an hour in {rng.randint(1990, 2025)}, and turnover "
            f"reached more than {rng.randint(20, 180)} percent.{sep}"
        )
        parts.append(s)
        size += len(s)
        i += 1
    return "".join(parts)
