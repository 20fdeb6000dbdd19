"""Search stage: `Article`s in, `SearchResults` out, behind one interface (api.py).

    api.py        the SearchBackend and Searcher protocols, requests, results, errors
    facets.py     what each facet is and how its counts are shown (no backend code)
    highlight.py  snippets and marked paragraphs from the index's analyzer
    whoosh/       the Whoosh backend: the only code that imports Whoosh

The web UI and the CLI get a backend from `open_backend` and never name a backend class.
"""

from __future__ import annotations

from .api import BackendConfig, SearchBackend

# The backends by name, each a package of this one; the first is the default.
BACKENDS = ("whoosh",)
DEFAULT_BACKEND = BACKENDS[0]


def open_backend(config: BackendConfig) -> SearchBackend:
    """The backend `config` names, for the index at `config.location` (opens nothing yet:
    its searcher() does, and says when there is no index)."""
    kind = config.kind or DEFAULT_BACKEND
    if kind == "whoosh":
        from .whoosh.backend import WhooshBackend

        return WhooshBackend(config.location)
    raise ValueError(f"unknown search backend {kind!r}; expected one of {BACKENDS}")
