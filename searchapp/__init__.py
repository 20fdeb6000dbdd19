"""searchapp: full-text search over diplomatic news.

The stages, each a package, each seeing only the records of searchapp/records.py and
the search API (searchapp/search/api.py): ingest/ (read, clean, extract), search/ (the
backend interface and the Whoosh backend), web/ (the Flask app) and cli.py.
docs/architecture.md has the map. Importing searchapp loads none of them.
"""

import os

# numpy's OpenBLAS starts a thread per core when numpy is imported, and none of our
# numpy work needs it (the facet counts are no matrix products). That thread costs the
# build: glibc takes a cheap, non-atomic path for every mutex only in a process that
# never had a second thread (nor a parent that had one, for a forked worker), and
# spaCy's parser takes and drops the GIL, a mutex, on each state lookup. Measured with
# perf on the NER of Reuters stories: a third of the model's time in mutex lock/unlock,
# and a sixth less CPU per document without the thread (docs/operations.md). Set before anything imports numpy; a
# value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
