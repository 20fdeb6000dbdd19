"""The headline: picked among the lines before the body when the page names
none (text dumps), found among the lines when it does, and split from a wire
version marker ("(LEAD) ...", "UPDATE 2 - ...").
"""
from __future__ import annotations

from .lines import Kind, Line, is_table_row
from .phrases import match_key, norm
from .rules import (
    BREADCRUMB,
    BYLINE,
    BYLINE_BONUS,
    BYLINE_BONUS_FULL_WORDS,
    BYLINE_LOOKAHEAD_LINES,
    BYLINE_MAX_WORDS,
    FIRST_LINE_HEADLINE_MAX_WORDS,
    HEADLINE_DISTANCE_PENALTY,
    HEADLINE_FULL_WORDS,
    HEADLINE_LOOKBACK_LINES,
    HEADLINE_MAX_LINK_SHARE,
    HEADLINE_MAX_WORDS,
    HEADLINE_MIN_SCORE,
    HEADLINE_MIN_WORDS,
    LINKED_HEADLINE_TAGS,
    NOT_A_HEADLINE,
    SENTENCE_HEADLINE_PENALTY,
    SENT_INSIDE,
    STOPWORDS,
    TITLE_LINE_MAX_WORDS,
    VERSION,
    VERSION_UPDATE,
    WORD,
)


def content_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _headline_score(line: Line, body_words: set[str], distance: int) -> float:
    if line.kind is not Kind.TEXT or line.words < HEADLINE_MIN_WORDS or line.words > HEADLINE_MAX_WORDS:
        return NOT_A_HEADLINE
    if line.link_chars > HEADLINE_MAX_LINK_SHARE * len(line.text) and line.tag not in LINKED_HEADLINE_TAGS:
        return NOT_A_HEADLINE
    words = set(content_words(line.text))
    if not words:
        return NOT_A_HEADLINE
    overlap = sum(1 for w in words if w in body_words) / len(words)
    # One-word menu items overlap by chance; very distant lines are other stories.
    return overlap * min(1.0, len(words) / HEADLINE_FULL_WORDS) - HEADLINE_DISTANCE_PENALTY * distance


def _is_byline_or_date(line: Line) -> bool:
    return line.kind in (Kind.TIMESTAMP, Kind.SIGNOFF) or (
        line.words <= BYLINE_MAX_WORDS and bool(BYLINE.match(line.text))
    )


def pick_headline(lines: list[Line], start: int, body_words: set[str]) -> int | None:
    best_i, best_s = None, HEADLINE_MIN_SCORE
    for i in range(max(0, start - HEADLINE_LOOKBACK_LINES), start + 1):
        line = lines[i]
        if i == start:
            # The body's first line may itself be the headline when it ends in "?"
            # or "!"; real paragraphs end with a period or run on past 25 words, and
            # a table's first row is no headline either.
            if (
                line.words > FIRST_LINE_HEADLINE_MAX_WORDS
                or line.text.endswith(".")
                or SENT_INSIDE.search(line.text)
                or is_table_row(line)
            ):
                continue
        s = _headline_score(line, body_words, start - i)
        if BYLINE.match(line.text) or BREADCRUMB.search(line.text):
            continue
        if s > NOT_A_HEADLINE:
            if line.text.endswith(".") or SENT_INSIDE.search(line.text):
                s -= SENTENCE_HEADLINE_PENALTY  # sentences: a standfirst or a caption, not a headline
            # A headline is followed by its byline or date before the text starts.
            if any(_is_byline_or_date(lines[j]) for j in range(i + 1, min(start, i + 1 + BYLINE_LOOKAHEAD_LINES))):
                s += BYLINE_BONUS * min(1.0, line.words / BYLINE_BONUS_FULL_WORDS)  # not for a two-word section label
        if s > best_s:
            best_i, best_s = i, s
    return best_i


def split_version(title: str) -> tuple[str, str | None]:
    """'(LEAD) No. 2 U.S. diplomat ...' -> ('No. 2 U.S. diplomat ...', 'LEAD')."""
    for rx in (VERSION, VERSION_UPDATE):
        m = rx.match(title)
        if m:
            return title[m.end() :].strip(), norm(m.group(1))
    return title, None


def title_line(lines: list[Line], title: str) -> int | None:
    """Index of the first line that repeats the page title (the article's <h1>)."""
    key = match_key(split_version(norm(title))[0])
    for i, line in enumerate(lines):
        if line.words <= TITLE_LINE_MAX_WORDS and match_key(split_version(line.text)[0]) == key:
            return i
    return None
