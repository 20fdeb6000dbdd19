"""Every pattern, tag table and threshold of the cleaner, named, in one place.

The code in the other modules says what it does with a line; this module says
by which measure. A number here was tuned on the benchmark's even half (see
docs/cleaner.md) and is a design decision, not an accident of the code: change
one, run ``scripts/eval_cleaner.py`` on both halves.

Sections follow the order of the work: lines are classified and scored
(lines.py), text dumps get their own discounts (text.py), HTML is cut and walked
(html.py) and reports its hints (hints.py), the body is chosen (body.py) and
then its headline (headline.py). Word counts are those of ``lines.length``
(ideographs count half a word).
"""
from __future__ import annotations

import re

from searchapp.ingest.patterns import MONTH

# ---------------------------------------------------------------------------
# Comparing lines with each other and with the boilerplate phrases
# ---------------------------------------------------------------------------

# Trailing decoration ignored when comparing a line with a phrase ("Related Stories:", "Read more >").
KEY_TAIL = re.compile(r"[\s:.!>»›|•·\-–—]+$")
WORD = re.compile(r"\w+")
# Scripts written without spaces: their ideographs are counted as words.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# This many ideographs make one word, so Chinese/Japanese prose scores like prose.
IDEOGRAPHS_PER_WORD = 2

# ---------------------------------------------------------------------------
# Line classification (lines.classify): what kind of line this is
# ---------------------------------------------------------------------------

YEAR = r"(?:19|20)\d{2}"
# A full date as pages print it; used to recognise timestamp lines.
DATE_IN_TEXT = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}(?!\d)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+{YEAR}(?!\d)"
    rf"|\b{YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?!\d)"
    rf"|\b\d{{1,2}}[/.]\d{{1,2}}[/.]{YEAR}(?!\d)",
    re.IGNORECASE,
)
# "Updated at 1:23 p.m.", "Published 2 hours ago": a time stamp without a full date.
STAMP = re.compile(r"^(?:last\s+)?(?:updated|published|posted|modified)\b[^.!?]{0,30}\d", re.IGNORECASE)
# A line giving a date is a timestamp only while short; a long one is prose that mentions a date.
TIMESTAMP_MAX_WORDS = 15
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# A line that is only the reporter's e-mail (or several): the sign-off, which ends the article.
SIGNOFF = re.compile(rf"^\(?{EMAIL}(?:\s*[/,;&]\s*{EMAIL})*\)?$")
# The domain of an e-mail address in a byline: it names the employer, a source hint.
EMAIL_DOMAIN = re.compile(r"@([\w-]+(?:\.[\w-]+)+)")
# Wire copy's end of story, alone or glued to the last paragraph.
END_MARK = re.compile(r"\s*\(END\)\s*$")
# Editor's notes on wire copy: "(ATTN: ADDS quotes ...)", "(EDS: ...)", "(Editor's note: ...)".
NOTE = re.compile(
    r"^\(\s*((?:ATTN|EDS?|EDITORS?'?S?\s+NOTE|CORRECTS?|RECASTS?)\b.*?)\s*\)?$", re.IGNORECASE
)
CAPTION = re.compile(
    r"\b(?:photo|photograph|image|picture|credit|illustration|file photo)s?\s*(?::|by\b|courtesy\b)"
    r"|getty\s*images|\bAP Photo\b|shutterstock|\biStock\b|\(Yonhap\)\s*$",
    re.IGNORECASE,
)
# CAPTION's words are a caption only in a line this short; prose may mention a photo.
CAPTION_MAX_WORDS = 40
# Captions that give themselves away however long they are: a wire-photo credit
# "(AP Photo/Jane Doe)", or "In this Nov. 20, 2019, file photo, ..." at the start.
LONG_CAPTION = re.compile(
    r"\((?:AP|AFP|Reuters|EPA|Yonhap|Xinhua)\s*(?:Photo|Images?)\b[^()]*\)|^In this\b.{0,60}\bphoto\b",
    re.IGNORECASE,
)
# Photo-gallery furniture: "Image 1 of 8", "1 / 8".
GALLERY = re.compile(r"^(?:(?:image|photo|slide|picture)\s+)?\d+\s*(?:of|/)(?:\s*/)?\s*\d*$", re.IGNORECASE)
# "jsmith says:" heads a reader comment; the article is over.
COMMENT_HEADER = re.compile(r"^\S.{0,40}\ssays:?$", re.IGNORECASE)
# ... but only in a line this short: "The minister says:" may introduce a quote.
COMMENT_HEADER_MAX_WORDS = 5
# A "stop-contains" phrase ("all rights reserved", "uses cookies") makes a barrier of
# a line of up to this many words: footers and cookie notices are shorter (on the
# benchmark pages up to about 150 words, a stock-data disclaimer); a longer line
# holding one is the document's own text (the licence in a standard's preamble).
STOP_CONTAINS_MAX_WORDS = 200
# A line ending like a sentence (or a quote, a colon introducing one) is prose.
SENT_END = re.compile(r"[.!?…:;\"”’')\]»。！？]$")
# A sentence boundary inside a line; the word before it must not be an
# abbreviation ("U.N. resolution", "No. 2" are headline material, not prose).
SENT_INSIDE = re.compile(r"(?:[^\W\d_]{3,}|\d)[.!?][\"”’')]?\s+[\"“‘'(]?[A-Z0-9]|[。！？]")
# A sentence end anywhere in a line (after a citation "[12]" or closing quotes too).
SENTENCE_MARK = re.compile(r"[。！？]|[.!?;](?:\[[\w ]+\])*[\"”’')\]»]*(?=\s|$)")
# A line with more words than this per sentence end is a run-on list (the names of
# everyone who liked a post, a tag cloud), not prose, whatever its punctuation: real
# sentences of the benchmark pages stay under about 105 words.
RUN_ON_WORDS_PER_SENTENCE = 150

# ---------------------------------------------------------------------------
# Line scores (lines.score): positive for article prose, negative for cruft
# ---------------------------------------------------------------------------

# Navigation words, captions and timestamp lines: a reader skips them, but one
# of them between two paragraphs must not split an article.
SKIPPED_LINE_SCORE = -4.0
# Score per word of a line with sentence punctuation ...
PROSE_WEIGHT = 1.0
# ... and of one without (headlines, menu items, link lists).
NON_PROSE_WEIGHT = 0.35
# Taken off the per-word weight at full link density: a line that is mostly
# links is navigation however long it is (the weight goes negative).
LINK_DENSITY_PENALTY = 1.5
# Headings are never scored as prose, whatever their punctuation.
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HEADING_MAX_WEIGHT = 0.35
# Words of prose a line needs before it adds to the article: shorter lines
# (bylines, labels, one-line teasers) cost.
LINE_SCORE_OFFSET = 7.0
# Floor: one inline teaser must not split an article in two; long runs of them
# still add up to a wall.
LINE_SCORE_FLOOR = -12.0

# ---------------------------------------------------------------------------
# Repeats (lines.mark_repeats): a line that only repeats earlier ones
# ---------------------------------------------------------------------------

# Lines are compared as sets of word n-grams of this length.
REPEAT_GRAM = 4
# Only long lines are checked (a whole article held in one hidden string):
# short ones repeat by chance (a headline in the body).
REPEAT_MIN_GRAMS = 60
# It repeats several earlier lines, not one (a quote repeated in a pull-quote is
# left alone) ...
REPEAT_MIN_SOURCES = 3
# ... and nearly all of its n-grams were seen before.
REPEAT_SEEN_SHARE = 0.9

# ---------------------------------------------------------------------------
# Text dumps (text.py): lists closing the article, lists of other stories
# ---------------------------------------------------------------------------

# List items share their start: a bullet, a number or a month name.
BULLET = re.compile(r"^[•·▪►◦*\-–—]\s")
MONTH_START = re.compile(rf"^{MONTH}\s", re.IGNORECASE)
# Fewer lines of the same shape are a coincidence, not a list.
LIST_MIN_ITEMS = 3
# A list item is short; a longer line ends the list.
LIST_ITEM_MAX_WORDS = 40
# A list announced by "...:" without a common shape is taken for at most this many lines.
ANNOUNCED_LIST_MAX_LINES = 30
# A box set into the article of a text dump: a barrier heading this short ("Recommended",
# "Related articles"), at most so many lines that are not prose, then prose worth at
# least this share of the article's score: the article goes on after the box.
BOX_HEADING_MAX_WORDS = 3
BOX_MAX_LINES = 12
BOX_JOIN_MIN_SHARE = 0.5
# A table row in a text dump (results, earnings, standings): a short line with several
# figures, "Shr 11 cts vs 13 cts", "Puchon 3 1 0 6 1 10". A run of at least so many
# rows next to the article is part of the story; short labels between rows ("Year",
# "Nine mths") belong to the table.
NUMBER = re.compile(r"(?<![\w.,])[-+]?\d[\d,.]*%?(?![\w])")
TABLE_ROW_MAX_WORDS = 15
TABLE_ROW_MIN_NUMBERS = 2
TABLE_MIN_ROWS = 3
TABLE_LABEL_MAX_WORDS = 3
# A long table of rows with more figures still (standings: played, won, drawn...) is a
# story even far from any prose: its rows score this, a little above nothing, rather
# than as navigation. (Two figures are not enough here: "2014 June (10)" archive menus.)
TABLE_CREDIT_MIN_NUMBERS = 3
TABLE_CREDIT_MIN_ROWS = 8
# Section labels between a long table's rows ("Men's singles, second round", "Women's
# singles, final") may be longer than a short table's: at most so many words, no figure and no
# sentence punctuation at the end. The labels between its rows then score nothing
# rather than as short lines: they belong to the table.
TABLE_CREDIT_LABEL_MAX_WORDS = 5
TABLE_ROW_SCORE = 1.0
# A table dumped one cell a line (a name, then its figures, each on its own line): a run
# of lines of at most TABLE_LABEL_MAX_WORDS words with at least this many bare figures,
# making at least this share of the run. Its lines score TABLE_ROW_SCORE too.
FIGURE_CELL = re.compile(r"^[-+]?\d[\d,.:]*%?$")
TABLE_CREDIT_MIN_CELLS = 30
TABLE_CELL_FIGURE_SHARE = 0.5
# Headline-like: a short line without sentence punctuation (or ending in "...").
HEADLINE_LIKE_MIN_WORDS = 4
HEADLINE_LIKE_MAX_WORDS = 20
# Runs of (headline, summary) pairs at least this long are lists of other stories.
TEASER_MIN_RUN = 3
# Between a teaser's headline and its summary: a byline this short ("by Jane Doe").
TEASER_BYLINE_MAX_WORDS = 4
# A teaser's summary scores at most this: the run becomes a wall, not an article.
TEASER_MAX_SCORE = -2.0

# ---------------------------------------------------------------------------
# HTML pre-pass (html.py): cut before parsing what the walk would skip
# ---------------------------------------------------------------------------

# Scripts, styles and inline SVG are often most of a page's bytes, and every
# element costs BeautifulSoup tens of microseconds, so whatever the walk would
# skip anyway is cut out as text before parsing.
ASCII_UPPER = re.compile(r"[A-Z]+")
JSON_LD_OPEN = re.compile(r"<script\b[^>]*ld\+json[^>]*>", re.IGNORECASE)
# Elements never visible, cut with all they hold (and comments).
INVISIBLE_OPEN = re.compile(
    r"<(script|style|svg|noscript|template|iframe|select|textarea|canvas|video|audio|object)\b|<!--",
    re.IGNORECASE,
)
# Empty elements that carry no text (images, form inputs): dropped from <body> only,
# <head> keeps its <meta> and <link> for the hints.
VOID = re.compile(r"<(?:img|source|input|wbr|track|area|param|col)\b[^>]*>", re.IGNORECASE)
BODY_START = re.compile(r"<body\b", re.IGNORECASE)
# Elements with nothing inside (icon fonts, ad slots, spacers) and <link>s other
# than the canonical one: nothing to read, but each costs a parse.
# One holding only blanks still separates the words around it ("03-584-7231<span> </span>0937").
EMPTY_ELEMENT = re.compile(r"<(i|span|a|div|p|li|ul|section|figure|ins|b|em|strong)\b[^>]*>(\s*)</\1\s*>", re.I)
LINK = re.compile(r"<link\b(?![^>]*canonical)[^>]*>", re.IGNORECASE)
# An opening or closing tag of the element `name` (a template: str.format(name=...)).
ELEMENT_TAG = r"<(/?){name}\b[^>]*>"
# Site navigation, footers and side columns: cut whole.
PREPASS_DROPPED_TAGS = ("nav", "footer", "aside")
# A <header> is kept when it holds the headline or the time ...
HEADLINE_OR_TIME = re.compile(r"<(?:h1|time)\b", re.IGNORECASE)
# ... a <form> when it wraps the whole page (some sites do): it holds this many paragraphs.
PARAGRAPH = re.compile(r"<p\b", re.IGNORECASE)
FORM_KEEP_MIN_PARAGRAPHS = 3

# ---------------------------------------------------------------------------
# Tree building (html.py's builder): BeautifulSoup is handed less than lxml sees
# ---------------------------------------------------------------------------

# The attributes the walk reads on an element of the body (furniture names, hidden
# marks, dates); the rest (href, title, data-*... most of a page's) are not kept:
# each costs BeautifulSoup a few dict writes. <meta>, <link> and all of <head> keep
# theirs (the hints read them).
KEPT_ATTRIBUTES = frozenset("class id role style hidden aria-hidden itemprop content datetime".split())
ALL_ATTRIBUTES_TAGS = frozenset(("meta", "link"))
# Skipped elements whose inside is still read (the hints' <meta>s, a <title>'s text):
# every other skipped element is built empty.
READ_INSIDE_TAGS = frozenset(("head", "title", "h1"))

# ---------------------------------------------------------------------------
# DOM walk (html.py): the tree -> lines
# ---------------------------------------------------------------------------

# Never visible or never article: skipped with everything inside.
SKIP_TAGS = frozenset(
    "script style noscript template svg iframe button select input textarea canvas video audio "
    "object embed head nav aside footer figcaption dialog menu link meta title".split()
)
# When a page's article cannot be told and what the walk kept has no readable line
# (a page that is all navigation), the page is walked again for all its visible text:
# then only these are skipped (never visible, or no text of the page's own).
INVISIBLE_SKIP_TAGS = frozenset(
    "script style noscript template svg iframe button select input textarea canvas video audio "
    "object embed head link meta title".split()
)
# Skipped elements that nevertheless separate the text before them from the text after.
SEPARATING_SKIP_TAGS = ("footer", "aside", "nav", "figcaption", "menu")
# One line per block element.
BLOCK_TAGS = frozenset(
    "p div section article main li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tbody thead tfoot tr "
    "td th dd dt dl figure address center hr details summary fieldset body html form header".split()
)
# A table's sections end lines but are no elements of their own in a line's path: a
# row's cells credit the row and then the table itself, as when the markup has no
# <tbody> (lxml adds none; browsers and other parsers do), so the article found in a
# table is the table, and what introduces it is its sibling.
TABLE_SECTION_TAGS = frozenset(("tbody", "thead", "tfoot"))
# Pathological nesting (100,000 unclosed <div>s): blocks deeper than this are still
# lines of their own, but count as part of the deepest element above them.
MAX_BLOCK_DEPTH = 200
# class/id names of page furniture (in the spirit of Readability's "unlikely candidates").
# "nav" starts a name before a non-letter or a capital ("nav-links", "navLinks",
# "NavTopTopics") and in the usual compounds ("navbar", "navbox"), not before other
# lower-case letters: "navy", "navajo", an id generated by a script ("NavzzU").
JUNK_ATTR = re.compile(
    r"comment|disqus|share|sharing|social|related|recirc|outbrain|taboola|newsletter|subscri|signup"
    r"|promo|sponsor|advert|cookie|gdpr|consent|popup|modal|breadcrumb|sidebar|footer|masthead"
    r"|\bnav(?-i:(?![a-z]))|nav(?:bar|box|list|links?)|navigation|menu|most-?popular|most-?read|trending"
    r"|\bads?\b|\bad[-_]|[-_]ads?\b"
    r"|paywall|skip-?link|byline|author-?bio|tags\b|toolbar|caption|credit|read-?more|more-?stories",
    re.IGNORECASE,
)
# A furniture-named wrapper ("social-media-embed", "share-embed") holding a quote is
# a post quoted in the text (an embedded tweet is a <blockquote>), not furniture.
EMBED_TAGS = ("blockquote",)
# Furniture that may nevertheless hold a long article (a mis-named wrapper) is kept
# when it contains several real paragraphs; these names are never the article.
ALWAYS_JUNK_ATTR = re.compile(r"comment|disqus|outbrain|taboola|newsletter|cookie|gdpr|consent", re.I)
# How many distinct class/id/role strings the furniture test remembers (a page has a
# few hundred; a build goes on to other pages' names).
FURNITURE_NAME_CACHE = 8192
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Elements that are never furniture, whatever their class says.
NEVER_FURNITURE_TAGS = ("body", "html", "main", "article")
# A furniture-named wrapper is kept when it holds this many real paragraphs:
# lines of at least so many words, with less than this share of link text.
REAL_PARAGRAPHS_MIN = 2
REAL_PARAGRAPH_MIN_WORDS = 20
REAL_PARAGRAPH_MAX_LINK_SHARE = 0.3

# ---------------------------------------------------------------------------
# Page hints (hints.py): meta tags, JSON-LD, the URL
# ---------------------------------------------------------------------------

# A date in a URL path: "/2016/01/29/".
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|$|\.|_)")
# The host of a URL, without "www.": a source hint.
URL_HOST = re.compile(r"https?://(?:www\.)?([^/:?#]+)")
# "Headline | Site", "Headline - Site": the separator before a site name in a title.
TITLE_SEP = re.compile(r"\s+[|\-–—:·•»]+\s+")
# What follows the last separator is a site name when it is the og:site_name or this short.
SITE_SUFFIX_MAX_WORDS = 4
# A title candidate shorter than this (in words) is a site name or a label, not a headline.
TITLE_MIN_WORDS = 2
# The publication date's own meta tags: the best date hints.
PUBLISHED_META_KEYS = ("article:published_time", "og:article:published_time")
# Other date meta tags, after JSON-LD, itemprop and <time>.
DATE_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
    "displaydate",
)
# Only the first few itemprop=datePublished and <time datetime> values: later
# ones belong to comments and other stories.
MAX_ITEMPROP_DATES = 3
MAX_TIME_DATES = 2
# A date in hand-written JSON-LD that is not quite JSON (single quotes, trailing commas).
LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
# JSON-LD types whose headline and datePublished are the article's.
ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle")

# ---------------------------------------------------------------------------
# Choosing the body (body.py)
# ---------------------------------------------------------------------------

# The page's own headline marks where its article starts: a block below it is
# taken instead of a bigger one above (a teaser list, a menu, a featured story)
# when it has at least this share of the bigger one's score (text) or credit (HTML).
ANCHOR_SEGMENT_MIN_SHARE = 0.3
ANCHOR_ELEMENT_MIN_SHARE = 0.3
# HTML: a paragraph credits its parent element fully and its grandparent this much (Readability).
GRANDPARENT_CREDIT = 0.5
# A short paragraph that is not a link gives its element a little credit (a
# calendar, a recipe is all short paragraphs): this much, from so many words,
# with less than this share of link text.
SHORT_PARAGRAPH_CREDIT = 1.0
SHORT_PARAGRAPH_MIN_WORDS = 3
SHORT_PARAGRAPH_MAX_LINK_SHARE = 0.3
# An enclosing element is taken in when what it adds is mostly prose (positive
# line scores against negative ones) and not negligible: an article cut into
# sections or interleaved with ads is, a list of teasers under headlines is not.
WIDEN_PROSE_SHARE = 0.8
WIDEN_MIN_GAIN = 0.1
# In what an enclosing element adds, a line with more than this share of link
# text is another story's headline or a menu and counts fully against it ...
WIDEN_LINK_LINE_SHARE = 0.5
# ... other negative lines (sub-heads, list items, captions) are article-like and count this much.
WIDEN_ARTICLE_LIKE_LOSS = 0.25
# Siblings of the article's element join it when they hold prose of their own, at
# least this much and this share of the element's (Readability: 10 and 0.2), with no
# more than this share of link text: a page cut into sections of a paragraph or two.
SIBLING_MIN_CREDIT = 10.0
SIBLING_MIN_SHARE = 0.2
SIBLING_MAX_LINK_SHARE = 0.3
# A sibling that is a paragraph (<p>) joins on its own merits, as in Readability: when
# it holds a sentence end, and is prose of more than this many characters with less
# than this share of link text, or is shorter, with no link (an introduction above a
# table, a closing remark). A byline or dateline has no sentence end.
SIBLING_PARAGRAPH_MIN_CHARS = 80
SIBLING_PARAGRAPH_MAX_LINK_SHARE = 0.25
SIBLING_SENTENCE_END = re.compile(r"[.!?。！？][\"”’')\]]*(?:\s|$)")
# A line of the article's element with more link text than this is a link list ...
# (four fifths: a line with a word or two of its own around a link, "Portrait by
# <a>Jane Doe</a>", "Provided by <a>the agency</a>", "Pro tip: <a>more ideas here</a>!",
# is the article's; at half, such credits and pointers were lost)
ARTICLE_MAX_LINK_SHARE = 0.8
# ... unless it is a table cell: a table inside the article is data, linked or not ...
TABLE_CELL_TAGS = ("td", "th")
# ... or has this many words of its own besides its links: a sentence that links its
# subject ("Thanks to evilpie, users can now <a>import logins</a>"), not a link list.
LINKED_LINE_MIN_OWN_WORDS = 3
# A paragraph wholly in brackets, "[Read: Why the talks stalled]", between two
# paragraphs of prose is an editor's aside set into the text, kept however linked.
BRACKETED_ASIDE = re.compile(r"^\[[^\[\]]{10,}\]$")
# A shopping round-up gives each product its paragraph and then where to buy it, a
# list of links of its own: at most this many items, one naming a price ("Get it on
# Amazon for $39.99", "49,99 €"). Lists of other stories name no price.
BUYING_LIST_MAX_ITEMS = 3
PRICE = re.compile(r"[$€£¥]\s?\d|\d\s?(?:[€£]|(?:EUR|USD)\b)")
# End matter: a section headed "References", "Notes", "Sources", "Bibliography"... (a
# heading, h1-h6, saying only that, perhaps with a bracketed "[edit]" link) holds the
# article's citations and notes, its own text however linked, dated or short. Such a
# section is the article's when it is inside it, or follows it in the same parent
# element within this many lines (a "See also" list between them is not taken).
END_MATTER_HEADING = re.compile(
    r"^(?:references?|notes?|footnotes|end ?notes|citations|sources|bibliography|works cited|further reading"
    r"|notes and references|références|notes et références|referencias|referências|riferimenti|note"
    r"|einzelnachweise|quellen|literatur|anmerkungen|bibliographie|bibliografía|bibliografia|fuentes|notas)"
    r"\s*:?(?:\s*\[[^\]]{1,20}\])?$",
    re.IGNORECASE,
)
END_MATTER_MAX_GAP = 12
# A list item of the article that is all link is kept when its list is mostly text:
# at least this many of its items, and this share of them, are no links (a list of
# changes, some of them linked to their bug). A list of links stays a link list.
TEXT_LIST_MIN_ITEMS = 2
TEXT_LIST_MIN_SHARE = 0.5
# A chart drawn in HTML leaves its labels in the article's element: a run of at
# least so many lines of at most so many words (table cells aside), this share of
# them figures ("$900", "'17", "600", "12%"), is dropped from the body.
CHART_MIN_LABELS = 8
CHART_LABEL_MAX_WORDS = 2
CHART_FIGURE_SHARE = 0.5
FIGURE_LABEL = re.compile(r"^[-+$€£¥’']?\d[\d,.:]*%?(?:\s+\S+)?$")
# A body with less prose than this (line scores: about one sentence of ten words) is
# no article told from its page: a headline alone, a table, a first line cut off.
# The page's best text is taken instead, marked as guessed (body.guess).
ARTICLE_MIN_PROSE = 3.0
# A guessed body needs one line of readable text, this many words at least: a
# page of one-word menu items ("Home", "News", "Sports") has none, and is refused.
READABLE_LINE_MIN_WORDS = 3
# Short lines above the first paragraph are kickers, bylines and dates (not sub-heads).
KICKER_MAX_WORDS = 6
# ... but a short paragraph (<p>) ending like a sentence is the article's first
# sentence ("New tasks for the game!"): kickers, bylines and dates do not end so.
LEAD_SENTENCE_END = re.compile(r"[.!?。！？]$")
SUBHEAD_TAGS = frozenset("h2 h3 h4 h5 h6 li".split())
# A copyright line naming its holder, "© 2019 The New York Times Company", "Copyright
# 2016 Yonhap News Agency. All rights reserved.": the holder is a source hint (after
# the page's own meta tags). A holder is a few capitalised words; "All rights
# reserved" alone names no one, and a photo agency's credit is a caption.
COPYRIGHT_HOLDER = re.compile(
    r"^(?i:(?:copyright\s*)?(?:©|\(c\)|copyright)(?:\s*copyright)?)\s*"
    r"(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)?[,.]?\s*"
    r"((?:[A-Z][\w&'-]*\.?|of|the|and|&)(?:\s+(?:[A-Z][\w&'-]*\.?|of|the|and|&)){0,5})\s*(?:[.,;|]|$)"
)
# An "About us" section below the article says who runs the site: its heading, then
# within so many lines a sentence whose subject is the publisher, "Rhythm Media Group is
# a multi-media company, operating ...". The subject is a name (a few capitalised words)
# and the sentence calls it an organisation; anything else ("We are a team of ...", "Our
# mission is ...") names no one.
ABOUT_US_HEADING = re.compile(r"^(?:about\s+(?:us|the\s+(?:company|publisher))|who\s+we\s+are)$", re.IGNORECASE)
ABOUT_US_LOOKAHEAD_LINES = 2
ABOUT_US_PUBLISHER = re.compile(
    r"^((?:The\s+)?[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|of|and|&)){0,5})\s+(?:is|has\s+been)\s+"
    r"(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:company|group|publisher|publishing\s+house|corporation|organi[sz]ation|network|agency|firm|newspaper)\b"
)
ALL_RIGHTS = re.compile(r"[.,]?\s+all\s+rights\b", re.IGNORECASE)
NOT_A_HOLDER = re.compile(r"^(?:all\b|rights\b|the\s*$)|getty|shutterstock|istock|\bphoto", re.IGNORECASE)
# No headline on the page: the article's first words stand in for it, this many.
FALLBACK_TITLE_WORDS = 12
# Editor's notes are looked for from this many lines above the headline (or body) on.
NOTES_LOOKBACK_LINES = 15
# The sign-off follows the body within this many lines.
SIGNOFF_LOOKAHEAD_LINES = 3
# Timestamp lines are looked for from this many lines above the body to this many below it.
TIMESTAMP_LOOKBACK_LINES = 30
TIMESTAMP_LOOKAHEAD_LINES = 5

# ---------------------------------------------------------------------------
# Headline (headline.py): the page title among the lines, text dumps' headline, wire version
# ---------------------------------------------------------------------------

# Words that say nothing about what a headline and its body share.
STOPWORDS = frozenset(
    "the a an and or of to in on at for from by with as is are was were be has have had "
    "it its this that these those not but after over into about than new says said".split()
)
# The page title (og:title, <h1>...) is looked for among lines this short.
TITLE_LINE_MAX_WORDS = 40
# The headline is looked for among this many lines above the body.
HEADLINE_LOOKBACK_LINES = 40
# A headline has this many words at least and at most.
HEADLINE_MIN_WORDS = 2
HEADLINE_MAX_WORDS = 30
# The score of a line that cannot be the headline.
NOT_A_HEADLINE = -1.0
# A line mostly of links is no headline, unless it is the page's <h1>/<h2> (a self-link).
HEADLINE_MAX_LINK_SHARE = 0.5
LINKED_HEADLINE_TAGS = ("h1", "h2")
# Content words a headline needs for its full overlap score: one-word menu items overlap by chance.
HEADLINE_FULL_WORDS = 4
# Lost per line of distance from the body: very distant lines are other stories.
HEADLINE_DISTANCE_PENALTY = 0.004
# The best line must score more than this to be the headline.
HEADLINE_MIN_SCORE = 0.25
# The body's first line may itself be the headline, when it ends in "?" or "!"
# and is this short; real paragraphs end with a period or run on past it.
FIRST_LINE_HEADLINE_MAX_WORDS = 25
# Sentences are a standfirst or a caption, not a headline: they lose this much.
SENTENCE_HEADLINE_PENALTY = 0.3
# A headline is followed by its byline or date before the text starts: within
# this many lines, it gains up to this much, in full from this many words on
# (not for a two-word section label).
BYLINE_LOOKAHEAD_LINES = 8
BYLINE_BONUS = 0.3
BYLINE_BONUS_FULL_WORDS = 5
# "By Jane Doe", "Von ...", "Par ...": a byline (several languages), this short.
BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|af)\b(?:\s+\S|$)", re.IGNORECASE)
BYLINE_MAX_WORDS = 8
# "Home > World > Asia": a breadcrumb trail.
BREADCRUMB = re.compile(r"\S\s+[>»›/]\s+\S.*\s[>»›/]\s+\S")
# Wire version markers leading a headline: "(LEAD)", "(2nd LD)", "(News Focus)", "(URGENT)".
VERSION = re.compile(
    r"^\(\s*((?:LEAD|URGENT|\d+(?:st|nd|rd|th)\s+LD|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}))\s*\)\s*(?=\S)"
)
VERSION_UPDATE = re.compile(r"^(UPDATE\s+\d+)\s*[-–—:]\s*(?=\S)")
