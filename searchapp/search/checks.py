"""What every backend checks of a query, and how it tells the reader what was wrong.

Backend-neutral: a backend calls `refusal()` before parsing (a query over the limits is
answered at once, with no hits), words its parser's failures with `unreadable()`, calls
`unbalanced()` when a query it read anyway found nothing, and stops matching after
SEARCH_TIME_LIMIT seconds (SearchResults.partial). The contract tests hold every backend
to the same messages.
"""

from __future__ import annotations

import re

# A reader's query is a few words; the longest useful ones are a pasted headline or
# sentence with some names in quotes. 64 words (Google stops at 32; Lucene refuses more
# than 1,024 clauses) and 1,000 characters (64 words average 6-7 characters with spaces,
# so this leaves room for quotes, prefixes and operators) allow all of those, and stop
# pasted articles before they cost anything: a 20,000-character query took 2.3 s to parse
# and its page repeated it in every link (142 KB). 1,000 characters also bounds the
# nesting of parentheses to 500, far inside Python's recursion limit.
MAX_QUERY_CHARS = 1_000
MAX_QUERY_TERMS = 64

# Seconds a search may spend matching before it stops and answers with what it found
# (SearchResults.partial). The slowest ordinary query at 86,000 articles takes 2 s
# ("a*", docs/search.md); past 5 s a reader has given up on the page anyway.
SEARCH_TIME_LIMIT = 5.0

EXAMPLE = '"security council" (sanctions OR embargo)'

# Kinds of unreadable query, each as the reader should hear it.
UNBALANCED = "unbalanced quotes or parentheses"
TOO_NESTED = "too many nested parentheses"
NO_WORDS = "it has no words to search for, only signs"
SYNTAX = "AND, OR, NOT, parentheses, quotes and field prefixes such as title: need words beside them"

_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
_WORD = re.compile(r"\w+:?")


def query_terms(q: str) -> int:
    """How many words the reader searches for: operators (AND, OR, NOT, TO) and field
    prefixes (title:) not counted."""
    return sum(1 for w in _WORD.findall(q) if not w.endswith(":") and w not in _OPERATORS)


def refusal(q: str) -> str | None:
    """Why query `q` is not run at all (over a limit), said for the reader; None to run it.
    Cheap: a length, then one regular expression over at most MAX_QUERY_CHARS."""
    if len(q) > MAX_QUERY_CHARS:
        return (
            f"The query is {len(q):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
            f"Search for the few words that matter (names, places, a phrase in quotes). Example: {EXAMPLE}"
        )
    terms = query_terms(q)
    if terms > MAX_QUERY_TERMS:
        return (
            f"The query has {terms:,} words; the limit is {MAX_QUERY_TERMS}. "
            f"Search for the few words that matter (names, places, a phrase in quotes). Example: {EXAMPLE}"
        )
    return None


def unreadable(kind: str) -> str:
    """The message for a query the backend's parser could not read (kind: UNBALANCED,
    TOO_NESTED, NO_WORDS, SYNTAX)."""
    return f"Could not read the query: {kind}. Example: {EXAMPLE}"


def unbalanced(q: str) -> str | None:
    """For a query that was read anyway and found nothing: what of its quotes and
    parentheses was left open or unmatched (the parser then reads them as plain words),
    or None when they pair up."""
    problems = []
    if q.count('"') % 2:
        problems.append('a quote (") without its pair, so the phrase was read as separate words')
    parts = q.split('"')
    # Outside quotes; the text after an unclosed quote is read as plain words too.
    outside = parts[::2] + ([parts[-1]] if len(parts) % 2 == 0 else [])
    depth, stray = 0, False
    for part in outside:
        for char in part:
            if char == "(":
                depth += 1
            elif char == ")":
                stray = stray or depth == 0
                depth = max(0, depth - 1)
    if depth or stray:
        problems.append("a parenthesis without its pair")
    if not problems:
        return None
    return f"No article matches, and the query has {' and '.join(problems)}. Example: {EXAMPLE}"
