#!/usr/bin/env python3
"""Check the HTML documents the browser tests saved with the Nu Html Checker (vnu.jar).

    python3 .ci/check_html.py DIRECTORY

DIRECTORY is what ``HTML_CHECK_DIR`` named while the browser tests ran: one
``<sha256>.html`` per distinct document and ``index.tsv`` (file name, method, status,
URL; written by ``save_html_documents`` in tests/browser/conftest.py). Every error is
printed with the page it came from. Exit status: 0 no error, 1 errors, 2 nothing to
check or the checker could not run.

vnu.jar comes from the npm package pinned in .ci/vnu (``npm ci --prefix .ci/vnu
--ignore-scripts``) and needs Java 11 or newer; ``VNU_JAR`` and ``JAVA`` override
where they are looked for.
"""

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

VNU_JAR = Path(__file__).parent / "vnu/node_modules/vnu-jar/build/dist/vnu.jar"
INDEX = "index.tsv"


def vnu_jar() -> Path:
    return Path(os.environ.get("VNU_JAR", VNU_JAR))


def java() -> str | None:
    return shutil.which(os.environ.get("JAVA", "java"))


def vnu_errors(directory: Path) -> list[dict]:
    """vnu's error messages for the ``.html`` files in ``directory``."""
    command = [str(java()), "-jar", str(vnu_jar()), "--errors-only", "--format", "json"]
    command += ["--exit-zero-always", "--skip-non-html", str(directory)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    # vnu writes its report to stderr.
    return [m for m in json.loads(result.stderr)["messages"] if m["type"] != "info"]


def pages(directory: Path) -> dict[str, str]:
    """File name → "METHOD STATUS path" of the response that delivered it."""
    named = {}
    for line in (directory / INDEX).read_text(encoding="utf-8").splitlines():
        name, method, status, url = line.split("\t")
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        named[name] = f"{method} {status} {path}"
    return named


def report(directory: Path) -> int:
    if java() is None or not vnu_jar().exists():
        print(f"needs java and {vnu_jar()} (npm ci --prefix .ci/vnu --ignore-scripts)")
        return 2
    named = pages(directory) if (directory / INDEX).exists() else {}
    if not named:
        print(f"no saved documents in {directory} (was HTML_CHECK_DIR set for the tests?)")
        return 2
    by_page: dict[str, list[dict]] = {}
    for message in vnu_errors(directory):
        name = Path(unquote(urlsplit(message.get("url", "")).path)).name
        by_page.setdefault(named.get(name, name or "(checker)"), []).append(message)
    for page, messages in sorted(by_page.items()):
        print(page)
        for message in messages:
            where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
            print(f"  {where}: {message['message']}")
            if message.get("extract"):
                print(f"      {' '.join(message['extract'].split())}")
    count = sum(len(messages) for messages in by_page.values())
    if count:
        print(f"\n{count} error(s) in {len(by_page)} of {len(named)} documents; by message:")
        kinds = Counter(m["message"] for messages in by_page.values() for m in messages)
        for text, times in kinds.most_common():
            print(f"{times:6}  {text}")
        return 1
    print(f"Nu Html Checker: no errors in {len(named)} documents")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(report(Path(sys.argv[1])))
