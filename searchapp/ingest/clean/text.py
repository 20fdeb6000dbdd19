"""Text dumps: their lines, and what only the text path does before and after
choosing the best segment: lists of other stories (headline, one paragraph,
headline...) are discounted, and a list closing the article, or a table next
to it, is taken in.
"""
from __future__ import annotations

from .lines import Kind, Line, is_table_row
from .phrases import norm
from .rules import (
    ANNOUNCED_LIST_MAX_LINES,
    BOX_HEADING_MAX_WORDS,
    BOX_JOIN_MIN_SHARE,
    BOX_MAX_LINES,
    BULLET,
    END_MARK,
    FIGURE_CELL,
    HEADLINE_LIKE_MAX_WORDS,
    HEADLINE_LIKE_MIN_WORDS,
    LIST_ITEM_MAX_WORDS,
    LIST_MIN_ITEMS,
    MONTH_START,
    NUMBER,
    SENT_END,
    TABLE_CELL_FIGURE_SHARE,
    TABLE_CREDIT_MIN_CELLS,
    TABLE_CREDIT_MIN_NUMBERS,
    TABLE_CREDIT_LABEL_MAX_WORDS,
    TABLE_CREDIT_MIN_ROWS,
    TABLE_LABEL_MAX_WORDS,
    TABLE_MIN_ROWS,
    TABLE_ROW_SCORE,
    TEASER_BYLINE_MAX_WORDS,
    TEASER_MAX_SCORE,
    TEASER_MIN_RUN,
)


def text_lines(text: str) -> list[Line]:
    return [Line(t) for t in (norm(raw) for raw in text.splitlines()) if t]


def _headline_like(line: Line) -> bool:
    return line.kind is Kind.TEXT and HEADLINE_LIKE_MIN_WORDS <= line.words <= HEADLINE_LIKE_MAX_WORDS and (
        line.text.endswith(("...", "…")) or not SENT_END.search(line.text)
    )


def mark_teasers(lines: list[Line]) -> None:
    """Text dumps: a list of other stories reads as headline, one paragraph,
    headline, one paragraph... (bylines or dates between). Its paragraphs are
    prose, but an article does not put a heading over every paragraph."""
    units: list[int] = []  # prose lines of the current run of (headline, paragraph) units
    run_start = 0  # its first headline

    def close() -> None:
        # A run straight after a paragraph continues that article (a round-up
        # with a sub-head per item); other stories come after a heading or a gap.
        continues = run_start > 0 and lines[run_start - 1].score > 0
        if len(units) >= TEASER_MIN_RUN and not continues:
            for i in units:
                lines[i].score = min(lines[i].score, TEASER_MAX_SCORE)
        units.clear()

    i = 0
    while i < len(lines):
        if _headline_like(lines[i]):
            if not units:
                run_start = i
            # Skip a byline ("by Jane Doe") and dates between headline and summary.
            j = i + 1
            if j < len(lines) and lines[j].kind is Kind.TEXT and lines[j].words <= TEASER_BYLINE_MAX_WORDS:
                j += 1
            while j < len(lines) and lines[j].kind is Kind.TIMESTAMP:
                j += 1
            if j < len(lines) and lines[j].score > 0 and lines[j].kind is Kind.TEXT:
                units.append(j)
                i = j + 1
                continue
        close()
        i += 1
    close()


def _shape(line: Line) -> str | None:
    """What a list's items share at their start: a bullet, a number or a month."""
    text = line.text
    if BULLET.match(text):
        return "bullet"
    if text[:1].isdigit():
        return "number"
    if MONTH_START.match(text):
        return "month"
    return None


def _list_run(lines: list[Line], i: int) -> int:
    """End (exclusive) of the run of list items starting at i; i when there is none."""
    if i >= len(lines) or lines[i].kind is not Kind.TEXT:
        return i
    shape = _shape(lines[i])
    if shape is None:
        return i
    j = i
    while (
        j < len(lines)
        and lines[j].kind is Kind.TEXT
        and lines[j].words <= LIST_ITEM_MAX_WORDS
        and _shape(lines[j]) == shape
    ):
        j += 1
    return j if j - i >= LIST_MIN_ITEMS else i


def extend_by_list(lines: list[Line], end: int) -> int:
    """Text dumps: a list closing the article (tour dates, numbered points) scores
    low line by line; take it when the article announces it ("...dates:") or when
    its items share their start (bullets, numbers, months), under at most a
    one-line heading."""
    nxt = end + 1
    if nxt < len(lines) and _headline_like(lines[nxt]) and not lines[end].text.endswith(":"):
        run_end = _list_run(lines, nxt + 1)
        return run_end - 1 if run_end > nxt + 1 else end
    run_end = _list_run(lines, nxt)
    if run_end > nxt:
        return run_end - 1
    if lines[end].text.endswith(":"):
        # Announced list without a common shape: take it up to the next barrier or gap.
        j = nxt
        while (
            j < len(lines)
            and lines[j].kind is Kind.TEXT
            and lines[j].words <= LIST_ITEM_MAX_WORDS
            and j - nxt < ANNOUNCED_LIST_MAX_LINES
        ):
            j += 1
        return j - 1
    return end


def _table_run(lines: list[Line], i: int, step: int) -> int:
    """From line i, going by `step` (1 or -1): the last line of the table starting
    there (rows, and short labels between rows), or i - step when there is none."""
    rows, last, j = 0, i - step, i
    while 0 <= j < len(lines):
        line = lines[j]
        if is_table_row(line):
            rows, last = rows + 1, j
        elif not (line.kind is Kind.TEXT and line.words <= TABLE_LABEL_MAX_WORDS):
            break
        j += step
    return last if rows >= TABLE_MIN_ROWS else i - step


def extend_by_table(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """Text dumps: a table right before or after the article (earnings under their
    notes, standings under the results) is part of the story: rows score low line
    by line, as navigation does, so they are taken in here, as a run."""
    return _table_run(lines, start - 1, -1) if start > 0 else start, _table_run(lines, end + 1, 1)


def _credit_label(line: Line) -> bool:
    """A label between a long table's rows: a short one ("Year", "Scorers:"), or a section
    heading of a few more words, without figures or sentence punctuation ("Men's singles,
    second round"; not a row short of figures, "Illinois 2,576 3,479 X")."""
    return line.kind is Kind.TEXT and (
        line.words <= TABLE_LABEL_MAX_WORDS
        or (
            line.words <= TABLE_CREDIT_LABEL_MAX_WORDS
            and not SENT_END.search(line.text)
            and not NUMBER.search(line.text)
        )
    )


def credit_tables(lines: list[Line]) -> None:
    """Text dumps: a long table (standings, results: many rows of several figures)
    is a story of its own; its rows score a little above zero rather than as
    navigation, so that the table and the lines around it can be the article."""
    i = 0
    while i < len(lines):
        if not is_table_row(lines[i], TABLE_CREDIT_MIN_NUMBERS):
            i += 1
            continue
        j, rows = i, []
        while j < len(lines):
            if is_table_row(lines[j], TABLE_CREDIT_MIN_NUMBERS):
                rows.append(j)
            elif not _credit_label(lines[j]):
                break
            j += 1
        if len(rows) >= TABLE_CREDIT_MIN_ROWS:
            for k in rows:
                lines[k].score = max(lines[k].score, TABLE_ROW_SCORE)
            for k in range(rows[0], rows[-1]):  # its labels between the rows belong to it
                lines[k].score = max(lines[k].score, 0.0)
        i = j
    # A table dumped one cell a line: a long run of short lines, many of them bare figures.
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].kind is Kind.TEXT and lines[j].words <= TABLE_LABEL_MAX_WORDS:
            j += 1
        figures = sum(1 for k in range(i, j) if FIGURE_CELL.match(lines[k].text))
        if figures >= TABLE_CREDIT_MIN_CELLS and figures >= TABLE_CELL_FIGURE_SHARE * (j - i):
            for k in range(i, j):
                lines[k].score = max(lines[k].score, TABLE_ROW_SCORE)
        i = max(j, i + 1)


def _past_non_prose(lines: list[Line], i: int, step: int) -> int:
    """The first line from i (going by step) that is prose or a barrier, looking at
    most BOX_MAX_LINES lines; an index past them, or off the page, when none is."""
    for k in range(i, i + step * (BOX_MAX_LINES + 1), step):
        if not 0 <= k < len(lines) or lines[k].score > 0 or lines[k].score == float("-inf"):
            return k
    return i + step * (BOX_MAX_LINES + 1)


def across_boxes(lines: list[Line], start: int, end: int, total: float) -> tuple[int, int]:
    """Text dumps: a box set into the article ("Recommended", a few headlines) is a
    barrier, but the article goes on after it. Beyond a short barrier heading and at
    most BOX_MAX_LINES lines that are not prose, a stretch of prose worth at least
    BOX_JOIN_MIN_SHARE of the article's is more of it, when the box holds headlines
    (a comment section holds names and dates). The box itself (the lines
    after the barrier, up to the prose) is left out of the body."""
    for step in (1, -1):
        while True:
            edge = end if step == 1 else start
            i = _past_non_prose(lines, edge + step, step)  # the barrier, if any
            if not (0 <= i < len(lines)) or lines[i].kind is not Kind.STOP:
                break
            if lines[i].words > BOX_HEADING_MAX_WORDS or END_MARK.match(lines[i].text):
                break
            j = _past_non_prose(lines, i + step, step)  # the prose beyond the box, if any
            if not (0 <= j < len(lines)) or lines[j].score <= 0:
                break
            # The stretch of prose there, up to the next barrier.
            k, gained, best_k, best = j, 0.0, j, 0.0
            while 0 <= k < len(lines) and lines[k].score != float("-inf"):
                gained += lines[k].score
                if gained > best:
                    best_k, best = k, gained
                k += step
            if best < BOX_JOIN_MIN_SHARE * total:
                break
            # A box of other stories shows their headlines (each with its date, maybe);
            # a comment section (a name, a date, then prose) is no box, and the article
            # does not go on after it.
            inside = range(i + 1, j) if step == 1 else range(i + 1, start)
            headlines = sum(1 for b in inside if _headline_like(lines[b]))
            dates = sum(1 for b in inside if lines[b].kind in (Kind.TIMESTAMP, Kind.SIGNOFF))
            if headlines == 0 or headlines < dates:
                break
            for b in inside:  # the box: what follows the barrier, up to the prose
                if lines[b].kind is Kind.TEXT:
                    lines[b].kind, lines[b].score = Kind.DROP, 0.0
            if step == 1:
                end = best_k
            else:
                start = best_k
    return start, end
