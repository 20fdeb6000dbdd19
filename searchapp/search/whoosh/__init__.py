"""The Whoosh backend, the only package that imports Whoosh.

    backend.py   WhooshBackend / WhooshSearcher: the search API over one index folder
    build.py     index folders: a complete new build or an update, swapped in atomically
    parallel.py  a new index written by several processes, a segment each
    writing.py   Whoosh's segment writer, reading document lengths once per segment
    schema.py    the fields, both ways: Article -> document, stored fields -> records
    queries.py   the reader's text -> a correct and fast Whoosh query; what to mark
    tables.py    numpy facet tables and the date column, per segment, cached
    scoring.py   BM25F of words over postings as numpy arrays
    analysis.py  the analyzer shared by indexing, querying and highlighting
"""
