"""The opening every published HTML page shares (the digest, the front page).

Self-contained pages: inline style, no external assets, UTF-8, a phone-width viewport.
"""

from __future__ import annotations

import html


def page_start(title: str, css: str) -> list[str]:
    """The lines from the doctype to the page's ``<h1>`` (the title escaped once for each use).

    Example: page_start("本地通知摘要 · 2023年4月26日", css)[-1] == "<h1>本地通知摘要 · 2023年4月26日</h1>".
    """
    e = html.escape(title)
    return [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e}</h1>",
    ]
