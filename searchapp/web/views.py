"""The web UI's views: the search page and the article page, each with a JSON twin.

All state is in the URL (query, chosen facet values, sort, page), so every
view is a permalink. A searcher is taken from the backend per request and closed in
teardown, so a rebuild is picked up by the next request (the backend keeps the index
open between requests and reopens it when another build is live).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request, url_for

from searchapp.search import checks
from searchapp.search.api import SORTS, IndexNotFound, Searcher, SearchRequest
from searchapp.search.facets import FACETS_BY_NAME

from . import BACKEND_KEY

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


def _with_search(url: str, req: SearchRequest | None) -> str:
    params = req.to_params() if req else []
    return url + ("?" + urlencode(params) if params else "")


def search_url(req: SearchRequest, fmt: str = "") -> str:
    return _with_search(url_for("web.search_json" if fmt == ".json" else "web.search_page"), req)


def article_url(article_id: str, req: SearchRequest | None = None) -> str:
    """An article's page; with the search it was found by, so that the page can
    mark the query's matches and link back to the same results."""
    return _with_search(url_for("web.article_page", article_id=article_id), req)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it on pages without a <link rel="icon"> (the JSON twins)."""
    return current_app.send_static_file("favicon.svg")


@bp.route("/")
@bp.route("/search")
def search_page():
    req = SearchRequest.from_args(request.args.to_dict(flat=False))
    results = get_searcher().search(req)
    return render_template(
        "search.html",
        req=req,
        results=results,
        sorts=SORTS,
        facet_labels={name: f.label for name, f in FACETS_BY_NAME.items()},
        search_url=search_url,
        article_url=article_url,
        json_url=search_url(req, ".json"),
        time_limit=checks.SEARCH_TIME_LIMIT,
    )


@bp.route("/search.json")
def search_json():
    req = SearchRequest.from_args(request.args.to_dict(flat=False))
    results = get_searcher().search(req)
    return jsonify(results.to_json())


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
        abort(404)
    if as_json:
        return jsonify(article.to_json())
    req = SearchRequest.from_args(request.args.to_dict(flat=False))
    return render_template(
        "article.html",
        article=article,
        req=req,  # keeps the query in the search box
        paragraphs=get_searcher().highlight_paragraphs(article, req.q),
        back_url=search_url(req),
        from_search=bool(req.to_params()),
        entity_url=lambda facet, value: search_url(SearchRequest().toggled(facet, value)),
        json_url=url_for("web.article_page", article_id=article.id + ".json"),
    )
