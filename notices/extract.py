"""Placeholder: the extraction pipeline (being written)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from notices.model import Article, Notice, PublishedAt


@dataclass(frozen=True)
class Document:
    """One input text after extraction."""

    source: str
    published: PublishedAt
    articles: tuple[Article, ...]
    notices: tuple[Notice, ...]


def extract_document(
    text: str,
    *,
    source: str,
    published: datetime | None = None,
    meta: Mapping[str, str] | None = None,
) -> Document:
    raise NotImplementedError
