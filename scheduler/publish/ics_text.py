"""The words of a feed's events: SUMMARY, STATUS, the DESCRIPTION and how sources are named.

Part of ``scheduler.publish.ics`` (which re-exports everything here), kept apart so
each module stays small.  Pure functions of a notice and its sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from notices.model import SHANGHAI, Notice
from scheduler.holidays import unknown_years_note
from scheduler.store.values import SourceRef

DEADLINE_KIND = "deadline"
DEADLINE_PREFIX = "截止："
CANCELLED = "cancelled"
CANCELLED_PREFIX = "【已取消】"
CHANGE_LABEL = "变更："


def event_summary(notice: Notice) -> str:
    """A short title; deadlines read as deadlines.

    Example: deadline “承办单位办结‘热线问政’工单” → "截止：承办单位办结‘热线问政’工单".
    """
    title = " ".join(notice.title.split())
    if notice.kind == DEADLINE_KIND and not title.startswith(("截止", DEADLINE_PREFIX)):
        return DEADLINE_PREFIX + title
    return title


def is_cancelled(notice: Notice) -> bool:
    """Has the source called the happening off (取消, 停办)?

    Example: “原定4月28日举行的义诊活动取消” → True; an ordinary 第70期“热线问政” → False.
    """
    return notice.status == CANCELLED


def event_status(notice: Notice) -> str:
    """The RFC 5545 STATUS of a notice's VEVENT.

    Example: 停办的“湘江记忆”老照片展 → "CANCELLED"; 第70期“热线问政” → "CONFIRMED".
    """
    return "CANCELLED" if is_cancelled(notice) else "CONFIRMED"


def feed_summary(notice: Notice) -> str:
    """The feed's SUMMARY: :func:`event_summary`, marked when the happening is cancelled.

    Example: cancelled 全市防汛抗旱工作调度会 → "【已取消】全市防汛抗旱工作调度会".
    """
    summary = event_summary(notice)
    return CANCELLED_PREFIX + summary if is_cancelled(notice) else summary


def change_note(notice: Notice) -> str | None:
    """The stated change of plan as one line, or None.

    Example: change "延期至10月27日" → "变更：延期至10月27日".
    """
    text = " ".join((notice.change or "").split())
    return f"{CHANGE_LABEL}{text}" if text else None


def is_web_url(value: str | None) -> bool:
    """Is ``value`` an http(s) address (and so safe to publish as a link)?

    Example: "https://www.hengyang.gov.cn/xxgk/tzgg/202304/t20230426.html" → True;
    "/srv/inbox/热线问政.txt" → False.
    """
    return bool(value) and urlsplit(str(value)).scheme in ("http", "https")


def file_name(source: str) -> str:
    """The bare file name of a source path: no directories of the server show.

    Example: "/srv/inbox/衡阳晚报/热线问政.txt" → "热线问政.txt".
    """
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def source_label(ref: SourceRef) -> str:
    """How a feed names where a notice was read: its article URL, else the file name.

    Example: SourceRef(source="/srv/inbox/2023/热线问政.txt", url=None, …) → "热线问政.txt".
    """
    return ref.url if ref.url and is_web_url(ref.url) else file_name(ref.source)


def event_description(notice: Notice, sources: Sequence[SourceRef]) -> str:
    """Change of plan, evidence, rule, guessed working days, organizer, and each source (headline,
    URL or file name, date).  A notice flagged ``holidays-unknown-2027`` gets the line
    "节假日安排未知（2027年），工作日按周一至周五计算" after its rule.

    Example: "变更：延期至5月5日\\n上午9:00—11:00，第70期“热线问政”活动举行。\\n来源：
    《第70期“热线问政”活动今日举行》（002.txt，2023-04-26发布）".
    """
    lines: list[str] = []
    note = change_note(notice)
    if note:
        lines.append(note)
    if is_cancelled(notice):
        lines.append("状态：已取消")
    repeats = repeat_note(notice)
    if repeats:
        lines.append(repeats)
    if notice.evidence:
        lines.append(notice.evidence.strip())
    if notice.rule:
        lines.append(f"规则：{notice.rule}")
    guessed = unknown_years_note(notice.flags)
    if guessed:
        lines.append(guessed)
    due_moment = notice.end if notice.end is not None else notice.start
    if notice.kind == DEADLINE_KIND and isinstance(due_moment, datetime):
        lines.append(f"截止时间：{due_moment.astimezone(SHANGHAI):%H:%M}")
    if notice.organizer:
        lines.append(f"主办：{notice.organizer}")
    refs = list(sources) or [
        SourceRef(
            source=notice.source,
            path=notice.source,
            headline=notice.headline,
            published=notice.published,
            published_basis=notice.published_basis,
            url=notice.url,
        )
    ]
    for ref in refs:
        headline = f"《{ref.headline}》" if ref.headline else ""
        published = ref.published.astimezone(SHANGHAI).date().isoformat()
        lines.append(f"来源：{headline}（{source_label(ref)}，{published}发布）")
    return "\n".join(lines)


_WEEKDAYS_CN = {"MO": "一", "TU": "二", "WE": "三", "TH": "四", "FR": "五", "SA": "六", "SU": "日"}


def repeat_note(notice: Notice) -> str | None:
    """How a repeating notice repeats, in words: ``FREQ=WEEKLY;BYDAY=WE`` → "每周三重复".

    Example: a notice with rrule "FREQ=MONTHLY;BYMONTHDAY=15" → "每月15日重复".
    """
    if not notice.rrule:
        return None
    parts = dict(item.split("=", 1) for item in notice.rrule.split(";") if "=" in item)
    freq = parts.get("FREQ", "")
    if freq == "WEEKLY" and "BYDAY" in parts:
        days = "、".join(_WEEKDAYS_CN.get(d[-2:], d) for d in parts["BYDAY"].split(","))
        return f"每周{days}重复"
    if freq == "MONTHLY" and "BYMONTHDAY" in parts:
        return f"每月{parts['BYMONTHDAY']}日重复"
    return {"DAILY": "每天重复", "WEEKLY": "每周重复", "MONTHLY": "每月重复", "YEARLY": "每年重复"}.get(freq, "定期重复")
