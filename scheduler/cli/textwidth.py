"""Column alignment for terminal tables that hold Chinese text.

A terminal shows East Asian wide and full-width characters (汉字, 全角标点)
in two columns, so ``str.ljust`` misaligns every row that holds them.
``display_width`` counts columns with ``unicodedata.east_asian_width``
(W and F are two columns, combining marks none) and ``pad`` fills to a
column count.
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes.

    Example: display_width("热线问政 9:00") → 13 (four wide characters and five narrow ones).
    """
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` terminal columns (never cut).

    Example: pad("下周三", 10) → "下周三    " (six columns of text, four spaces).
    """
    return text + " " * max(0, columns - display_width(text))
