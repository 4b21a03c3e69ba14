"""Build a site from a copy of the data and serve it on localhost, for tests.

Builds run in the test process (build.build_and_report with an explicit Config): the pipeline's caches (validated
packages, parsed tables, chart specs) are shared between the builds of one session.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from ecosite.config import Config


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str


def build(site_dir: Path, data_root: Path | None = None, site_url: str = "", emit: Path | None = None) -> BuildResult:
    """Run the real build (lock, validation, mkdocs, swap) as `ecosite-build` does, in this process; with `emit`,
    as `ecosite-build --emit DIR` does."""
    from ecosite import publish as build_script

    config = Config(output=site_dir, site_url=site_url, **({"data": data_root} if data_root is not None else {}))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        ok = build_script.build_and_report(config, emit=emit)
    return BuildResult(0 if ok else 1, out.getvalue(), err.getvalue())


class Server:
    """A static file server on 127.0.0.1 in a background thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
