"""Whose a happening is, said in a title: the body that holds it, the city
of a bare 市政府, what a briefing is about, who is questioned or answers on a
hotline, and which line.

A title built from the happening's own words often names only its kind
(行政决策听证会, 市政府新闻发布会, 第12期“热线问政”活动); the page says whose it is
elsewhere: its signer when it speaks of itself (我局决定…), its headline, the
sentences around the time.

Example: whose("市政府新闻发布会", "meeting", span) == "江州市政府新闻发布会" on a page
signed 江州市人民政府新闻办公室.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notices.model import Article
from notices.subjects import signing_body
from notices.title_words import compact_document, generic_call, generic_kind, speaks_as_itself
from notices.titles import QUOTED_NAME, shorten, without_dates


@dataclass(frozen=True)
class PageSpan:
    """Where a title's sentence stands: the page text, its article, headline and the sentence's bounds.

    Example: PageSpan(text, art, head="2024年5月9日市政府新闻发布会预告", sentence="…", a0=120, a1=168).
    """

    text: str
    art: Article
    head: str
    sentence: str
    a0: int
    a1: int


def whose(title: str, kind: str, at: PageSpan) -> str:
    """``title`` with whose happening it is, when the title alone does not say.

    Example: whose("行政决策听证会", "hearing", span of "我局决定…召开行政决策听证会" signed
    云溪市发展和改革局) == "云溪市发展和改革局行政决策听证会".
    """
    text, art, head, sentence, a0, a1 = at.text, at.art, at.head, at.sentence, at.a0, at.a1
    if generic_kind(title) and speaks_as_itself(sentence) and (signer := signing_body(text, art)) and signer not in title:
        title = shorten(signer + title)  # 我厅决定…召开行政决策听证会, signed 某市某局: 某市某局行政决策听证会
    if _BARE_BODY_ANY.search(title) and (bare := _BARE_BODY.match(dateless := without_dates(title))) and generic_kind(dateless[bare.end():]) and (
        city := _page_city(text, art, head, bare[1])
    ):
        title = shorten(city + dateless[1:])  # 市政府新闻发布会 of a page signed 江州市人民政府新闻办公室: 江州市政府新闻发布会
    if _BODY_BRIEFING.search(title) and (about := _BRIEFS_ON.search(text, a0, min(art.end, a1 + 160))):
        title = shorten(f"{title}({about[1]})", 40)  # …新闻发布会, 介绍全县春耕生产情况: what it briefs on
    if kind == "hotline" and "(" not in title and not _ANSWERER.search(QUOTED_NAME.sub("", title)) and (
        guest := _guest_near(text, max(art.body_start, a0 - 120), _before_next_issue(text, a0, a1, min(art.end, a1 + 200)))
    ) and guest not in title:
        title = shorten(f"{title}({guest})", 40)  # 第70期“热线问政”活动, 市市场监督管理局负责人接听…: who is questioned
    if kind == "hotline" and (call := generic_call(title)) and (line := _ANSWERED_LINE.search(head)):
        title = shorten(title[: call.start()] + line[1])  # 接听市民来电 under a headline 接听12345市民热线: which line
    return title


# A title led by a body of "the" city or county (市政府新闻发布会): which city is the page's
_BARE_BODY = re.compile(r"^([市县])(?:人民政府|政府|委|人大常委会|政协)(?:新闻办公室|新闻办|办公室)?")
_BARE_BODY_ANY = re.compile(r"[市县](?:人民政府|政府|委|人大常委会|政协)")  # a cheap test before the title is cleaned
_CITY = re.compile(r"^([\u4e00-\u9fff]{2,4}?[市县])(?![委长])")


def _page_city(text: str, art: Article, head: str, level: str) -> str | None:
    """The city (or county) a page is from: its signer's or its headline's (江州市, 临江县)."""
    for name in (signing_body(text, art) or "", head):
        m = _CITY.match(name)
        if m and m[1].endswith(level):
            return m[1]
    return None


# A press conference named only by the body that holds it (市政府新闻发布会, 县政府新闻办公室新闻发布会)
_BODY_BRIEFING = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:政府|新闻办公室|新闻办)新闻发布会$")
# What a press conference briefs on: 介绍全县春耕生产情况, 发布…专项整治行动的相关情况
_BRIEFS_ON = re.compile(r"(?:介绍|发布|通报|解读)(?!会|了|本|该|此)([^，,。；;：:“”\n]{4,20}?)(?:的)?(?:相关|有关)?(?:情况|工作|进展|举措|政策)")


# Who answers in a hotline title already (副市长王某接听…, 局长做客…)
_ANSWERER = re.compile(r"(?:长|书记|主任|领导|负责人|主官)[\u4e00-\u9fff]{0,3}(?:接听|做客|上线|接访|接待|在线)|[\u4e00-\u9fff]{2,3}(?:局长|市长|县长|区长|书记|主任)")
_BODY_NAME = r"[\u4e00-\u9fff]{2,14}?(?:局|委员会|委|办公室|办|厅|中心|公司|分局)"
# The body or guest a hotline page says is questioned: X负责人接听…, 被问政单位是X, 首位嘉宾——X
_GUEST = re.compile(
    rf"(?:被问政单位|问政单位|问政对象|接听单位|上线单位|做客单位)(?:是|为|[:：])({_BODY_NAME}(?:、{_BODY_NAME})?)|嘉宾(?:是|为|——|[:：])([\u4e00-\u9fff]{{4,16}})(?=[。，,；;]|$)|"
    rf"({_BODY_NAME})(?:的)?(?:主要)?(?:负责人|负责同志|相关负责人|局长|主任)(?:将)?(?:现场|亲自|走进直播间)?(?:接听|做客|上线|接受)|"
    r"((?:常务)?(?:副)?(?:市长|县长|区长|书记|局长|主任)[\u4e00-\u9fff]{2,3}?)(?:将)?(?:现场|亲自)?(?:接听|做客|上线|(?:在[^，,。]{2,16})?接待)"
)


# A paragraph about another issue of the programme (据了解，第47期活动将于…): its guest is not this one's
_NEXT_ISSUE = re.compile(r"\n[^\n]{0,12}?(第[一二三四五六七八九十百\d]{1,4}期|下一?期)")
_ISSUE = re.compile(r"第[一二三四五六七八九十百\d]{1,4}期")


def _before_next_issue(text: str, a0: int, a1: int, hi: int) -> int:
    """``hi``, or the start of a later paragraph that speaks of another issue than the sentence's, when sooner."""
    own = _ISSUE.search(text, a0, a1)
    for m in _NEXT_ISSUE.finditer(text, a1, hi):
        if own is None or m[1] != own[0]:
            return m.start()
    return hi


def _guest_near(text: str, lo: int, hi: int) -> str | None:
    """Who a hotline session questions or who answers, said near its time (市市场监督管理局, 市长周明)."""
    m = _GUEST.search(text, lo, hi)
    if m is None:
        return None
    guest = m[1] or m[2] or m[3] or m[4]
    return guest.split("、")[0] + "等" if "、" in guest else guest  # 市城管局、市住建局 → 市城管局等: a title is not a list


# The line a headline says is answered: 接听12345市民热线, 接听市长热线
_ANSWERED_LINE = re.compile(r"接听([^\s，,。：:（(]{2,14}?(?:热线|电话))")




def whose_word(word: str, at: PageSpan, *, step: bool) -> str | None:
    """A bare step (公示, 笔试) or kind (颁奖典礼, 首场活动) with whose it is: the last quoted
    name before it, else the headline.

    A step is the step of the document its own sentence quotes before it (not a law or
    rule the page cites), else of the headline up to the step; a kind is of the last name
    the headline or the lines before its sentence quote (not a document discussed), else
    of the headline's name without its announcing words.

    Example: whose_word("颁奖典礼", span under the headline 第十二届“宁川十大杰出青年”揭晓, step=False)
    == "“宁川十大杰出青年”颁奖典礼".
    """
    text, art, head = at.text, at.art, at.head
    if step:
        found = [m[0] for m in QUOTED_NAME.finditer(at.sentence, 0, max(at.sentence.find(word), 0))]
        names = [n for n in found if not CITED_RULE.search(n[1:-1])]  # 根据《…法》，现将《…规划》予以公示: the plan's
    else:
        lo = max(art.body_start, text.rfind("。", art.body_start, at.a0) + 1)
        found = [m[0] for m in (*QUOTED_NAME.finditer(head), *QUOTED_NAME.finditer(text, lo, at.a0))]
        names = [n for n in found if not n.startswith("《")]  # not a document discussed
    if names:
        return shorten(compact_document(names[-1]) + word, 40) if names[-1] not in word else None
    if step:
        cut = head.find(word)
        return shorten(head[: cut + len(word)]) if cut >= 4 and len(head) <= 30 else None  # …招聘工作人员笔试公告 → …笔试
    parts = re.split(r"\s+", head.strip()) if head else [""]
    for part in parts:
        if (cut := part.find(word)) >= 4:
            return shorten(_head_name(part[: cut + len(word)]))  # 改造完工 东湖湿地公园28日恢复开放 → 东湖湿地公园恢复开放
    name = _head_name(parts[0])
    if 4 <= len(name) <= 24 and word not in name:
        overlap = next((k for k in range(min(len(word) - 1, 3), 1, -1) if name.endswith(word[:k])), 0)
        return shorten(name[: len(name) - overlap] + word, 40)  # …新馆将于元旦开馆 + 开馆仪式 → …新馆开馆仪式
    return None


def _head_name(part: str) -> str:
    """A headline's words as the name of its happening: no announcing words, no day, no tense.

    Example: _head_name("青弋江二桥本月28日通车") == "青弋江二桥通车".
    """
    return _HEAD_WHEN.sub("", _HEAD_TAIL.sub("", _HEAD_LEAD.sub("", without_dates(part))))


# When a headline says it happens: 23日, 本月28日, 将于元旦 (the notice's start says it)
_HEAD_WHEN = re.compile(
    r"(?:本月|下月|本周|下周)?\d{1,2}\s*[日号](?=[\u4e00-\u9fff])|(?:将于|定于|拟于|将在|即将|将)(?:元旦|春节|国庆|五一|端午|中秋|清明|近期|月底|年底)?|"
    r"^起(?=恢复|开放|实施|施行|执行|启用|暂停|停止)|(?<=[\u4e00-\u9fff]{2})起(?=恢复|开放|实施|施行|执行|启用|暂停|停止)"
)


# A law or rule a page cites (《…条例》, 《…办法》): whose a step is, never
CITED_RULE = re.compile(r"(?:法|条例|办法|规定|规则|细则|通知|决定|意见|纲要|目录)$")
# A headline's announcing words around the happening's name: 关于召开, 公告, 的通知, 预告
_HEAD_LEAD = re.compile(r"^(?:关于)?(?:召开|举行|举办|开展|公布)?")
_HEAD_TAIL = re.compile(r"(?:的)?(?:公告|通告|通知|预告|公示|安排|召开|举行|揭晓)$")
