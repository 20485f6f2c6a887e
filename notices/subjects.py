"""Whose happening a short title is about: the subject a sentence begins with,
or the organisation a page signs with when it speaks of itself (本馆, 我中心).

A title such as 放假闭馆 or 恢复正常办公 names what happens but not where;
the reader needs 县图书馆放假闭馆.
"""

from __future__ import annotations

import re

from notices.model import Article

# Names of bodies that hold, close or open something.
_BODY = r"(?:图书馆|博物馆|纪念馆|美术馆|文化馆|科技馆|体育馆|展览馆|档案馆|馆|中心|剧院|大剧院|影院|公园|景区|医院|学校|局|院|厅|站|所|处|委员会|政府|公司|集团|银行|办公室|窗口|大厅)"
_LEADING_BODY = re.compile(
    rf"^\s*(?:\d{{1,2}}[.、．]\s*)?([\u4e00-\u9fff]{{2,16}}?{_BODY})(?=\d|[(（]|[自从于将在因]|由于|[^，,。:：\d]{{0,8}}[:：])"
)
# A subject of other kinds (a doctor, a lift, a road, a class): only letters and digits, up to
# the first time (a day, a clock, 今天/明天/本周…) or a cause (因/由于)
_LEADING_SUBJECT = re.compile(
    r"^\s*(?:\d{1,2}[.、．]\s*)?([\u4e00-\u9fffA-Za-z0-9]{2,14}?)(?=\d{1,2}月|\d{1,2}日|[今明后]天|本周|下周|[(（]|因|由于)"
)
# …but not a clause that already acts or tells (将, 于, 请, 的, 是) or opens with a time of its own
_NOT_A_SUBJECT = re.compile(r"[将于在请的是对为把和及与从自已已经]|^(?:今|明|后|本|下|上|每|近|自|从|\d)")
_SELF = re.compile(r"本馆|我馆|本中心|我中心|本院|我院|本站|我站|本所|本局|我局|本公司|我公司|本剧院|我剧院")
_SIGNATURE = re.compile(rf"^\s*([\u4e00-\u9fff]{{2,20}}{_BODY})\s*$")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})\s*$")


def leading_body(sentence: str) -> str | None:
    """The body a sentence begins with, before its first time: 市政务服务中心10月1日至7日暂停办理业务.

    Example: leading_body("市政务服务中心10月1日至7日暂停办理业务") == "市政务服务中心".
    """
    m = _LEADING_BODY.match(sentence)
    return m[1] if m else None


def leading_subject(sentence: str) -> str | None:
    """The short noun a sentence begins with, right before its time or its cause:
    the doctor who stops seeing patients, the lift that stops running.

    Example: leading_subject("门诊楼2号电梯明天(5月8日)8:00-18:00暂停使用") == "门诊楼2号电梯".
    """
    m = _LEADING_SUBJECT.match(sentence)
    if m is None or _NOT_A_SUBJECT.search(m[1]):
        return None
    return m[1]


def signing_body(text: str, art: Article) -> str | None:
    """The organisation that signs the article (its last lines, above or beside a date).

    Example: a notice ending "祁东县图书馆\\n2023年1月19日" → "祁东县图书馆".
    """
    lines = [ln for ln in text[art.body_start:art.end].split("\n") if ln.strip()]
    for line in reversed(lines[-4:]):
        if _DATE_LINE.match(line):
            continue
        m = _SIGNATURE.match(line)
        return m[1] if m else None
    return None


def speaks_of_itself(text: str) -> bool:
    """Whether a page refers to its own body (本馆春节假期开放时间…).

    Example: speaks_of_itself("现将本馆春节假期开放时间通知如下") is True.
    """
    return _SELF.search(text) is not None
