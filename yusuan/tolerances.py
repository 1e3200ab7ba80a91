"""Every judgement threshold of reading and checking, in one place.

Arithmetic tolerances are not here because they are not chosen: a figure printed with d decimals may
be off by half a unit of its last digit (``checks.common.half_unit``), a sum by the halves of its parts,
a share or rate by what the rounding of its figures allows. What is chosen is below: how much of a
table must bear a reading out before it is trusted, how many misprints a table may have before its
reading (not the document) is in doubt, when two project names are the same project, and what makes a
page unreadable, repeated, blank or hidden. ``docs/rules.md`` lists them (generated from ``FIELDS``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal


@dataclass(frozen=True)
class Tolerances:
    # reading (interpret/)
    identity_min_share: Decimal = field(default=Decimal("0.6"), metadata={"doc": (
        "A row identity (total = basic + project …) is taken only if it holds in at least this share of "
        "the rows it speaks of (interpret/identities.py).")})
    suspect_limit: int = field(default=3, metadata={"doc": (
        "A table whose failures need more misprinted cells than this to explain is read in doubt: the "
        "reading, not the document, is the likelier fault, and no error is built on it "
        "(interpret/consistency.py).")})
    unit_anchor: Decimal = field(default=Decimal("0.01"), metadata={"doc": (
        "A table printed without its unit takes the unit under which its largest figure equals another "
        "table's grand total within this many printed units (interpret/units.py).")})
    image_page_share: float = field(default=0.3, metadata={"doc": (
        "A PDF page with fewer than ``image_page_glyphs`` characters and an image covering at least this "
        "share of it is an image page: its content is not read (readers/pdf.py).")})
    image_page_glyphs: int = field(default=30, metadata={"doc": (
        "See ``image_page_share``.")})
    # checking (checks/)
    project_match: float = field(default=0.6, metadata={"doc": (
        "Two project names are the same project when their similarity is at least this "
        "(checks/projects.py).")})
    page_unreadable_share: float = field(default=0.3, metadata={"doc": (
        "A page is unreadable when at least this share of its characters map to nothing readable …")})
    page_min_glyphs: int = field(default=20, metadata={"doc": (
        "… and it has at least this many characters (checks/pages.py).")})
    page_repeated_share: float = field(default=0.8, metadata={"doc": (
        "A page repeats earlier pages when at least this share of its running text was printed before.")})
    page_blank_glyphs: int = field(default=8, metadata={"doc": (
        "A page printing at most this many characters (a page number) is blank.")})
    page_hidden_chars: int = field(default=20, metadata={"doc": (
        "Text placed outside the page is worth telling when it has more than this many characters.")})


TOLERANCES = Tolerances()
FIELDS = fields(Tolerances)


def markdown() -> str:
    """The table of docs/rules.md's section on tolerances."""
    lines = ["| setting | value | what it decides |", "|---|---|---|"]
    lines += [f"| `{f.name}` | {getattr(TOLERANCES, f.name)} | {f.metadata['doc']} |" for f in FIELDS]
    return "\n".join(lines) + "\n"
