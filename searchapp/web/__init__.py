"""Web stage: the Flask app (application factory, as in Flask's tutorial).

The search backend is made once per app from its config (INDEX_DIR, SEARCH_BACKEND)
and a searcher is asked of it per request (views.get_searcher) and closed in teardown;
the backend makes that cheap (the Whoosh one shares one searcher per build and process).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from searchapp.search import DEFAULT_BACKEND, open_backend
from searchapp.search.api import BackendConfig

# Where the app keeps its search backend (Flask's place for extensions' state).
BACKEND_KEY = "searchapp.backend"

# On every response (HTML, JSON, errors, static files). The pages need no script and load
# nothing from another origin; the one script file they have (static/keys.js, the "/" key)
# only saves a click. So the policy allows script from this origin's files alone, never
# inline, and nothing from any other origin: a payload that slips into a page (a
# document's title, a query) cannot run or call out.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Application factory: config from a mapping."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=os.path.abspath(os.environ.get("SEARCHAPP_INDEX", "index")),
        SEARCH_BACKEND=DEFAULT_BACKEND,
        JSON_SORT_KEYS=False,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False  # keep the documented key order in JSON answers
    app.json.ensure_ascii = False
    app.extensions[BACKEND_KEY] = open_backend(
        BackendConfig(location=app.config["INDEX_DIR"], kind=app.config["SEARCH_BACKEND"])
    )

    from . import views

    app.register_blueprint(views.bp)
    app.teardown_appcontext(views.close_searcher)
    app.after_request(_secure)
    return app


def _secure(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
