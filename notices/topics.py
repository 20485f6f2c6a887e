"""Rows and sections of an article: the ``topic`` each time statement sits in.

A list line (``(二)象棋邀请赛``) opens a row; lines that repeat a time label
(``停电时间：…``) are the records of a table, as are ``| a | b |`` rows and
schedules of dated lines (``10月9日（周三） 市自然资源和规划局``); hours
given under such rows (``接待时间：…``) are every row's (a ``shared`` topic).

Example: topics("…举行文化节。\n(一)开幕式\n1.时间:10月20日上午10:00", art)
→ [Topic(0, …, None), Topic(1, …, "开幕式")].
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from notices.cues import cues
from notices.model import Article
from notices.text import PICTOGRAPHS, table_cells
from notices.titles import _LIST_MARK, clean_heading


@dataclass(frozen=True)
class Topic:
    """A row or section of an article: where it starts and its heading.

    Example: Topic(id=2, start=812, heading="象棋邀请赛").
    """

    id: int
    start: int
    heading: str | None
    held: str | None = None  # 举办美食特色街 under "(三)品尝美食": the name the row holds
    record: bool = False  # a record of a table (停电时间：… repeated): never the same happening as another
    columns: tuple[str, ...] = ()  # a row of a | table |: the header's cells (停电日期, 停电范围…)
    cells: tuple[str, ...] = ()  # and the row's own cells
    shared: bool = False  # 接待时间：上午8:30-12:00 under a schedule of dated rows: every row's hours


_HELD = re.compile(r"^\s*(?:举办|举行|开展|组织|开设|推出)([^，,。；;:：]{2,20}?)(?:活动)?(?=[，,。；;]|\s*$)")
_CAPTION = re.compile(r"^\s*[▲△※]")  # a photo caption, not a row
_LABEL_LINE = re.compile(r"^\s*[^，,。:：]{1,12}[:：]")  # 时间：… 地点：… details of the row above


def topics(text: str, art: Article) -> list[Topic]:
    """Rows and sections of an article, in order (the lead is topic 0).

    A list line (``(二)象棋邀请赛``, ``3.7月28日21:00颁奖彩排``) opens a new topic;
    a list line that only introduces details (``三、会议时间、地点``) returns to
    the lead; a list line that is a label (``1.时间：…``) stays in its topic.

    Example: topics("…举行文化节。\\n(一)开幕式\\n1.时间:10月20日上午10:00", art)
    → [Topic(0, …, None), Topic(1, …, "开幕式")].
    """
    out = [Topic(0, art.body_start, None)]
    pos = art.body_start
    c = cues()
    labels: dict[str, int] = {}  # leading label -> start of its first line in the current topic
    body = text[art.body_start:art.end].split("\n")
    led = [_date_led_name(line) for line in body]
    header: tuple[str, ...] = ()
    spaced_rows = False  # under the header of a table typed with spaces
    led_rows = 0  # dated schedule rows just read
    for k, line in enumerate(body):
        start = pos
        pos += len(line) + 1
        if (cells := table_cells(line)) is None and "|" in line and (pair := _TWO_CELLS.match(line)) is not None:
            # 管制路段 | 管制时间 over 商务外环路 | 5:00—10:00: a table of two columns, its header naming a time
            two = (pair[1].strip(), pair[2].strip())
            if header and len(header) == 2 and (_HAS_CLOCK.search(line) or _HAS_DATE.search(line)) or (
                not header and _TIME_COLUMN.search(two[-1]) and not _HAS_CLOCK.search(line)
            ):
                cells = two
        if cells is not None:
            if not _HAS_DATE.search(line) and not (header and _HAS_CLOCK.search(line)):
                header = cells  # | 停电日期 | 停电时间 | 停电范围 |
                continue
            out.append(Topic(max(t.id for t in out) + 1, start, None, record=True, columns=header, cells=cells))
            led_rows += 1
            continue
        header = ()
        if ("时间" in line or "日期" in line) and _SPACED_HEADER.match(line):
            spaced_rows = True  # 序号 小区名称 所属区域 停气时间: a table typed with spaces
            continue
        if spaced_rows and _SPACED_ROW.match(line) and _HAS_DATE.search(line):
            # 1 新迎小区 盘龙区 5月8日 9:00-17:00: a row named by its words that are no number and no time
            named = spaced_row_name(line)
            out.append(Topic(max(t.id for t in out) + 1, start, named or None, record=True))
            led_rows += 1
            continue
        spaced_rows = False
        if led[k] is not None and ((k > 0 and led[k - 1] is not None) or (k + 1 < len(body) and led[k + 1] is not None)):
            # 5月8日（周三）9:00-10:00 市交通运输局, line after line: a schedule, each line a row named by its rest
            out.append(Topic(max(t.id for t in out) + 1, start, led[k] or None, record=True))
            labels = {}
            led_rows += 1
            continue
        first = _FIRST_SENTENCE.match(line)
        said = first[0] if first else line
        if led_rows >= 2 and (_HOURS_LINE.match(said) or _ALL_ROWS_AT.match(said)) and not _HAS_DATE.search(said):
            # 接待时间：上午8:30-12:00 / 各场次均为上午9:00—12:00 after the dated rows: the hours of every row
            out.append(Topic(max(t.id for t in out) + 1, start, None, shared=True))
            if len(said) < len(line.rstrip()):
                out.append(Topic(0, start + len(said), None))  # …。请家长于9月22日前…: the lead's again
            continue
        if line.strip() and not (led_rows >= 2 and _TIME_HEADING.match(line)):
            led_rows = 0  # (二、接访时间和地点 between the rows and their hours keeps them rows)
        if (row := _record_label(_LIST_MARK.sub("", line, count=1))) is not None:
            if row in labels:
                # 停电时间：… repeated: a table of records, each line group its own row
                if not any(t.start == labels[row] for t in out):
                    out.append(Topic(max(t.id for t in out) + 1, labels[row], None, record=True))
                out.append(Topic(max(t.id for t in out) + 1, start, None, record=True))
                labels = {}
            labels[row] = start
            continue
        if _LIST_MARK.match(line):
            labels = {}
        if not _LIST_MARK.match(line) or _CAPTION.match(line):
            news_item = out[-1].id != 0 and _NEWS_BULLET.match(text, out[-1].start) is not None
            # the first line under a heading that opens with its date is that item's
            # details (④ 春季就业招聘会⏎3月21日—22日，街道党群服务中心，每天9:00-16:00。)
            item_details = out[-1].id != 0 and out[-1].heading is not None and _DATE_FIRST.match(line) is not None and (
                text.rfind("\n", 0, start - 1) + 1 == out[-1].start
            )
            if out[-1].id != 0 and line.strip() and len(line.strip()) > 30 and not _LABEL_LINE.match(line) and not news_item and not item_details:
                out.append(Topic(0, start, None))  # prose after a list is the lead's again
            elif out[-1].id != 0 and out[-1].held is None and (held := _HELD.match(line)):
                out[-1] = replace(out[-1], held=held[1])
            continue
        content = clean_heading(line)
        label = re.match(r"^([^，,。:：]{1,12})[:：]", content)
        if label is not None and c.detail_heading.search(label[1]):
            continue  # 1.时间：… stays in its topic
        if len(content) <= 16 and c.detail_heading.search(content) and not re.search(r"\d", content):
            out.append(Topic(0, start, None))  # back to the happening of the lead
            continue
        heading = re.split(r"[，,。；;:：]", content, maxsplit=1)[0]
        # a short heading names the row (象棋邀请赛); a long one is a sentence, not a name
        out.append(Topic(max(t.id for t in out) + 1, start, heading if 2 <= len(heading) <= 20 else None))
    return sorted(_hours_above_rows(text, art, out), key=lambda t: t.start)


def _hours_above_rows(text: str, art: Article, out: list[Topic]) -> list[Topic]:
    """…安排如下，接听时间均为当日上午9:00—11:00 right above the rows of a table
    or schedule: hours of every row, as a line under them would be."""
    rows = [t.start for t in out if t.record]
    if len(rows) < 2:
        return out
    # the lines above the first row, nearest first: the one giving every row's hours
    for line_start, end in lines_above(text, art.body_start, rows[0]):
        line = text[line_start:end]
        if _gives_hours(line) and not any(t.start == line_start for t in out if t.id):
            return [*out, Topic(max(t.id for t in out) + 1, line_start, None, shared=True)]
        # …将于4月12日起分村开展体检。体检当天需空腹，每天体检时间为上午7:30至10:30。 right
        # above the rows: a sentence of the line that gives hours and names no day gives every
        # row's hours; the sentence after it is the lead's again
        at = 0
        for said in _SENTENCE.findall(line):
            if _gives_hours(said) and (at or len(said) < len(line)):  # (the whole line was asked above)
                shared = Topic(max(t.id for t in out) + 1, line_start + at, None, shared=True)
                after = [Topic(0, line_start + at + len(said), None)] if at + len(said) < len(line.rstrip()) else []
                return [*out, shared, *after]
            at += len(said)
    return out


def _gives_hours(said: str) -> bool:
    """Whether words give hours (接听时间均为当日上午9:00—11:00, 每天…) and name no day."""
    return bool(_HOURS_IN.search(said) or _EVERY_ROW_HOURS.search(said)) and not _HAS_DATE.search(said)


def lines_above(text: str, lo: int, pos: int) -> Iterator[tuple[int, int]]:
    """The lines of ``text[lo:pos]`` from the one ending just before ``pos`` upwards, as (start, end).

    Example: list(lines_above("甲\n乙\n丙", 0, 4)) == [(2, 3), (0, 1)].
    """
    end = pos - 1
    while end > lo:
        start = max(text.rfind("\n", lo, end) + 1, lo)
        yield start, end
        end = start - 1


_DATE_FIRST = re.compile(r"^\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
# ■市十六届人大一次会议今日闭幕: a page's news item, headline bullet then its own prose
_NEWS_BULLET = re.compile(r"\s*[▲●■◆★][^\n。！？!?；;]{2,30}\n")
# 接听时间均为当日上午9:00—11:00 inside a line
_HOURS_IN = re.compile(r"(?:时间|时段)\s*(?:均为|均是|为|是|[:：])[^。；;]{0,12}?\d{1,2}\s*[:：点时]")


# 每场演出均于晚上7:30开始 / 每天上午8时至9时，市民可拨打…: the hours of every row, said without a label
_EVERY_ROW_HOURS = re.compile(r"(?:每天|每日|每晚|每期|每场|每次|均于|均在|每周[一二三四五六日天])[^。；;，,\d]{0,6}\d{1,2}\s*[:：点时]")


# 接待时间：上午8:30-12:00 / 接访时间为当日上午8:30—12:00 / 节目时间：上线当天上午9:00—10:00
_HOURS_LINE = re.compile(r"^\s*[^，,。；;:：\s]{0,6}(?:时间|时段)\s*(?:[:：]|均?为|均?是)[^。；;]{0,12}?\d{1,2}\s*[:：点时]")
# 各场次均为上午9:00—12:00 / 均为当天8:30—16:30: one time for every row, said without a label
_TWO_CELLS = re.compile(r"^\s*([^|]{1,40}?)\s*\|\s*([^|]{1,40}?)\s*$")
_TIME_COLUMN = re.compile(r"(?:时间|日期|时段)$")
# a short numbered heading that names the time (二、接访时间和地点)
_TIME_HEADING = re.compile(r"^\s*[一二三四五六七八九十\d]{1,2}\s*[、.．]\s*[^，,。；;:：\d]{0,8}时间[^，,。；;:：\d]{0,6}\s*$")
_ALL_ROWS_AT = re.compile(r"^\s*(?:(?:各场次?|各期|各批次?|每场|每期)[\u4e00-\u9fff]{0,4}?)?均(?:为|在|于)[^。；;，,]{0,8}?\d{1,2}\s*[:：点时]")
_FIRST_SENTENCE = re.compile(r"[^。；;]*[。；;]")
_SENTENCE = re.compile(r"[^。]*(?:。|$)")


def spaced_row_name(line: str) -> str:
    """The words of a row typed with spaces that are no serial number and no time.

    Example: spaced_row_name("1 新迎小区 盘龙区 5月8日 9:00-17:00") == "新迎小区 盘龙区".
    """
    return " ".join(w for w in line.split() if not _NO_NAME_WORD.search(w))


_NO_NAME_WORD = re.compile(r"^\d+$|\d\s*[月日号:：]|^每[日天晚]$")


# a header typed with spaces, three words or more, one of them a time's (停气时间, 日期)
_SPACED_HEADER = re.compile(r"^\s*(?=[^\d\n]*(?:时间|日期)\b)[\u4e00-\u9fff]{2,8}(?:[ \t\u3000]+[\u4e00-\u9fff]{2,8}){2,7}\s*$")
# a row under it: three words or more set apart by spaces, no sentence in it
_SPACED_ROW = re.compile(r"^\s*\S+(?:[ \t\u3000]+\S+){2,}\s*$")
_HAS_CLOCK = re.compile(r"\d{1,2}\s*[:：]\s*\d{2}")  # | 湖心路全线 | 6:30-11:00 |: a row timed on the lead's day
_HAS_DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}\s*\|")


# A line that opens with its date (and clock) and then names only who or where.
_DATE_LED = re.compile(
    r"^\s*(?:[▶►▷▸●■◆◇★☆·•]\ufe0f?\s*)?(?:\d{1,2}[.、．]\s*)?(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*[日号](?=\s*[(（](?:周|星期))|(?:同日|当日|次日)(?=\s*(?:[上下]午|晚上?|早上)?\s*\d))"
    r"(?:\s*(?:[至到—\-~]\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*[日号]))?"
    r"\s*(?:[(（][^)）]{1,4}[)）])?\s*(?:[上下]午|晚上?|早上|全天|全日|白天|夜间)?\s*"
    r"(?:\d{1,2}[:：]\d{2}(?:\s*[—\-~至到]\s*(?:次日|翌日)?\s*\d{1,2}[:：]\d{2})?|同一时间|同一时段|时间同上)?\s*[:：]?\s*"
)


def _date_led_name(line: str) -> str | None:
    """What a schedule line names after its date and clock ("" if nothing), or None if it is no such line.

    Example: _date_led_name("5月8日（周三）9:00-10:00 市交通运输局") == "市交通运输局".
    """
    m = _DATE_LED.match(line)
    if m is None:
        return None
    rest = line[m.end():].strip().lstrip("，,").rstrip("；;。 ")  # 5月18日(周三)9:00—11:00，县长张卫东；
    if m[0].rstrip().endswith((":", "：")) and _HAS_CLOCK.search(m[0]) and 0 < len(rest) <= 80:
        # 1月28日（星期三）8:00—18:00：河西区河西大道两侧商户，和平新村…: the time as the line's label, then where
        return rest if len(rest) <= 16 and not re.search(r"[，,。；;]", rest) else ""
    cells = re.split(r" {2,}|\t", rest)  # 县委书记  周建平  县信访局接待大厅: columns set by spaces
    words = PICTOGRAPHS.sub("", rest)  # 🎞《长津湖》 📍东坪村村部广场: the pictographs are no words
    # 11月3日上午，市南区香港中路（…）部分用户；: an item of a list may name a longer place
    longest = 30 if len(cells) > 1 else 40 if line.rstrip().endswith(("；", ";")) else 16
    if len(words) > longest or re.search(r"[，,。；;！!？?]", rest):
        return None  # a sentence that begins with its date, not a row
    if len(cells) >= 3 and _PLACE_CELL.search(cells[-1]):
        rest = " ".join(cells[:-1])  # the last column says where, not who
    return rest


_PLACE_CELL = re.compile(r"(?:大厅|会议室|中心|广场|礼堂|接待室|办公室|服务站|院|馆|厅|室)$")


_RECORD_LABEL = re.compile(r"^\s*([^，,。；;:：\s]{0,4}(?:时间|日期))[:：]\s*\S")


def _record_label(line: str) -> str | None:
    """The time label opening a record line (停电时间：…), if the line has one.

    Example: _record_label("停电时间：1月9日 07:30-18:00 停电范围：南湖村") == "停电时间".
    """
    m = _RECORD_LABEL.match(line)
    return m[1] if m else None


def topic_at(tops: list[Topic], offset: int) -> Topic:
    """The topic an offset falls in.

    Example: topic_at([Topic(0, 0, None), Topic(1, 50, "开幕式")], 60).heading == "开幕式".
    """
    starts = [t.start for t in tops]
    return tops[max(0, bisect.bisect_right(starts, offset) - 1)]



__all__ = ["Topic", "lines_above", "table_cells", "topic_at", "topics"]
