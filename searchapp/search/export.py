"""Exports of a whole search: CSV for spreadsheets, JSON lines for programs.

Both stream one article per row, in the search's order. A CSV cell is text that a
spreadsheet may read as a formula: a title such as `=HYPERLINK("http://evil", "x")` would
run when the analyst opens the file. Cells that start with a formula sign are written with
a leading apostrophe, as OWASP advises for CSV injection, so they show as typed and never run.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import asdict

from .api import Export, StoredArticle

# The columns of a CSV export, in order; entity lists are joined by LIST_SEPARATOR.
CSV_COLUMNS = (
    "id", "title", "source", "published", "published_text", "dateline",
    "people", "countries", "organizations", "url", "path", "body",
)
LIST_SEPARATOR = "; "
# What a spreadsheet (Excel, LibreOffice, Google Sheets) reads as the start of a formula;
# tab and carriage return too, since some strip them before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows written per chunk of the streamed response: few enough to start at once.
ROWS_PER_CHUNK = 200


def neutralised(cell: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        value = LIST_SEPARATOR.join(value)
    return neutralised(str(value))


def csv_row(article: StoredArticle) -> list[str]:
    fields = asdict(article)
    return [_cell(fields[name]) for name in CSV_COLUMNS]


def csv_chunks(export: Export) -> Iterator[str]:
    """The export as CSV text in chunks: a header row, then one row per article."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for n, article in enumerate(export.articles, 1):
        writer.writerow(csv_row(article))
        if n % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_chunks(export: Export) -> Iterator[str]:
    """The export as JSON lines: one article (as /article/ID.json gives it) per line."""
    lines = []
    for article in export.articles:
        lines.append(json.dumps(article.to_json(), ensure_ascii=False))
        if len(lines) == ROWS_PER_CHUNK:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def json_chunks(export: Export) -> Iterator[str]:
    """The export as one JSON document: the search, its total and every article, streamed
    (`/search.json?all=1`)."""
    head = {
        "q": export.request.q,
        "filters": {name: list(values) for name, values in export.request.filters},
        "from": export.request.date_from or None,
        "to": export.request.date_to or None,
        "undated": export.request.undated,
        "sort": export.request.sort,
        "total": export.total,
        "partial": export.partial,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "articles": ['
    first = True
    for article in export.articles:
        yield ("" if first else ",\n") + json.dumps(article.to_json(), ensure_ascii=False)
        first = False
    yield "]}\n"


# The formats of an export, by name: (chunks, media type, file extension).
FORMATS = {
    "csv": (csv_chunks, "text/csv", "csv"),
    "jsonl": (jsonl_chunks, "application/x-ndjson", "jsonl"),
    "json": (json_chunks, "application/json", "json"),
}
