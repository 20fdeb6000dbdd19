"""Property tests (hypothesis) of the ingest stages and the search request: arbitrary
input gives an answer or the stage's own error, never another exception. The examples
are few in the ordinary run; HYPOTHESIS_PROFILE=thorough runs many more."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from searchapp.ingest.clean import CleaningError, clean
from searchapp.ingest.extract.metadata import parse_date_hint, parse_dateline
from searchapp.ingest.reader import ReadError, decode
from searchapp.records import CleanedDocument, RawDocument
from searchapp.search.api import MAX_PER_PAGE, SORTS, SearchRequest
from searchapp.search.facets import FACETS

# --------------------------------------------------------------------------- requests

PARAM_NAMES = st.sampled_from(["q", "sort", "page", "per_page", *(f.name for f in FACETS), "bogus", ""])
NUMBERS = st.integers(min_value=-(10**30), max_value=10**30).map(str)
PARAMS = st.dictionaries(PARAM_NAMES, st.lists(st.one_of(st.text(max_size=30), NUMBERS), max_size=4), max_size=8)


@given(PARAMS)
def test_any_parameters_make_a_valid_request(args):
    req = SearchRequest.from_args(args)
    assert req.sort in SORTS and req.page >= 1 and 1 <= req.per_page <= MAX_PER_PAGE
    assert req.q == req.q.strip()
    assert all(values and all(values) for _, values in req.filters)
    # The URL parameters round-trip.
    again = SearchRequest.from_args({k: [v for n, v in req.to_params() if n == k] for k, _ in req.to_params()})
    assert again == req


# --------------------------------------------------------------------------- ingest

HTML_BITS = st.sampled_from(
    ["<html>", "<head>", "<title>", "</title>", "<body>", "<p>", "</p>", "<div class='article'>", "</div>",
     "<script>", "</script>", "<br>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;", "<meta charset=x>",
     '<meta property="og:title" content="', '">', "<h1>", "</h1>", "\n", "\n\n", " ", "SEOUL, Jan. 5 (Yonhap) -- ",
     "Diplomats met on Tuesday to discuss sanctions against the North.", "\x00", "\r", "\u2028", "<"]
)
HTMLISH = st.lists(st.one_of(HTML_BITS, st.text(max_size=20)), max_size=40).map("".join)
TEXT = st.one_of(st.text(max_size=400), HTMLISH)


@given(TEXT, st.sampled_from(["html", "text"]))
def test_the_cleaner_returns_a_document_or_says_why_not(text, kind):
    try:
        cleaned = clean(RawDocument(path=f"x.{'html' if kind == 'html' else 'txt'}", text=text, kind=kind, encoding="utf-8"))
    except CleaningError:
        return
    assert isinstance(cleaned, CleanedDocument)


DATEISH = st.lists(
    st.one_of(
        st.sampled_from(["2016-03-01", "March 3, 2016", "Mar. 3", "(Yonhap)", "(AP) --", "SEOUL,", "—", "-- ",
                         "99999-99-99", "0000-00-00", "Feb 30 2016", "T", "Z", "+09:00", "10:30", " ", ","]),
        st.text(max_size=10),
        st.integers(min_value=-(10**12), max_value=10**12).map(str),
    ),
    max_size=10,
).map("".join)


@given(st.one_of(DATEISH, st.text(max_size=80)))
def test_date_parsers_never_raise(text):
    parse_date_hint(text)
    parse_dateline(text)


@given(st.binary(max_size=300), st.booleans())
def test_decode_gives_text_or_a_read_error(data, is_html):
    try:
        text, encoding, warnings = decode(data, is_html)
    except ReadError:
        return
    assert isinstance(text, str) and isinstance(encoding, str) and all(isinstance(w, str) for w in warnings)
