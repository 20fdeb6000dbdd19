"""searchapp: full-text search over diplomatic news."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Application factory (as in Flask's tutorial): config from a mapping."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=os.path.abspath(os.environ.get("SEARCHAPP_INDEX", "index")),
        JSON_SORT_KEYS=False,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False  # keep the documented key order in JSON answers
    app.json.ensure_ascii = False

    from . import web

    app.register_blueprint(web.bp)
    app.teardown_appcontext(web.close_searcher)
    return app
