"""The web UI's views: the search page and the article page, each with a JSON twin.

All state is in the URL (query, chosen facet values, sort, page), so every
view is a permalink. A searcher is taken from the backend per request and closed in
teardown, so a rebuild is picked up by the next request (the backend keeps the index
open between requests and reopens it when another build is live).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, replace
from urllib.parse import urlencode, urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import NotFound

from searchapp.search import checks
from searchapp.search.api import (
    DEFAULT_PER_PAGE,
    MAX_EXPORT_ROWS,
    MAX_PER_PAGE,
    SORTS,
    IndexNotFound,
    Searcher,
    SearchRequest,
    SearchResults,
)
from searchapp.search.export import csv_chunks, json_chunks, jsonl_chunks
from searchapp.search.facets import FACETS_BY_NAME

from . import BACKEND_KEY

# The help page's table of query syntax: (example, what it finds). Also /help.json.
QUERY_SYNTAX = (
    ("Kerry sanctions", "articles with both words, in any form (sanction, sanctions, sanctioned)"),
    ('"security council"', "the words as a phrase"),
    ("sanctions OR embargo", "either word"),
    ("sanctions -Russia", "without the word (also: sanctions NOT Russia)"),
    ("(sanctions OR embargo) Pyongyang", "parentheses group"),
    ("sanction*", "words that start with it (too common a start is refused with advice)"),
    ("title:Kerry", "in the title; also person:, country:, org:, source:, dateline:"),
    ("published:[2016-01 TO 2016-02]", "dated in that range (YYYY, YYYY-MM or YYYY-MM-DD); published:2016-01 for one month"),
    ("U.N.", "acronyms match with and without dots (U.N. and UN, U.S. and US)"),
)
URL_PARAMETERS = (
    ("q", "the query"),
    ("source, month, people, countries, organizations", "a facet value to filter on; repeat for several"),
    ("from, to", "a date range: YYYY, YYYY-MM or YYYY-MM-DD"),
    ("undated=1", "only the articles with no date"),
    ("sort", "relevance, newest or oldest"),
    ("page, per_page", f"the page, and hits per page (at most {MAX_PER_PAGE})"),
)

# Related articles (more like this) on an article's page.
RELATED_SHOWN = 5

# The timeline's drawing, in SVG user units (it scales to the column's width).
TIMELINE_WIDTH, TIMELINE_HEIGHT, TIMELINE_GAP = 600, 64, 1

# A facet's own page ("more"): values per page, and the longest filter text read.
FACET_PAGE_SIZE = 100
MAX_FACET_FILTER_CHARS = 100

# URL parameters kept encoded: a results page links some 150 times to the same search
# with one thing changed, so most of its links share their parameters.
ENCODED_PARAMETERS_CACHED = 8192

bp = Blueprint("web", __name__)


@bp.app_template_test("web_url")
def is_web_url(value: str) -> bool:
    """Only http(s) links are clickable: a document's own URL could be `javascript:`."""
    return urlsplit(value.strip()).scheme.lower() in ("http", "https")


def get_searcher() -> Searcher:
    if "searcher" not in g:
        g.searcher = current_app.extensions[BACKEND_KEY].searcher()
    return g.searcher


def close_searcher(_exc: BaseException | None = None) -> None:
    searcher = g.pop("searcher", None)
    if searcher is not None:
        searcher.close()


@bp.app_errorhandler(IndexNotFound)
def no_index(err: IndexNotFound):
    if request.path.endswith(".json"):
        return jsonify({"error": str(err)}), 503
    return render_template("error.html", message=str(err)), 503


@bp.app_errorhandler(NotFound)
def not_found(err: NotFound):
    """A missing page in the layout, with the search box (or as JSON for a JSON path)."""
    message = err.description if err.description != NotFound.description else f"No page at {request.path}."
    if request.path.endswith(".json"):
        return jsonify({"error": message}), 404
    return render_template("error.html", message=message, req=None), 404


@functools.lru_cache(maxsize=ENCODED_PARAMETERS_CACHED)
def _encoded(name: str, value: str) -> str:
    return urlencode([(name, value)])


def _query_string(params: list[tuple[str, str]]) -> str:
    """urlencode(params), each parameter encoded once per process."""
    return "&".join([_encoded(name, value) for name, value in params])


def _with_search(url: str, req: SearchRequest | None) -> str:
    params = req.to_params() if req else []
    return url + ("?" + _query_string(params) if params else "")


_SEARCH_VIEWS = {"": "web.search_page", ".json": "web.search_json", ".csv": "web.search_csv", ".jsonl": "web.search_jsonl"}


def _view_path(endpoint: str) -> str:
    """url_for(endpoint), once per request (the path is the same for every link to it)."""
    paths = g.setdefault("view_paths", {})
    if endpoint not in paths:
        paths[endpoint] = url_for(endpoint)
    return paths[endpoint]


def search_url(req: SearchRequest, fmt: str = "") -> str:
    return _with_search(_view_path(_SEARCH_VIEWS[fmt]), req)


def facet_url(name: str, req: SearchRequest, fmt: str = "", **extra: str | int) -> str:
    """A facet's own page for the search `req` (page and page size are the search's, so
    they are left out); `extra` adds the page's own parameters (fq, fpage)."""
    base = replace(req, page=1, per_page=DEFAULT_PER_PAGE)
    params = base.to_params() + [(k, str(v)) for k, v in extra.items() if v not in ("", 1)]
    url = url_for("web.facet_json" if fmt == ".json" else "web.facet_page", name=name)
    return url + ("?" + _query_string(params) if params else "")


def article_url(article_id: str, req: SearchRequest | None = None) -> str:
    """An article's page; with the search it was found by, so that the page can
    mark the query's matches and link back to the same results."""
    return _with_search(url_for("web.article_page", article_id=article_id), req)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    href: str


def timeline_bars(results: SearchResults) -> list[Bar]:
    """The timeline as bars to draw, each a link that narrows the search to its period."""
    timeline = results.timeline
    if timeline is None or not timeline.periods or not timeline.peak:
        return []
    step = TIMELINE_WIDTH / len(timeline.periods)
    bars = []
    for i, p in enumerate(timeline.periods):
        height = 0 if not p.count else max(1.0, TIMELINE_HEIGHT * p.count / timeline.peak)
        bars.append(Bar(
            x=round(i * step, 2), y=round(TIMELINE_HEIGHT - height, 2), width=round(max(step - TIMELINE_GAP, 0.5), 2),
            height=round(height, 2), label=p.label, count=p.count,
            # An empty period is drawn as no bar, so it links nowhere.
            href=search_url(results.request.with_dates(p.date_from, p.date_to)) if p.count else "",
        ))
    return bars


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it on pages without a <link rel="icon"> (the JSON twins)."""
    return current_app.send_static_file("favicon.svg")


def _search(req: SearchRequest) -> tuple[SearchResults, float]:
    """The results of `req` and how long the backend took, in milliseconds."""
    start = time.perf_counter()
    results = get_searcher().search(req)
    return results, (time.perf_counter() - start) * 1000


@bp.route("/")
@bp.route("/search")
def search_page():
    req = SearchRequest.from_args(request.args.to_dict(flat=False))
    results, took_ms = _search(req)
    return render_template(
        "search.html",
        req=req,
        results=results,
        sorts=SORTS,
        facet_labels={name: f.label for name, f in FACETS_BY_NAME.items()},
        search_url=search_url,
        article_url=article_url,
        facet_url=facet_url,
        bars=timeline_bars(results),
        timeline_size=(TIMELINE_WIDTH, TIMELINE_HEIGHT),
        json_url=search_url(req, ".json"),
        time_limit=checks.SEARCH_TIME_LIMIT,
        max_export=MAX_EXPORT_ROWS,
        took_ms=took_ms,
        autofocus=not req.to_params(),
    )


@bp.route("/search.json")
def search_json():
    if request.args.get("all") in ("1", "true", "yes"):  # every hit, as one streamed document
        return _export(json_chunks, "application/json", "json")
    req = SearchRequest.from_args(request.args.to_dict(flat=False))
    results, took_ms = _search(req)
    return jsonify({**results.to_json(), "took_ms": round(took_ms, 1)})


@bp.route("/help")
def help_page():
    return render_template(
        "help.html", syntax=QUERY_SYNTAX, parameters=URL_PARAMETERS, search_url=search_url,
        limits={"characters": checks.MAX_QUERY_CHARS, "words": checks.MAX_QUERY_TERMS,
                "seconds": checks.SEARCH_TIME_LIMIT, "export": MAX_EXPORT_ROWS},
        json_url=url_for("web.help_json"),
    )


@bp.route("/help.json")
def help_json():
    return jsonify({
        "syntax": [{"example": e, "finds": f} for e, f in QUERY_SYNTAX],
        "parameters": [{"name": n, "meaning": m} for n, m in URL_PARAMETERS],
        "limits": {"query_characters": checks.MAX_QUERY_CHARS, "query_words": checks.MAX_QUERY_TERMS,
                   "search_seconds": checks.SEARCH_TIME_LIMIT, "export_rows": MAX_EXPORT_ROWS},
    })


@bp.route("/opensearch.xml")
def opensearch():
    """Lets a browser add the collection as a search engine (the OpenSearch 1.1 description)."""
    xml = render_template("opensearch.xml", search=url_for("web.search_page", _external=True),
                          icon=url_for("static", filename="favicon.svg", _external=True))
    return Response(xml, mimetype="application/opensearchdescription+xml")


def _export(chunks, mimetype: str, extension: str) -> Response:
    """Every hit of the search in the URL (up to MAX_EXPORT_ROWS), streamed. The export
    keeps a searcher of its own, open until the last row is sent (or the client leaves)."""
    req = SearchRequest.from_args(request.args.to_dict(flat=False))
    searcher = current_app.extensions[BACKEND_KEY].searcher()
    try:
        export = searcher.export(req, MAX_EXPORT_ROWS)
    except BaseException:
        searcher.close()
        raise
    if export.error:
        searcher.close()
        return Response(export.error + "\n", 400, mimetype="text/plain")

    def stream():
        try:
            yield from chunks(export)
        finally:
            searcher.close()

    headers = {
        "Content-Disposition": f'attachment; filename="searchapp-export.{extension}"',
        "X-Total-Count": str(export.total),
        "X-Export-Rows": str(min(export.total, MAX_EXPORT_ROWS)),
    }
    return Response(stream(), mimetype=mimetype, headers=headers)


@bp.route("/search.csv")
def search_csv():
    return _export(csv_chunks, "text/csv", "csv")


@bp.route("/search.jsonl")
def search_jsonl():
    return _export(jsonl_chunks, "application/x-ndjson", "jsonl")


def _facet_answer(name: str):
    facet = FACETS_BY_NAME.get(name)
    if facet is None:
        raise NotFound(f"No facet {name!r}; the facets are {', '.join(FACETS_BY_NAME)}.")
    req = SearchRequest.from_args(request.args.to_dict(flat=False))
    fq = request.args.get("fq", "").strip()[:MAX_FACET_FILTER_CHARS]
    fpage = max(1, _int_arg("fpage"))
    result = get_searcher().facet(req, name)
    values = [v for v in result.values if fq.casefold() in v.value.casefold()] if fq else list(result.values)
    pages = max(1, -(-len(values) // FACET_PAGE_SIZE))
    shown = values[(fpage - 1) * FACET_PAGE_SIZE : fpage * FACET_PAGE_SIZE]
    return facet, req, fq, fpage, pages, values, shown


def _int_arg(name: str) -> int:
    try:
        return int(request.args.get(name, "1"))
    except ValueError:
        return 1


@bp.route("/facet/<name>")
def facet_page(name: str):
    facet, req, fq, fpage, pages, values, shown = _facet_answer(name)
    return render_template(
        "facet.html",
        facet=facet,
        req=req,
        fq=fq,
        fpage=fpage,
        pages=pages,
        matching=len(values),
        values=shown,
        search_url=search_url,
        facet_url=facet_url,
        json_url=facet_url(name, req, ".json", fq=fq, fpage=fpage),
    )


@bp.route("/facet/<name>.json")
def facet_json(name: str):
    facet, req, fq, fpage, pages, values, shown = _facet_answer(name)
    return jsonify({
        "facet": facet.name,
        "label": facet.label,
        "q": req.q,
        "filters": {n: list(v) for n, v in req.filters},
        "fq": fq,
        "fpage": fpage,
        "fpages": pages,
        "values_total": len(values),
        "values": [{"value": v.value, "count": v.count, "selected": v.selected} for v in shown],
    })


def _versions(article) -> list:
    """The other articles of the article's story, newest first."""
    found = get_searcher().search(SearchRequest(story=article.story, sort="newest", per_page=MAX_PER_PAGE))
    return [h for h in found.hits if h.id != article.id]


@bp.route("/article/<path:article_id>")
def article_page(article_id: str):
    as_json = article_id.endswith(".json")
    # Document ids end in .txt/.html/.htm, never .json, so the suffix is unambiguous.
    if as_json:
        article_id = article_id[: -len(".json")]
    article = get_searcher().article(article_id)
    if article is None:
        if as_json:
            return jsonify({"error": f"No article {article_id!r}"}), 404
        abort(404, f"No article {article_id!r}: it may have left the collection in a rebuild. Search for it by its title.")
    if as_json:
        related = get_searcher().related(article.id, RELATED_SHOWN)
        brief = lambda h: {"id": h.id, "title": h.title, "source": h.source, "published": h.published}
        return jsonify({**article.to_json(), "related": [brief(h) for h in related],
                        "versions": [brief(h) for h in _versions(article)]})
    req = SearchRequest.from_args(request.args.to_dict(flat=False))
    return render_template(
        "article.html",
        article=article,
        req=req,  # keeps the query in the search box
        title_html=get_searcher().highlight_title(article, req.q),
        related=get_searcher().related(article.id, RELATED_SHOWN),
        versions=_versions(article),
        article_url=article_url,
        paragraphs=get_searcher().highlight_paragraphs(article, req.q),
        back_url=search_url(req),
        from_search=bool(req.to_params()),
        entity_url=lambda facet, value: search_url(SearchRequest().toggled(facet, value)),
        json_url=url_for("web.article_page", article_id=article.id + ".json"),
    )
