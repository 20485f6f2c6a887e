"""Page → articles: headline lines, dateline, body.

A newspaper page holds several articles.  Each one opens with a dateline
(``衡阳晚报讯 (全媒体记者 陈润)``, ``本报讯``, ``新华社北京5月1日电``); the short
lines just above it are its headline.  A page without datelines is one
article whose headline is its first short line(s).

Example: "第70期“热线问政”活动今日举行\\n涉及市场监管问题 均可反映\\n衡阳晚报讯 (…)\\n正文…"
→ Article(headline="第70期“热线问政”活动今日举行 涉及市场监管问题 均可反映", …).
"""

from __future__ import annotations

import re

from notices.model import Article
from notices.text import DATELINE, table_cells

_TERMINAL = "。！？!?；;：:"  # a line ending in a colon leads into a list, it is no headline
_HEADLINE_MAX = 120


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return spans


# A list item (一、…, 1.…, (二)…) is body, never a headline.  (A labelled
# line above a dateline, 停气时间：今日21时至明日12, may well be a subhead.)
_LIST_ITEM_LINE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、．]|\d{1,2}\.(?!\d)|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d\ufe0f?\u20e3)")


_FIELD = re.compile(r"^\s*[^，,。:：\s]{1,8}[:：]")
# 5月8日（周三）9:00-10:00 市交通运输局: a row of a schedule, not a headline.
_TIMED_ROW = re.compile(r"^(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号][^，,。]{0,8}?\d{1,2}[:：]\d{2}")
# 3月6日 县委书记 刘建: a dated row of a schedule (its date, a gap, who or what), not a headline.
_DATED_ROW = re.compile(r"^(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号](?:\s*[(（][^)）]{1,4}[)）])?[ \t\u3000]+\S")


# A web page's furniture around the article: where it sits (首页 > 新闻 > 本地), who and
# when (2025-04-15 18:20 来源：春城晚报), buttons (【字号：大 中 小】 分享到): no headline.
_WHERE_ON_SITE = ("当前位置", "您的位置", "您现在的位置", "首页")
_BREADCRUMB = re.compile(r"\S\s*[>＞»]\s*\S")
_PAGE_META = re.compile(
    r"(?:来源|來源|编辑|編輯|责任编辑|責任編輯|发布时间|發佈時間|发布日期|發佈日期|作者|浏览次数|瀏覽次數|点击数|點擊數)\s*[:：]"
    r"|字号|字號|分享到|^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}[:：]\d{2}"
)


# a post's own line: who posted, when, from where (…  2022-03-30 19:45  发表于山东)
_POSTED = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}[:：]\d{2}\s*(?:发表于|發表於)")


_SITE_NAME = re.compile(r"(?:门户网站|政府网|官方网站|网站|官网|客户端|網站)$")


# where a web page lists other articles after this one
_OTHER_ARTICLES = re.compile(r"^[ \t\u3000]*(?:上一篇|下一篇|上一条|下一条|相关新闻|相关阅读|相关文章|推荐阅读|延伸阅读|热点推荐|猜你喜欢|相關新聞|相關閱讀)", re.M)


def is_page_furniture(line: str) -> bool:
    """Whether a line is a web page's furniture rather than the article's.

    Example: is_page_furniture("昆明信息港 > 新闻 > 昆明") is True; so is "2025-04-15 18:20  来源：春城晚报".
    """
    s = line.strip()
    if not s:
        return False
    # (…暂停供水的通知来源: 日期:2020-01-20, a headline run into its source line, stays a headline)
    if _PAGE_META.search(s, 0, 16) is not None or s.startswith(_WHERE_ON_SITE):
        return True
    if len(s) <= 40 and _POSTED.search(s) is not None:
        return True  # 淄博晚报  2022-03-30 19:45  发表于山东: an account's post line
    if len(s) <= 24 and _SITE_NAME.search(s) is not None:
        return True  # 曲靖市人民政府门户网站: the site's name above its breadcrumb
    return (">" in s or "＞" in s or "»" in s) and _BREADCRUMB.search(s) is not None


def _is_headline_line(line: str) -> bool:
    s = line.strip()
    return (
        0 < len(s) <= _HEADLINE_MAX
        and not is_page_furniture(s)
        and s[-1] not in _TERMINAL
        and not DATELINE.match(s)
        and not _LIST_ITEM_LINE.match(s)
        and not _TIMED_ROW.match(s)
        and not _DATED_ROW.match(s)
        and not (s.startswith("|") and s.endswith("|"))  # a row of a table, or a cell of the page's layout
        and table_cells(s) is None  # a row typed without its outer bars
        and not _COLUMN_LABEL.fullmatch(s)
    )


# A page's column label above its first headline (今日要闻, 本地快讯, 城事速递): no article's headline
_COLUMN_LABEL = re.compile(r"(?:今日|今天|本地|本市|本县|城市|城事|区县|县域|民生|新闻)?(?:要闻|关注|头条|快讯|速递|简讯|导读|播报|动态|资讯)(?:速递|汇总|一览|集锦)?")


def split_articles(text: str) -> tuple[Article, ...]:
    """Cut a normalized page into articles.

    Example: a page with two ``衡阳晚报讯`` datelines → two articles, each with
    the short lines above its dateline as headline.
    """
    lines = _lines(text)
    if not lines:
        return ()
    dateline_idx = [
        i for i, (a, b) in enumerate(lines) if DATELINE.match(text, a, min(b, a + 40)) is not None
    ]
    if not dateline_idx:
        return (_article(text, lines, 0, len(lines), None),)
    starts: list[int] = []
    for i in dateline_idx:
        j = i
        furniture = 0  # (2025-04-15 18:20 来源：… between the headline and its dateline is passed over)
        while j - 1 >= 0 and i - (j - 1) <= 4 + furniture:
            above = text[lines[j - 1][0]:lines[j - 1][1]]
            page_furniture = is_page_furniture(above)
            if not page_furniture and not _is_headline_line(above):
                break
            if starts and j - 1 <= starts[-1]:
                break
            furniture += page_furniture
            j -= 1
        starts.append(j)
    articles: list[Article] = []
    if starts[0] > 0:
        articles.append(_article(text, lines, 0, starts[0], None))
    for k, s in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(lines)
        articles.append(_article(text, lines, s, stop, dateline_idx[k]))
    return tuple(articles)


def _article(text: str, lines: list[tuple[int, int]], first: int, stop: int, dateline_at: int | None) -> Article:
    head_parts: list[str] = []
    if dateline_at is not None:
        head_lines = range(first, dateline_at)
    else:
        top = first
        while top < stop and is_page_furniture(text[lines[top][0]:lines[top][1]]):
            top += 1  # 首页 > 新闻 above the headline
        k = top
        while k < stop and k - top < 3 and _is_headline_line(line := text[lines[k][0]:lines[k][1]]) and not _FIELD.match(line):
            k += 1  # (a page that opens with 会议时间：… has no headline)
        head_lines = range(top, k)
    for k in head_lines:
        if not is_page_furniture(line := text[lines[k][0]:lines[k][1]]):
            head_parts.append(line.strip())
    dateline = ""
    after = head_lines.stop
    while head_lines and after < stop and is_page_furniture(text[lines[after][0]:lines[after][1]]):
        after += 1  # 来源：… 日期：… under the headline: still the page's, not the body's
    body_start = lines[after][0] if after < stop else lines[first][0]
    if dateline_at is not None:
        a, b = lines[dateline_at]
        m = DATELINE.match(text, a, b)
        assert m is not None
        # The dateline runs to the closing bracket of "(全媒体记者 陈润)" if any.
        close = re.compile(r"\s*[(（][^)）\n]{0,30}[)）]").match(text, m.end(), b)
        end = close.end() if close else m.end()
        dateline = text[a:end]
        body_start = end
    start = lines[first][0]
    end = lines[stop - 1][1]
    if after < stop and (listed := _OTHER_ARTICLES.search(text, lines[after][0], end)) is not None:
        # 上一篇：… / 相关新闻: other articles' headlines, not this one's text (one search, not one per line)
        end = max(text.rfind("\n", lines[first][0], listed.start()), lines[first][1])
        while end > lines[first][1] and text[end - 1].isspace():
            end -= 1
    return Article(
        headline=" ".join(head_parts),
        dateline=dateline,
        body=text[body_start:end],
        start=start,
        end=end,
        body_start=body_start,
        headline_lines=tuple(head_parts),
    )
