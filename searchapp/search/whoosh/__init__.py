"""The Whoosh backend, the only package that imports Whoosh.

    backend.py   WhooshBackend / WhooshSearcher: the search API over one index folder
    build.py     index folders: a complete new build, swapped in atomically
    schema.py    the fields, both ways: Article -> document, stored fields -> records
    queries.py   the reader's text -> a correct and fast Whoosh query; what to mark
    tables.py    numpy facet tables and the date column, per segment, cached
    analysis.py  the analyzer shared by indexing, querying and highlighting
"""
