"""Ingest: a folder of documents -> `Article` records, ready to index.

read (reader.py) -> clean (clean/) -> extract (extract/: metadata, entities),
put together by pipeline.py. Nothing here knows about the index or the web.
"""
