"""Build a site from a copy of the data and serve it on localhost, for tests."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

from ecosite.paths import ROOT


def build(site_dir: Path, data_root: Path | None = None, site_url: str = "") -> subprocess.CompletedProcess:
    """Run the real build command in a fresh process (as a bureau editor or CI would)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url)
    if data_root is not None:
        env["ECOSITE_DATA"] = str(data_root)
    return subprocess.run(
        [sys.executable, "scripts/build.py", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


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
