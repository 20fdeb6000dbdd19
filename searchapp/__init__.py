"""searchapp: full-text search over diplomatic news.

The stages, each a package, each seeing only the records of searchapp/records.py and
the search API (searchapp/search/api.py): ingest/ (read, clean, extract), search/ (the
backend interface and the Whoosh backend), web/ (the Flask app) and cli.py.
docs/architecture.md has the map. Importing searchapp loads none of them.
"""
