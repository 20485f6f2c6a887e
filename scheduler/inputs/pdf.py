"""PDF notices → text, with ``pdfminer.six``.

Only the text layer is read.  A PDF without one (a scanned notice) is
reported as such, with its page count, and never guessed at; a text layer
made of glyph ids without a Unicode map (``(cid:123)``) is reported as
unreadable rather than passed on as noise.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re

from scheduler.inputs.inbox import InputError, SourceDoc

# pdfminer warns about every odd object of a damaged file; the reader reports one line instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_CID_GLYPH = re.compile(r"\(cid:\d+\)")
_MAX_CID_SHARE = 0.3


def pdf_document(data: bytes, origin: str) -> SourceDoc:
    """The text layer of a PDF; ``InputError`` for a scanned, encrypted or corrupt one.

    Example: a PDF showing "关于城南片区临时停水的通知 / 定于2024年5月9日9:00至17:00停水。"
    → SourceDoc(text="关于城南片区临时停水的通知\\n定于2024年5月9日9:00至17:00停水。", encoding="pdf", …).
    """
    from pdfminer.high_level import extract_pages  # lazy: only PDFs need it
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFTextExtractionNotAllowed
    from pdfminer.psexceptions import PSException

    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise InputError(origin, "not a PDF file (no %PDF- header)")
    pages = 0
    chunks: list[str] = []
    try:
        for layout in extract_pages(io.BytesIO(data), laparams=LAParams()):
            pages += 1
            chunks.extend(item.get_text() for item in layout if isinstance(item, LTTextContainer))
            chunks.append("\n")
    except PDFTextExtractionNotAllowed:
        raise InputError(origin, "the PDF forbids text extraction") from None
    except PDFEncryptionError:
        raise InputError(origin, "encrypted PDF (a password is needed)") from None
    except PSException as exc:
        raise InputError(origin, f"corrupt PDF ({exc or type(exc).__name__})") from None
    except Exception as exc:  # pdfminer raises plain errors on some damaged files
        raise InputError(origin, f"corrupt PDF ({type(exc).__name__}: {exc})") from None
    text = _tidy("".join(chunks))
    if pages == 0:
        raise InputError(origin, "corrupt PDF (no pages)")
    if not text.strip():
        noun = "page" if pages == 1 else "pages"
        raise InputError(origin, f"scanned PDF: no text layer on its {pages} {noun} (run OCR on it first)")
    glyphs = _CID_GLYPH.findall(text)
    if glyphs and len("".join(glyphs)) > _MAX_CID_SHARE * len(text):
        raise InputError(origin, "the PDF's text layer cannot be read (fonts without a Unicode map)")
    return SourceDoc(
        path=origin,
        text=text,
        encoding="pdf",
        meta={},
        sha256=hashlib.sha256(data).hexdigest(),
        body_offset=0,
    )


def _tidy(text: str) -> str:
    """Page breaks become line breaks; trailing spaces and runs of blank lines go."""
    lines = [line.rstrip() for line in text.replace("\x0c", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
