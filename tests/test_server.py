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


def _start_server(index_dir: Path, log_dir: Path) -> tuple[str, subprocess.Popen]:
    """Start `searchapp serve`; its access log goes to log_dir/out.log and errors to err.log
    (files, not pipes: a pipe nobody reads fills up and stalls the server mid-test)."""
    port = _free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "out.log", "w") as out, open(log_dir / "err.log", "w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "searchapp.cli", "serve", "--index", str(index_dir), "--port", str(port),
             "--workers", "2", "--threads", "2"],
            stdout=out, stderr=err, text=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _get(base + "/search.json")
            return base, proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                pytest.fail(f"the server did not start: {(log_dir / 'err.log').read_text()[-2000:]}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def server(seed_index, tmp_path_factory):
    logs = tmp_path_factory.mktemp("server-logs")
    base, proc = _start_server(seed_index, logs)
    yield base, proc, logs
    proc.terminate()
    proc.wait(timeout=30)


def test_serve_runs_gunicorn_not_flasks_development_server(server):
    base, _proc, _logs = server
    status, headers, _body = _get(base + "/")
    assert status == 200 and "gunicorn" in headers["Server"].lower()


def test_the_server_answers_concurrent_searches(server):
    base, _proc, _logs = server
    urls = [f"{base}/search.json?q={q}" for q in ("Kerry", "sanctions", "UN", "Blinken", "Churkin") * 8]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(_get, urls))
    assert all(status == 200 for status, _h, _b in answers)
    totals = {json.loads(body)["q"]: json.loads(body)["total"] for _s, _h, body in answers}
    assert totals == {"Kerry": 4, "sanctions": 5, "UN": 5, "Blinken": 1, "Churkin": 1}


def test_the_load_script_runs_against_the_server(server):
    base, _proc, _logs = server
    script = Path(__file__).resolve().parents[1] / "scripts" / "loadtest.py"
    done = subprocess.run([sys.executable, str(script), "--url", base, "--clients", "3", "--requests", "60"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"3 clients\s+60\s", done.stdout) and "ratio to the baseline" in done.stdout


def test_searches_go_on_without_an_error_across_rebuild_swaps(seed_copy, tmp_path):
    """The load script with --rebuild: two rebuilds swap a new index in while 4 clients
    search; it fails (exit 1) on any 5xx or unanswered request, or if no swap was seen."""
    from .conftest import build

    index_dir = tmp_path / "index"
    build(seed_copy, index_dir)
    base, proc = _start_server(index_dir, tmp_path / "logs")
    try:
        script = Path(__file__).resolve().parents[1] / "scripts" / "loadtest.py"
        out = tmp_path / "load.json"
        done = subprocess.run(
            # Bounded by the 60 s: each rebuild loads the NER model, and 4 clients on 2 cores
            # may answer more than a few thousand requests before the second swap.
            [sys.executable, str(script), "--url", base, "--clients", "4", "--requests", "50000", "--seconds", "60",
             "--rebuild", str(seed_copy), "--index", str(index_dir), "--rebuilds", "2", "--after-swap", "1",
             "--json", str(out)],
            capture_output=True, text=True, timeout=180,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())
    assert figures["swaps"] == 2 and "swaps seen during the load: 2" in done.stdout
    for phase in ("before swap 1", "after swap 1", "after swap 2"):
        assert figures[phase]["requests"] > 0 and figures[phase]["errors"] == 0, phase


def test_the_load_script_refuses_other_hosts():
    script = Path(__file__).resolve().parents[1] / "scripts" / "loadtest.py"
    done = subprocess.run([sys.executable, str(script), "--url", "http://192.0.2.1:80"], capture_output=True, text=True)
    assert done.returncode != 0 and "not on loopback" in done.stderr


def test_the_server_logs_requests(server):  # last of the server tests: it stops the server
    base, proc, logs = server
    _get(base + "/search?q=logged")
    proc.terminate()
    proc.wait(timeout=30)
    out, err = (logs / "out.log").read_text(), (logs / "err.log").read_text()
    assert "GET /search?q=logged" in out  # the access log, on stdout
    assert "Booting worker" in err  # the error log, on stderr


@pytest.mark.parametrize(
    "path",
    ["/", "/search?q=Kerry", "/search.json?q=Kerry", f"/article/{seed_id('000')}", f"/article/{seed_id('000')}.json",
     "/article/nope.txt", "/article/nope.txt.json", "/static/style.css", "/favicon.ico", "/nowhere",
     "/search.csv?q=Kerry", "/search.jsonl?q=Kerry", "/search.csv?q=%22open", "/facet/people", "/facet/people.json"],
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()  # a static file stays open until then
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, name)


def test_the_policy_forbids_inline_script_and_other_origins():
    policy = dict(part.strip().split(" ", 1) for part in SECURITY_HEADERS["Content-Security-Policy"].split(";"))
    # Script only from this origin's own files (static/keys.js): never inline, never eval.
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert all("http" not in v and "*" not in v and "unsafe" not in v for v in policy.values())
