"""Word ``.docx`` notices → text, with ``python-docx``.

Paragraphs and tables in document order; each table row is one line with
its cells between `` | `` marks (a merged cell counted once), so a schedule
table (| 日期 | 时间 | 地点 | 内容 |) keeps each happening on its own line, the
way the engine reads rows, and reads exactly like the same table in a web
page (trafilatura writes HTML tables that way).  Legacy binary ``.doc`` files are refused earlier, by
``formats.detect_format``.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scheduler.inputs.inbox import InputError, SourceDoc

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table

CELL_SEPARATOR = " | "
"""Between the cells of a table row (which also opens and closes with a bar)."""

_SPACES = re.compile(r"[ \t\u00a0]+")


def docx_document(data: bytes, origin: str) -> SourceDoc:
    """The text of a ``.docx`` file; ``InputError`` naming ``origin`` when it is not one.

    Example: a notice with the paragraph "关于召开社区工作会议的通知" and a table row
    5月9日 / 9:00-11:00 / 市民之家三楼 → "关于召开社区工作会议的通知\\n| 5月9日 | 9:00-11:00 | 市民之家三楼 |".
    """
    import docx  # lazy: only Word files need it
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK\x03\x04"):
        raise InputError(origin, "not a .docx file (not a ZIP package; a renamed .doc?)")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_lines(document))
    except (zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise InputError(origin, f"corrupt .docx file ({exc})") from None
    except KeyError as exc:
        raise InputError(origin, f"corrupt .docx file (missing part {exc})") from None
    except Exception as exc:  # lxml or python-docx errors on damaged XML inside the package
        raise InputError(origin, f"corrupt .docx file ({type(exc).__name__}: {exc})") from None
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        raise InputError(origin, "no text in the Word document")
    return SourceDoc(
        path=origin,
        text=text,
        encoding="docx",
        meta={},
        sha256=hashlib.sha256(data).hexdigest(),
        body_offset=0,
    )


def _lines(document: WordDocument) -> Iterator[str]:
    """Paragraph lines and table-row lines, in document order."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield _tidy(block.text)


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = _tidy(" ".join(p.text for p in cell.paragraphs))
            if text:
                cells.append(text)
        if cells:
            yield "| " + CELL_SEPARATOR.join(cells) + " |"


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\r", "")).strip()
