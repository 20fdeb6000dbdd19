"""The production server (`searchapp serve`: gunicorn) and the headers on every response."""

from __future__ import annotations

import concurrent.futures
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from searchapp.web import SECURITY_HEADERS

from .conftest import seed_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.fixture(scope="module")
def server(seed_index):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "searchapp.cli", "serve", "--index", str(seed_index), "--port", str(port),
         "--workers", "2", "--threads", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _get(base + "/search.json")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the server did not start: {proc.communicate()[1][-2000:]}")
            time.sleep(0.2)
    yield base, proc
    proc.terminate()
    proc.wait(timeout=30)


def test_serve_runs_gunicorn_not_flasks_development_server(server):
    base, _proc = server
    status, headers, _body = _get(base + "/")
    assert status == 200 and "gunicorn" in headers["Server"].lower()


def test_the_server_answers_concurrent_searches(server):
    base, _proc = server
    urls = [f"{base}/search.json?q={q}" for q in ("Kerry", "sanctions", "UN", "Blinken", "Churkin") * 8]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(_get, urls))
    assert all(status == 200 for status, _h, _b in answers)
    totals = {json.loads(body)["q"]: json.loads(body)["total"] for _s, _h, body in answers}
    assert totals == {"Kerry": 4, "sanctions": 5, "UN": 5, "Blinken": 1, "Churkin": 1}


def test_the_load_script_runs_against_the_server(server):
    base, _proc = server
    script = Path(__file__).resolve().parents[1] / "scripts" / "loadtest.py"
    done = subprocess.run([sys.executable, str(script), "--url", base, "--clients", "3", "--requests", "60"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"3 clients\s+60\s", done.stdout) and "ratio to the baseline" in done.stdout


def test_the_load_script_refuses_other_hosts():
    script = Path(__file__).resolve().parents[1] / "scripts" / "loadtest.py"
    done = subprocess.run([sys.executable, str(script), "--url", "http://192.0.2.1:80"], capture_output=True, text=True)
    assert done.returncode != 0 and "not on loopback" in done.stderr


def test_the_server_logs_requests(server):  # last of the server tests: it stops the server
    base, proc = server
    _get(base + "/search?q=logged")
    proc.terminate()
    out, err = proc.communicate(timeout=30)
    assert "GET /search?q=logged" in out  # the access log, on stdout
    assert "Booting worker" in err  # the error log, on stderr


@pytest.mark.parametrize(
    "path",
    ["/", "/search?q=Kerry", "/search.json?q=Kerry", f"/article/{seed_id('000')}", f"/article/{seed_id('000')}.json",
     "/article/nope.txt", "/article/nope.txt.json", "/static/style.css", "/favicon.ico", "/nowhere"],
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()  # a static file stays open until then
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, name)


def test_the_policy_forbids_script_and_other_origins():
    policy = dict(part.strip().split(" ", 1) for part in SECURITY_HEADERS["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'" and "script-src" not in policy  # so no script at all
    assert policy["frame-ancestors"] == "'none'"
    assert all("http" not in v and "*" not in v and "unsafe" not in v for v in policy.values())
