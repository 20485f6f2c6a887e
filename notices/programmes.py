"""Programmes: the sessions a run of days is made of (中考将于6月18日—20日举行 …
18日上午 8:30—11:00 语文；下午 14:30—16:30 物理、化学).

A clause that opens with its time and then only names a session is a session of
the happening above it, beside the run of days it falls in, and titled by its
name after the run's word (考试语文). ``notices.frames`` asks these questions of
each statement; ``notices.extract`` asks for the titles.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notices.statements import Statement

if TYPE_CHECKING:
    from notices.frames import Frame


def run_of_days(f: Frame) -> bool:
    """Whether a frame runs over whole days (6月18日—20日), not one day or an hour.

    Example: a frame 2016-06-18..2016-06-20 by days → True.
    """
    return f.value.all_day and f.value.end is not None and f.value.last_day > f.value.first_day


def session_row(text: str, s: Statement) -> bool:
    """A part of a programme: a clause that opens with its time and then only names a
    session (20日上午 8:30—10:30 思想品德、历史（开卷）; …，下午3:00—5:00考物理、化学).

    Example: the statement of 下午 14:30—16:30 in "下午 14:30—16:30 物理、化学" → True.
    """
    lo = max(text.rfind(c, s.sentence[0], s.mention.span[0]) for c in "，,；;") + 1
    lo = max(lo, s.sentence[0])
    lead = text[lo:s.mention.span[0]]
    rest = _session_rest(text, s)
    if lead.strip() or rest.startswith(_NOT_A_NAME):
        return False
    if 2 <= len(rest) <= 14 and _SESSION_NAME.fullmatch(rest) is not None:
        return True
    # a line of its own may name its session at more length (14:30 青年作家对谈：写给家乡的信（A馆主舞台）)
    own_line = text[s.sentence[0]:s.mention.span[0]].strip() == "" and "\n" in text[s.mention.span[1]:s.sentence[1] + 1]
    return own_line and 2 <= len(rest) <= 30 and _LINE_SESSION_NAME.fullmatch(rest) is not None


_PAPER = re.compile(r"《[^》]{2,16}》")  # a paper named in quotes (《申论》)
# what a time is said of when the words after it are no session's name (24日的现场观摩环节, 23日是世界读书日)
_NOT_A_NAME = ("的", "是", "为", "起", "前", "后", "在", "将", "以来", "上班", "正常", "照常")
# what a programme line names after its time: words, 、 between them, a note in brackets
_SESSION_NAME = re.compile(r"(?:进行)?(?:[\u4e00-\u9fffA-Za-z、]+|《[^》]{2,16}》(?:、《[^》]{2,16}》)*)(?:[(（][^()（）]{1,6}[)）])?")  # (进行《申论》)
# on a line of its own: quoted names and a subtitle after a colon too, a place in brackets
_LINE_SESSION_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9、“”《》\"]+(?:[:：][\u4e00-\u9fffA-Za-z0-9、“”《》]+)?(?:[(（][^()（）]{1,12}[)）])?")


def programme_kind(text: str, frames: list[Frame], s: Statement, above: str | None) -> str | None:
    """The kind of the happening a session belongs to: the run of days it falls in,
    else ``above`` (the happening before it in its row) when the session has a line
    of its own; a deadline has no sessions.

    Example: 17日上午8:30—10:30考数学 under 中考将于6月16日至18日举行 → "activity".
    """
    day = s.mention.value.first_day
    runs = [f for f in frames if run_of_days(f) and f.value.first_day <= day <= f.value.last_day and f.kind != "deadline"]
    if runs:
        return runs[-1].kind
    that_day = [f for f in frames if f.value.first_day == day and f.kind == "activity"]
    if that_day and _PAPER.search(_session_rest(text, s)):
        return that_day[-1].kind  # 笔试将于本周六举行。…本周六上午9:00—11:00进行《行政职业能力测验》: a paper of that day's exam
    if text[s.sentence[0]:s.mention.span[0]].strip():
        return None  # a clause inside a sentence is a session only inside a run of days (根据考试日程，16日上午…考语文)
    return above if above != "deadline" else None


def session_titles(text: str, frames: list[Frame]) -> dict[int, str]:
    """Titles of the sessions of a programme, by frame index: the session's own name,
    after the name of the run of days it falls in when that is one word (中考语文).

    Example: 中考将于6月18日—20日举行 … 18日上午 8:30—11:00 语文 → {1: "中考语文"}.
    """
    out: dict[int, str] = {}
    for i, f in enumerate(frames):
        s = f.anchor
        if f.kind == "deadline" or run_of_days(f) or s.hit is not None or not session_row(text, s):
            continue  # (a line that names its own kind is named as any other)
        name = _PLACE_NOTE.sub("", _session_rest(text, s)).removeprefix("考")
        day = f.value.first_day
        runs = [g for g in frames if g is not f and run_of_days(g) and g.value.first_day <= day <= g.value.last_day]
        if not runs:
            continue
        owner = runs[-1].anchor.hit.word if runs[-1].anchor.hit is not None else ""
        out[i] = f"{owner}{name}" if 2 <= len(owner) <= 4 and not name.startswith(owner) else name
    return out


# a place in brackets after a session's name (（二楼手工坊）), not part of its title; (开卷) stays
_PLACE_NOTE = re.compile(r"[(（][^()（）]*[厅馆室区场楼台坊院园所站][)）]$")


def _session_rest(text: str, s: Statement) -> str:
    """The words of a session's clause after its time."""
    hi = min([i for c in "，,；;。" if (i := text.find(c, s.mention.span[1], s.sentence[1])) >= 0] or [s.sentence[1]])
    return text[s.mention.span[1]:hi].strip(" \t\n")


__all__ = ["programme_kind", "run_of_days", "session_row", "session_titles"]
