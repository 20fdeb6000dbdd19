"""The production server: gunicorn, with the app made once and forked into its workers.

Why gunicorn: a search is CPU-bound pure Python (Whoosh), so on a 2-core machine only
processes answer two searches at once; threads inside each worker keep a slow search
from holding up the quick ones. Gunicorn is the Linux standard for exactly that
(pre-forked workers, each with a thread pool, restarted when they die or hang).
"""

from __future__ import annotations

from flask import Flask
from gunicorn.app.base import BaseApplication

# A worker that takes longer than this on one request is killed and replaced (gunicorn's
# own default; a search is far shorter, so this only catches a stuck worker).
WORKER_TIMEOUT_S = 30


class _Server(BaseApplication):
    def __init__(self, app: Flask, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def serve(app: Flask, host: str, port: int, workers: int, threads: int) -> None:
    """Serve `app` until interrupted; the access log goes to stdout, the error log to stderr."""
    _Server(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": WORKER_TIMEOUT_S,
            "accesslog": "-",
            "errorlog": "-",
        },
    ).run()
