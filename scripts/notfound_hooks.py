"""404.html under any sub-path, even without SITE_URL (issue 9).

A static host serves 404.html at whatever address was missed, so its links cannot be relative to its own file.
With SITE_URL set, mkdocs writes them from the site's path and they work as they are. Without it they would point
at the host's root ("/assets/…"), which breaks when the site lives under a sub-path (a project's GitHub Pages,
a folder on a bureau server). Then this hook makes every root link relative and puts a `<base>` plus a tiny script
right after <meta charset>: the script looks for the site's root among the missed address's parent folders (the deepest
one that holds this site's indicators datapackage.json) and points `<base>` and the theme's settings there, before
any stylesheet or link is read. Without JavaScript `<base href="/">` keeps the old behaviour (the site at the root).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecosite.escape import script_json  # noqa: E402  (the escaping boundary: JSON inside <script>)

PROBE = "data/indicators/datapackage.json"  # a file only this site has, so another site at the host root is not taken
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
_ROOT_LINK = re.compile(r'\b(href|src)="/(?!/)')

_SCRIPT = """<base href="/"><script>(function () {
  var dirs = location.pathname.split("/"); dirs.pop();
  var base = "/";
  for (var i = dirs.length; i > 1; i--) {
    var candidate = dirs.slice(0, i).join("/") + "/";
    try {
      var x = new XMLHttpRequest(); x.open("HEAD", candidate + %(probe)s, false); x.send();
      if (x.status === 200) { base = candidate; break; }
    } catch (e) {}
  }
  document.querySelector("base").href = base;
  var config = %(config)s;
  config.base = base; config.search = base + config.search;
  var el = document.createElement("script"); el.id = "__config"; el.type = "application/json";
  el.textContent = JSON.stringify(config);
  document.head.prepend(el);
})();</script>"""


def on_post_template(output_content: str, template_name: str, config) -> str:
    if template_name != "404.html" or urlparse(config.site_url or "").path.strip("/"):
        return output_content  # not the 404 page, or SITE_URL gives the sub-path: mkdocs' links are right
    html = _ROOT_LINK.sub(r'\1="', output_content).replace('href="."', 'href="./"')
    found = _CONFIG.search(html)
    config_json = json.loads(found.group(1)) if found else {"base": "/", "search": ""}
    config_json["base"], config_json["search"] = "", config_json.get("search", "").lstrip("/")
    script = _SCRIPT % {"probe": json.dumps(PROBE), "config": script_json(config_json)}
    # after <meta charset> (which must stay within the first 1024 bytes), before any stylesheet or link
    charset = re.search(r"<meta charset=[^>]*>", html)
    at = charset.end() if charset else html.index("<head>") + len("<head>")
    return html[:at] + script + html[at:]
