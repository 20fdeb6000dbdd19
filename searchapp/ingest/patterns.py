"""Patterns shared by more than one ingest stage.

A pattern used by one stage only lives with that stage (the cleaner's in
``clean/rules.py``); one that several stages must read alike is written once,
here, so that they cannot drift apart.
"""
from __future__ import annotations

# An English month name or its abbreviation, optionally with a period ("Jan.",
# "Sept", "June"): the cleaner's timestamp lines and list items, and the dates
# metadata.py reads from text. A regex fragment, to be used inside other patterns
# (the caller chooses the flags, usually re.IGNORECASE).
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
