"""Tests of metadata extraction: dates, sources, datelines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from searchapp.ingest.clean import clean
from searchapp.ingest.extract.metadata import extract_metadata, load_sources, parse_date_hint, parse_dateline
from searchapp.records import UNKNOWN_SOURCE, CleanedDocument, GivenMetadata, RawDocument

from .conftest import AEB, needs

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _seed(prefix: str) -> CleanedDocument:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return clean(RawDocument(path=path.name, text=path.read_text("utf-8"), kind="text", encoding="utf-8"))


def _doc(first: str, **hints: object) -> CleanedDocument:
    return CleanedDocument(title="Title", paragraphs=(first, "More text."), **hints)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seed", "published", "published_text", "source", "dateline"),
    [
        ("000", None, "Jan. 25", "Yonhap", "Seoul"),
        ("001", None, None, "Rhythm Media Group", None),  # its "About us" footer names it
        ("002", None, None, UNKNOWN_SOURCE, None),
        ("003", dt.date(2016, 1, 29), "January 29, 2016", "Yonhap", "Seoul"),
        ("004", dt.date(2016, 1, 21), "January 21, 2016", "Yonhap", "Beijing"),
    ],
)
def test_seeds(seed: str, published: dt.date | None, published_text: str | None, source: str,
               dateline: str | None) -> None:
    meta = extract_metadata(_seed(seed), GivenMetadata())
    assert meta.published == published
    assert meta.published_text == published_text
    assert meta.source == source
    assert meta.dateline == dateline


def test_given_metadata_wins() -> None:
    given = GivenMetadata(url="https://example.org/x", source="Reuters", published=dt.date(2020, 5, 1))
    meta = extract_metadata(_seed("003"), given)
    assert meta.published == dt.date(2020, 5, 1)
    assert meta.source == "Reuters"
    assert meta.dateline == "Seoul"  # the dateline is still read from the text


def test_given_source_is_canonicalised_through_table() -> None:
    assert extract_metadata(_seed("001"), GivenMetadata(source="Associated Press")).source == "AP"
    assert extract_metadata(_seed("001"), GivenMetadata(source="Some Blog")).source == "Some Blog"


def test_given_url_domain_names_source() -> None:
    meta = extract_metadata(_seed("002"), GivenMetadata(url="https://www.voanews.com/a/123.html"))
    assert meta.source == "VOA"


@pytest.mark.parametrize(
    ("text", "city", "date_text", "agency"),
    [
        ("SEOUL, Jan. 25 (Yonhap) -- Progress has been slow", "Seoul", "Jan. 25", "Yonhap"),
        ("BEIJING, Jan. 21 (Yonhap) -- U.S. Deputy Secretary", "Beijing", "Jan. 21", "Yonhap"),
        ("NEW YORK (Reuters) - Oil prices fell", "New York", None, "Reuters"),
        ("ST. JOSEPH, Mich. (AP) — Michigan health authorities", "St. Joseph", None, "AP"),
        ("UNITED NATIONS, Feb. 3 (Xinhua) -- The council", "United Nations", "Feb. 3", "Xinhua"),
        ("DUBAI, United Arab Emirates — Dubai's flagship carrier", "Dubai", None, None),
    ],
)
def test_dateline(text: str, city: str, date_text: str | None, agency: str | None) -> None:
    d = parse_dateline(text)
    assert d is not None
    assert (d.city, d.date_text, d.agency) == (city, date_text, agency)


@pytest.mark.parametrize(
    "text",
    [
        "China and Russia have offered a compromise.",
        "U.S. Deputy Secretary of State Antony Blinken held talks.",
        "A - b",
        "The United States and China made progress Tuesday.",
    ],
)
def test_no_dateline(text: str) -> None:
    assert parse_dateline(text) is None


@pytest.mark.parametrize(
    ("hint", "date", "text"),
    [
        ("2016-01-29T15:30:00+09:00", dt.date(2016, 1, 29), "2016-01-29"),
        ("All News 15:30 January 29, 2016", dt.date(2016, 1, 29), "January 29, 2016"),
        ("Published November 20th, 2019 - 07:29 GMT", dt.date(2019, 11, 20), "November 20th, 2019"),
        ("20 Nov 2019 08:02 GMT", dt.date(2019, 11, 20), "20 Nov 2019"),
        ("Jan. 25", None, "Jan. 25"),  # no year: never guessed
        ("Updated March 3", None, "March 3"),
    ],
)
def test_parse_date_hint(hint: str, date: dt.date | None, text: str) -> None:
    found = parse_date_hint(hint)
    assert found is not None
    assert found.date == date
    assert found.text == text


def test_parse_date_hint_without_date() -> None:
    assert parse_date_hint("Send Feedback") is None
    assert parse_date_hint("2019-13-45") is None


def test_full_date_hint_beats_partial_dateline() -> None:
    doc = _doc("SEOUL, Jan. 25 (Yonhap) -- Text.", date_hints=("Jan. 25", "2016-01-25T10:00:00"))
    meta = extract_metadata(doc, GivenMetadata())
    assert meta.published == dt.date(2016, 1, 25)


@pytest.mark.parametrize(
    ("first", "hints", "signoff", "source"),
    [
        ("WASHINGTON (AP) — Text.", (), None, "AP"),
        ("PARIS (AFP) - Text.", (), None, "AFP"),
        ("BEIJING, March 1 (Xinhua) -- Text.", (), None, "Xinhua"),
        ("TOKYO (Kyodo) -- Text.", (), None, "Kyodo"),
        ("Text without dateline.", (), "kim@yna.co.kr", "Yonhap"),
        ("Text without dateline.", ("Voice of America",), None, "VOA"),
        ("Text without dateline.", ("Some Local Paper", "localpaper.com"), None, "Some Local Paper"),
        ("Text without dateline.", ("en.yna.co.kr",), None, "Yonhap"),
        ("Text without dateline.", ("unknown-site.com",), None, UNKNOWN_SOURCE),
        ("Text without dateline.", (), None, UNKNOWN_SOURCE),
    ],
)
def test_source(first: str, hints: tuple[str, ...], signoff: str | None, source: str) -> None:
    doc = _doc(first, source_hints=hints, signoff=signoff)
    assert extract_metadata(doc, GivenMetadata()).source == source


def test_sources_table_loads() -> None:
    table = load_sources()
    assert table.lookup_name("yonhap") == "Yonhap"
    assert table.lookup_name("Associated Press") == "AP"
    assert table.lookup_domain("www.reuters.com") == "Reuters"
    assert table.lookup_domain("example.com") is None


# ---------------------------------------------------------------------------
# Benchmark pages: title, date and source as a careful reader takes them,
# from the HTML page and from its plain-text dump alike
# ---------------------------------------------------------------------------

needs_aeb = needs(AEB / "ground-truth.json")


def _aeb(prefix: str, kind: str) -> CleanedDocument:
    import gzip

    page = next(p.name.split(".")[0] for p in (AEB / "text").glob(f"{prefix}*.txt"))
    if kind == "html":
        text = gzip.decompress((AEB / "html" / f"{page}.html.gz").read_bytes()).decode("utf-8")
    else:
        text = (AEB / "text" / f"{page}.txt").read_text("utf-8")
    return clean(RawDocument(path=page, text=text, kind=kind, encoding="utf-8"))  # type: ignore[arg-type]


# (page, title, publication date, source from HTML, source from the text dump)
BENCHMARK_METADATA = [
    ("042bb7b5fe", "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play…and Pay",
     dt.date(2019, 11, 19), "Wall Street Journal", "Wall Street Journal"),  # dump: byline e-mail @wsj.com
    # The dump's copyright line names the paper's owner ("© 2019 Hearst Communications, Inc.").
    ("05844573ca", "New SUVs and electric vehicles highlight L.A. Auto Show", dt.date(2019, 11, 20),
     "Connecticut Post", "Hearst Communications"),
    ("0dd1357045", "BREAKING: Lawan moves motion for Senate’s adjournment over Nzeribe, Adedoyin’s deaths",
     dt.date(2018, 10, 9), "The Paradigm", "The Paradigm"),  # dump: its copyright line
    ("14cc2a0ca5", "NASA Just Confirmed There Are Water Plumes Above The Surface of Jupiter's Moon Europa",
     dt.date(2019, 11, 18), "ScienceAlert", UNKNOWN_SOURCE),
    ("1f765c4878", "Royal Self-Indicting Arrogance", dt.date(2019, 11, 18), "Sputnik", "Sputnik"),
    ("20b2b64916", "Black Friday per nostalgici: le occasioni da non perdere", dt.date(2017, 11, 23),
     "Remember 80/90", UNKNOWN_SOURCE),
    ("30b771a40a", "Bike & Style book with soundtrack review", dt.date(2014, 6, 21), "MoreBikes",
     "Mortons Media Group Ltd"),  # dump: the copyright line names the site's owner
    # Wire copy republished elsewhere: the dateline's agency tag names the source.
    ("359fee2285", "The First Map of Saturn's Moon Titan Just Revealed Some Tantalising Features",
     dt.date(2019, 11, 19), "Reuters", "Reuters"),
    ("82b6d780c7", "Unpredictable Sondland faces questions about Trump, Ukraine", dt.date(2019, 11, 20), "AP", "AP"),
    ("57d46c9d75", "Oversupply angst drags oil lower, stocks drift near highs", dt.date(2019, 11, 19),
     "Reuters", "Reuters"),
]


@needs_aeb
@pytest.mark.parametrize("kind", ["html", "text"])
@pytest.mark.parametrize(("prefix", "title", "published", "html_source", "text_source"), BENCHMARK_METADATA)
def test_benchmark_title_date_source(prefix: str, title: str, published: dt.date, html_source: str,
                                     text_source: str, kind: str) -> None:
    doc = _aeb(prefix, kind)
    meta = extract_metadata(doc, GivenMetadata())
    assert doc.title == title
    assert meta.published == published
    assert meta.source == (html_source if kind == "html" else text_source)


def test_agency_tag_outside_dateline_and_odd_site_names() -> None:
    doc = _doc("North Korea fired two missiles on Monday, officials said (Yonhap).")
    assert extract_metadata(doc, GivenMetadata()).source == "Yonhap"
    doc = _doc("Washington, Nov. 3 (AP) — The council met on Monday.")  # mixed-case city: no dateline
    assert extract_metadata(doc, GivenMetadata()).source == "AP"
    doc = _doc("A paragraph (Some Club) with parentheses.")
    assert extract_metadata(doc, GivenMetadata()).source == UNKNOWN_SOURCE
    doc = _doc("Hospitals are short of staff, and one certified nursing assistant (CNA) who works in "
               "a large public hospital in the city said nights were the hardest part of the job.")
    assert extract_metadata(doc, GivenMetadata()).source == UNKNOWN_SOURCE
    doc = _doc("Text without dateline.", source_hints=("https://www.reuters.com",))
    assert extract_metadata(doc, GivenMetadata()).source == "Reuters"
    doc = _doc("Text without dateline.", source_hints=("Daily Example | News | Sport",))
    assert extract_metadata(doc, GivenMetadata()).source == "Daily Example"


def test_dotted_date_glued_to_text() -> None:
    found = parse_date_hint("21:17 18.11.2019Get short URL")
    assert found is not None and found.date == dt.date(2019, 11, 18)


@pytest.mark.parametrize(
    ("publisher", "source"),
    [
        ('{"@type": "Organization", "name": "The Daily Example"}', "The Daily Example"),
        ('[{"@id": "#org"}, {"@type": "Organization", "name": "Yonhap News Agency"}]', "Yonhap"),
        ('{"@id": "https://example.com/#org"}', UNKNOWN_SOURCE),  # a bare reference names no one
    ],
)
def test_json_ld_publisher_names_the_source(publisher: str, source: str) -> None:
    prose = "The foreign ministers of the two countries met in the capital on Monday, officials said. " * 3
    html = (
        "<html><head><title>Ministers meet in the capital</title><script type='application/ld+json'>"
        f'{{"@type": "NewsArticle", "headline": "Ministers meet in the capital", "publisher": {publisher}}}'
        f"</script></head><body><h1>Ministers meet in the capital</h1><p>{prose}</p><p>{prose}</p></body></html>"
    )
    doc = clean(RawDocument(path="p.html", text=html, kind="html", encoding="utf-8"))
    assert extract_metadata(doc, GivenMetadata()).source == source


@pytest.mark.parametrize(
    ("footer", "source"),
    [
        ("© 2019 The Daily Example Company. All rights reserved.", "The Daily Example Company"),
        ("Copyright © 2012 All Rights Reserved", UNKNOWN_SOURCE),  # seed 001's footer: no one named
        ("© 2019 Cleveland.com. All rights reserved (About Us).", UNKNOWN_SOURCE),  # a domain we do not know
        ("© 2016 Reuters.com. All rights reserved.", "Reuters"),  # a domain the sources table knows
        ("© 2019 Getty Images", UNKNOWN_SOURCE),  # a photo credit
    ],
)
def test_copyright_line_names_the_source(footer: str, source: str) -> None:
    prose = "The foreign ministers of the two countries met in the capital on Monday, officials said."
    text = f"Ministers meet in the capital\n{prose}\n{prose.replace('Monday', 'Tuesday')}\nHome\n{footer}\n"
    doc = clean(RawDocument(path="c.txt", text=text, kind="text", encoding="utf-8"))
    assert extract_metadata(doc, GivenMetadata()).source == source


@pytest.mark.parametrize(
    ("old", "new", "source"),
    [
        ("", "", "Rhythm Media Group"),  # seed 001 as it is: "About us", "Rhythm Media Group is a multi-media company, ..."
        ("About us\n\nRhythm", "Our partners\n\nRhythm", UNKNOWN_SOURCE),  # no "About us" heading above it
        ("Rhythm Media Group is a multi-media company", "We are a multi-media company", UNKNOWN_SOURCE),  # no name
        ("is a multi-media company, operating", "is proud of operating", UNKNOWN_SOURCE),  # not called an organisation
    ],
)
def test_about_us_footer_names_the_publisher(old: str, new: str, source: str) -> None:
    path = next(SEEDS.glob("001_*.txt"))
    text = path.read_text("utf-8")
    assert old in text
    doc = clean(RawDocument(path=path.name, text=text.replace(old, new) if old else text, kind="text", encoding="utf-8"))
    assert "Rhythm Media Group" not in " ".join(doc.paragraphs)  # the footer is no part of the article
    assert extract_metadata(doc, GivenMetadata()).source == source
