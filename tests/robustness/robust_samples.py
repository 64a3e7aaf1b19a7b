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
