"""Statements: each time mention with what it says about which happening.

The first half of the frame stage (``notices.frames`` is the second): each
time mention gets its sentence, the kind word nearest to it, the row or
section it sits in (``topic``) and its role: ``start``, ``end``
(``持续到28日``, ``预计18时恢复供水``, ``恢复时间：``), ``change`` (``延期至``,
``推迟到``) or ``reopen`` (``1月25日起恢复开放``).  The cue words live in
``data/frames.toml``.

Example: statements of "因管网改造，城南片区将于5月8日8时起暂停供水，预计当日18时恢复供水"
→ a ``start`` (暂停供水) and an ``end``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from notices.calendar_cn import festival_names
from notices.cues import Cues, cues
from notices.kinds import Hit, all_hits, detect_kinds
from notices.model import Mention
from notices.text import PICTOGRAPHS, cell_index, clause_span
from notices.titles import QUOTED_NAME
from notices.topics import Topic, topic_at, topics

ROLES = ("start", "end", "change", "reopen")


@dataclass(frozen=True)
class Statement:
    """One time mention and what it says about which happening.

    ``sentence`` is the span of its sentence in the page text; ``hit`` the
    kind word nearest to it in that sentence (offsets relative to the
    sentence); ``topic`` the row or section it sits in (0: the lead);
    ``time_line`` is true when the sentence is little more than a label and
    the time (``时间：4月3日上午9:00``).

    Example: Statement(mention=<4月3日上午9:00>, role="start", kind="hotline", topic=0, …).
    """

    mention: Mention
    sentence: tuple[int, int]
    role: str
    kind: str | None
    hit: Hit | None
    topic: int
    time_line: bool
    cancelled: bool
    label: str | None = None
    onset: bool = False  # 明天起, 5月20日开始: the start of a series or a period
    opening_of: str | None = None  # 文化节…开幕: the opening ceremony of a happening of this kind
    named: str | None = None  # the quoted name in the clause of its kind word (“博物馆奇妙夜”)
    postponed: str | None = None  # 延期举办，具体时间另行通知: put off without a new date (a note for the reader)
    denied: bool = False  # 原则上不安排计划停电: the page says the happening will not be



def _has_own_hit(hits: list[Hit], sentence: str, rel: int) -> bool:
    """Whether the time's own clause holds a specific kind word (活动 alone is not)."""
    lo, hi = clause_span(sentence, rel, ",，;；:：")
    return any(lo <= h.start < hi and h.kind not in _GENERIC for h in hits)


def _named_by_suffix(sentence: str, lo: int, rel: int) -> Hit | None:
    """A happening whose name the kind lists do not know, by its ending, as the
    subject of a scheduled verb before the time (第三届春茶开采节将于3月18日举行),
    looked for from ``lo`` on."""
    c = cues()
    # from the mark before ``lo``: the name's pattern opens with the clause's first character or mark
    for m in c.named_by_suffix.finditer(sentence, max(0, lo - 1), rel + 1):
        name = m[1].strip("“”《》·")
        if len(name) >= 3 and name not in _festival_names() and not _TIME_SUFFIXED.search(name):
            return Hit(c.suffix_kinds[m[2]], m[1], m.start(1), "trigger")
    return None


@cache
def _festival_names() -> frozenset[str]:
    return frozenset(festival_names())


# 本周, 下一季, 每周: a time word, not a happening's name
_TIME_SUFFIXED = re.compile(r"(?:本|上|下|这|每|该|当|同|次|一|两|二|三|四|五|六|七|八|九|十|个)(?:周|季)$|节假日$|季度$")


# 双休日不报名 / 节假日休息不接种: the days left out of a window, not the happening denied
_DAYS_LEFT_OUT = re.compile(r"(?:双休日|节假日|法定节假日|节日|周末|休息日|公休日|周六、?(?:周)?日|星期六、?(?:星期)?日)(?:期间)?[^，,。；;]{0,3}(?:不|暂停|休息)")
_DENIED = re.compile(
    r"(?:不|暂不|均不|将不|不再|无需|不需|不会|无法|不能|未能|尚未|暂未|(?<!电)视(?:情况|海况|天气|路况|气象条件|进展))"  # 视海况安排复航: only if the sea allows
    r"(?:安排|实施|实行|进行|举行|举办|组织|开展)?\s*(?:计划|临时)?\s*$"
)
_WEEKLY_CLOSING = re.compile(r"(?:每?周|星期|礼拜)[一二三四五六日天]\s*(?:[、和至到-]\s*(?:周|星期)?[一二三四五六日天]\s*)?[:：]?\s*$")
_LATER_CLOSING = re.compile(r"(?:延时|延长|延迟|推迟)(?:至|到)[^，,。；;]{0,8}$")
_LABEL_BEFORE = re.compile(r"(?:^|[，,；;。\s])([^，,。；;:：\s]{0,6}(?:时间|日期|时段))[:：]\s*$")


def _label_before(sentence: str, rel: int) -> str | None:
    """The label right before a time inside a sentence (…，送电时间：3月6日17:30 → 送电时间)."""
    m = _LABEL_BEFORE.search(sentence, max(0, rel - 10), rel)
    return m[1] if m else None


def _label_of(sentence: str) -> str | None:
    m = re.match(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、．.]\s*)?([^，,。:：\d]{1,12})[:：]", sentence)
    return m[1].strip() if m else None


_END_COLUMN = re.compile(r"恢复|结束|送电|通水|复电|解除")


def _column_of(text: str, pos: int, topic: Topic) -> str:
    """The header of the table column ``pos`` stands in ("" when not in a | row |)."""
    line_start = text.rfind("\n", max(0, pos - 400), pos) + 1
    index = cell_index(text[line_start:pos])
    return topic.columns[index] if 0 <= index < len(topic.columns) else ""


def _line_label(text: str, start: int) -> str | None:
    """The label of the line a ；-separated part belongs to (申报时间：个人申报…；单位审核推荐…:
    the later parts are 申报时间 too)."""
    if start == 0 or text[start - 1] not in "；;":
        return None
    reach = max(0, start - 160)  # a label stands near (a page on one line stays linear)
    line_start = text.rfind("\n", reach, start) + 1
    return _label_of(text[line_start:start]) if line_start or reach == 0 else None


def _role(text: str, m: Mention, sent: tuple[int, int], label: str | None) -> str:
    c = cues()
    before = text[max(sent[0], m.span[0] - 8):m.span[0]]
    after = text[m.span[1]:min(sent[1], m.span[1] + 12)]
    if _CLOSING_HOUR_OF.search(text, max(sent[0], m.span[0] - 20), m.span[0]):
        return "end"  # 末班车发车时间延后至次日凌晨1:00: the extended service runs until then
    if c.change_before.search(before):
        return "change"
    if c.reopen_after.match(after):
        return "reopen"
    ends_after = None if _NEW_OPENING.match(after) else (c.end_after.match(after) or _STOP_RIGHT_AFTER.match(after))
    if ends_after is not None and _EVENT_NOUN.match(after, ends_after.end()):
        ends_after = None  # 8:30召开的闭幕大会 names a happening, not an end
    if m.value.end is not None or (label is not None and c.deadline_label.search(label)):
        ends_after = None  # X起至Y止: a range states both; 报名截止时间：X止 is a deadline
    if ends_after is not None and _CLOSED_FROM.match(text, m.span[1]):
        return "start"  # 自10月20日18时起关闭: a place closed from then, not a window that ends
    if (ends_before := c.end_before.search(before)) and ends_before[1] or ends_after is not None:
        return "end"
    rest = text[m.span[1]:sent[1]]
    if len(rest) <= 40 and _CLOSES_SENTENCE.search(rest) and not re.search(r"开幕|开始|举行|召开|启动|开展|开放|将于|将在", rest):
        return "end"  # 6月18日，第五届龙舟文化节在江滨公园落下帷幕: the day it closed
    if label is not None and c.end_label.search(label) and not c.deadline_label.search(label):
        return "end"
    if ends_after is None and m.value.all_day and _CLOSING.match(after) and sent[0] < m.span[0] and _starts_before(text, sent, m):
        return "end"  # 将于2月16日开幕，26日举行闭幕式: the closing day ends it
    return "start"


# 末班车 / 运营时间 / 闭馆时间 … 延后至: the hour a service or place closes moves, so the day's run ends then
_CLOSING_HOUR_OF = re.compile(
    r"(?:末班车?|收班|运营时间|营业时间|开放时间|闭馆时间|闭园时间)[^，,。；;]{0,8}?(?:延后|延时|延长|推迟|延迟|延)(?:至|到)\s*$"
    r"|(?:延时|延长)(?:运营|运行|营业|开放)(?:至|到)\s*$"  # 地铁2号线延时运营至次日1:30
)
# 起关闭 / 起全部关闭: closed from then on
_CLOSED_FROM = re.compile(r"\s*起\s*(?:全部|暂时|临时|全面)?关闭")
# 12时起正式通车运营, 28日建成通车: a new road or line opens, nothing closed ends
_NEW_OPENING = re.compile(r"^[^，,。；;]{0,3}?(?:起\s*)?(?:正式|建成|全线)\s*(?:通车|通水|通电|开通)")
_STOP_RIGHT_AFTER = re.compile(r"^\s*(?:[)）]\s*)?止")
_CLOSES_SENTENCE = re.compile(r"(?:落下帷幕|圆满落幕|落幕|闭幕|圆满结束|胜利闭幕|收官)[。！!]?\s*$")
_CLOSING = re.compile(r"^[^，,。；;]{0,4}?(?:举行)?闭幕(?:式|会|大会)?")


def _starts_before(text: str, sent: tuple[int, int], m: Mention) -> bool:
    """Whether the sentence names an opening before this time (开幕, 举行, 开始)."""
    return re.search(r"开幕|举行|举办|开始|召开|开展", text[sent[0]:m.span[0]]) is not None


_GENERIC = ("other", "activity")


def _generic(h: Hit) -> bool:
    """A kind word too broad to beat a specific one elsewhere in the sentence:
    any of kind other (播出, 启动), and 活动 itself; a named activity (考试,
    运动会) is specific in its own clause."""
    if h.kind == "other" and h.word.endswith(_TAKES_EFFECT):
        return False  # 该条例将于7月1日起施行 after 会议表决通过了…: the rule's own day, not the meeting's
    return h.kind == "other" or (h.kind == "activity" and h.word in ("活动", "比赛", "演出"))


_TAKES_EFFECT = ("施行", "执行", "实施")


_EVENT_NOUN = re.compile(r"大会|会议|式|会|典礼|仪式")
# A clause that is only a time and its onset word (从下周一开始，…) modifies the next clause.
_ONSET_WORDS = frozenset(("开始", "启动", "起"))
_FRONTED_REST = re.compile(
    r"[(（](?:本报)?记者[^)）]{0,16}[)）]|本报讯|[\d\s年月日号时分点:：()（）\-—~至到]|(?:定|拟|计划|预计|将|决定|准备)(?=于|在|自|从)|从|自|于|在|起|其中|另外|此外|同时|开始|以来|当天|当日|期间|假期|上午|下午|中午|晚上|早上|傍晚|夜间|凌晨|晚|早|夜|半|许|左右|整|今天|明天|今日|明日|正月|腊月|农历|初|廿|除夕|元宵|中秋|端午|春节|国庆|跨年夜|星期.|周.|[一二三四五六七八九十两]"
)


def _lead_of_list(sentence: str, hits: list[Hit], rel: int) -> Hit | None:
    """The happening a lead names before a colon, for a time in the list after it whose
    clause names none (…组织团体献血：明天（16日）9:00-16:00停靠…，17日…停靠…)."""
    colon = max((c.start() for c in _LEAD_COLON.finditer(sentence, 0, rel)), default=-1)
    if colon < 0 or re.search(r"[。；;]", sentence[colon:rel]) or not _LIST_ITEM_START.match(sentence, colon + 1):
        return None
    lead = [h for h in hits if h.start < colon and h.strength == "trigger"]
    return lead[-1] if lead else None


_LEAD_COLON = re.compile(r"：|(?<!\d):|:(?!\d)")  # not a clock's (9:00)
# the list after a lead's colon opens with a time (明天（16日）, 3月5日, 17日（星期三）)
_LIST_ITEM_START = re.compile(r"\s*(?:[今明后]天|\d{1,2}\s*月|\d{1,2}\s*[日号]|本周|下周|周[一二三四五六日])")


def nearest_hit(hits: list[Hit], sentence: str, pos: int, *, own_only: bool = False, end: int | None = None) -> Hit | None:
    """The trigger in the mention's own clause, else the sentence's strongest.

    A generic kind (``other``: 播出, 启动; ``activity``: 活动) in the clause
    gives way to a specific kind elsewhere in the sentence.  With ``own_only``
    (several times in one sentence) only the clause's own trigger counts.

    Example: in "8时至17时停水，18时恢复供电" the first time's hit is 停水.
    """
    if not hits:
        return None
    # 高考期间，…实行交通管制 / 灯会期间，…交通管制: the happening that names a period is
    # the context of another one said after it
    during = [h for h in hits if sentence.startswith("期间", h.start + len(h.word))]
    if during and any(h.start > during[-1].start for h in hits if h not in during):
        hits = [h for h in hits if h not in during]
    lo, hi = clause_span(sentence, pos, ",，;；:：")
    own = [h for h in hits if lo <= h.start < hi]
    fronted = not _FRONTED_REST.sub("", sentence[lo:hi]).strip() or bool(own) and all(h.word in _ONSET_WORDS for h in own)
    if not own and end is not None and not sentence[end:hi].strip(" )）起"):
        fronted = True  # 市政府新闻办定于明天下午3时，在…举行新闻发布会: the time closes its clause
    if fronted and hi < len(sentence):
        # a fronted time (11月11日，…将举办…活动): the next clause is its own
        start, nxt = hi, clause_span(sentence, hi + 1)[1]
        if _CAUSE.match(sentence, hi + 1) and nxt < len(sentence):
            start, nxt = nxt, clause_span(sentence, nxt + 1)[1]  # …，因举办长跑比赛，滨河路实行交通管制: the cause is not it
        own = [h for h in hits if start < h.start < nxt] or own
    if own_only:
        return own[0] if own else None
    specific = [h for h in hits if h.kind not in _GENERIC and h.strength == "trigger"]
    if own and (not _generic(own[0]) or not specific or own[0] is hits[0]):
        return own[0]
    return specific[0] if specific else hits[0]


def _stop_before_next(text: str, hits: list[Hit], m: Mention, group: list[Mention], sentence_start: int) -> Hit | None:
    """The closure days off bring, said after them and before the sentence's next time
    (5月1日至5日放假，共5天，大厅暂停对外办公，5月6日起恢复正常办公: 暂停对外办公)."""
    nxt = min((g.span[0] for g in group if g.span[0] > m.span[0]), default=None)
    if nxt is None or not _DAYS_OFF.match(text, m.span[1]):
        return None
    lo, hi = m.span[1] - sentence_start, nxt - sentence_start
    return next((h for h in hits if lo <= h.start < hi and h.kind == "outage" and h.strength == "trigger"), None)


_DAYS_OFF = re.compile(r"\s*(?:[(（][^)）]{1,12}[)）])?\s*(?:放假|休假|休息)")


_THAT_DAY_WORDS = frozenset(("当日", "当天", "届时"))


# A clause that holds "it" again without naming it: the sentence's happening, once more.
_CAUSE = re.compile(r"\s*(?:(?:因|由于|为了|为)(?!期)|受(?=[^，,。；;]{1,24}影响))")  # (受…施工影响: a cause too)
_TIME_IS = re.compile(r"\s*(?:活动|具体)?时间\s*(?:为|是|定为|定在|[:：])\s*$")
_HOLDS_AGAIN = re.compile(r"(?:各|再|还将|还会|将再|继续)(?:举办|举行|开展|上演|放映)(?:一场|一次|一期)?")
_EVENT_VERB = re.compile(r"举办|举行|召开|开展|组织|启动")


def _object_hit(sentence: str, hits: list[Hit]) -> list[Hit]:
    """Kinds ordered so that what 举办/召开 governs comes first.

    In the object, the last conjunct of ``X暨Y`` counts; within it a specific
    kind word beats the generic head (第70期“热线问政”活动 is a hotline).

    Example: "热线将举办历程展暨公众开放日活动" → 开放日 (activity) before 热线 (hotline).
    """
    verb = _EVENT_VERB.search(sentence)
    if verb is None:
        return hits
    stop = re.compile(r"[，,。；;]").search(sentence, verb.end())
    hi = stop.start() if stop else len(sentence)
    joint = sentence.rfind("暨", verb.end(), hi)
    lo = joint + 1 if joint >= 0 else verb.end()
    after = [h for h in hits if lo <= h.start < hi and h.strength == "trigger"]
    if not after:
        return hits
    specific = [h for h in after if h.kind not in _GENERIC]
    head = (specific or after)[-1] if specific else max(after, key=lambda h: h.start + len(h.word))
    return [head] + [h for h in hits if h is not head]


def statements(
    text: str,
    sent: tuple[int, int],
    group: list[Mention],
    topic: Topic,
    headline_cancel: bool,
) -> list[Statement]:
    """The statements of one sentence.

    Example: statements(text, span_of("4月14日8时至17时停水"), [m], Topic(0, 0, None), False)
    → [Statement(role="start", kind="outage", …)].
    """
    sentence = text[sent[0]:sent[1]]
    hits = _object_hit(sentence, [h for h in all_hits(sentence) if not _SPEAKS.match(sentence, h.start + len(h.word))])
    label = _label_of(sentence) or _line_label(text, sent[0])
    c = cues()
    out = []
    cancelled = headline_cancel or _cancels(c.cancel, sentence)
    for m in group:
        rel = m.span[0] - sent[0]
        hit = nearest_hit(hits, sentence, rel, own_only=len(group) > 1 and _spread(group, sentence, sent[0]), end=m.span[1] - sent[0])
        then = _consequence(sentence, hits, rel) if "届时" in sentence else None
        own = nearest_hit(hits, sentence, rel, own_only=True) if then is not None else None
        if own is not None and then is not None and own.kind == "other" and then.kind == "ceremony":
            hit, also = then, None  # 将于7月18日正式通车，届时上午10时举行通车仪式: the opening is its rite
        elif own is not None and then is not None and own.kind != then.kind and hit in (own, then):
            # 晚7点至10点，广场将举办元宵灯会，届时周边道路将实行交通管制: the fair, and its closure
            hit, also = own, then
        else:
            also = None
        if hit is None and hits and _HOLDS_AGAIN.search(sentence, *clause_span(sentence, rel)):
            hit = nearest_hit(hits, sentence, rel)  # 后续还将于8月15日、22日各举办一场: more of the happening just named
        if hit is None and hits and _TIME_IS.match(sentence, clause_span(sentence, rel)[0], rel):
            hit = nearest_hit(hits, sentence, rel)  # …开展“图书漂流”活动，时间为当天上午9:00—12:00: its time, said after it
        if hit is None and hits and (lead := _lead_of_list(sentence, hits, rel)) is not None:
            hit = lead  # 血站将连续组织团体献血：明天9:00停靠市政府大院，17日…停靠学院: the items of the lead's happening
        if hit is None and hits and (after := _stop_before_next(text, hits, m, group, sent[0])) is not None:
            hit = after  # 5月1日至5日放假，共5天，大厅暂停对外办公，5月6日起恢复…: what stops before the next time
        if hit is None and not hits:
            hit = _named_by_suffix(sentence, 0, rel)
        elif hits and not _has_own_hit(hits, sentence, rel):
            # 本届科技活动周于5月18日至24日举行，将开展…作品展等活动: the clause's own subject, not a later word
            hit = _named_by_suffix(sentence, clause_span(sentence, rel, ",，;；:：")[0], rel) or hit
        denied = (
            hit is not None
            and _DENIED.search(sentence, max(0, hit.start - 8), hit.start) is not None
            and not sentence.startswith("的", hit.start + len(hit.word))  # 因故不能出席的，请于…请假: a condition
            and _DAYS_LEFT_OUT.search(sentence, max(0, hit.start - 12), hit.start) is None  # 双休日不报名: only those days
        )
        if denied:
            hit = None  # 国庆期间原则上不安排计划停电: a happening the page says will not be
        if hit is not None and hit.kind == "outage" and _LATER_CLOSING.search(sentence, max(0, hit.start - 12), hit.start):
            hit = replace(hit, kind="other")  # 每周六延时至晚9点闭馆: longer opening hours, not a closure
        elif hit is not None and hit.kind == "outage" and _WEEKLY_CLOSING.search(sentence, max(0, hit.start - 4), hit.start):
            # 5月18日—8月20日（周一闭馆）: the weekly closing day of a run, not a closure
            hit = next((h for h in hits if h.kind != "outage"), None)
        own_label = _label_before(sentence, rel) or label
        role = _role(text, m, sent, own_label)
        if role == "start" and topic.columns and _END_COLUMN.search(_column_of(text, m.span[0], topic)):
            role = "end"  # | 停水时间 | 恢复时间 |: the time under 恢复时间 ends the row's outage
        if (role == "change" or m.text in _THAT_DAY_WORDS) and c.condition.search(sentence, 0, rel):
            # 如遇雨天，开幕式顺延至次日: a new date that holds only if it rains;
            # 如遇公务活动，时间另行调整，以当日预告为准: the day of the one already named
            continue
        kind = hit.kind if hit is not None else None
        short_label = own_label is not None and (len(own_label) <= 6 or own_label.endswith(("时间", "日期")))
        if short_label and role == "start" and (named := detect_kinds(own_label or "")):
            kind = named[0].kind  # 停电时间：3月6日8:00, 准考证打印：6月20日至23日: the label names its kind
        if kind is None and topic.columns and (column := next(iter(detect_kinds(" ".join(topic.columns))), None)):
            kind, hit = column.kind, hit or replace(column, start=0)  # | 停电日期 | … | rows; | 直播日期 | … | sessions
        if label is not None and c.deadline_label.search(label) and role == "start":
            kind = "deadline"
        if m.value.open_start:
            kind = "deadline"
        opening_of = None
        if role == "start" and kind in (None, "activity", "exhibition") and _opens(sentence, rel):
            opening_of, kind = kind or "exhibition", "ceremony"
        elif role == "start" and hit is not None and kind in ("activity", "exhibition") and _OPENING_HEAD.match(
            sentence, hit.start + len(hit.word)
        ):
            opening_of, kind = kind, "ceremony"  # 园林博览会开幕式将于…举行: the ceremony opens the show
        out.append(
            Statement(
                mention=m,
                sentence=sent,
                role=role,
                kind=kind,
                hit=hit,
                topic=topic.id,
                time_line=_is_time_line(sentence, group)
                or label is not None and _rest_len(sentence, group, label) <= 4
                or topic.record and bool(topic.heading) and _rest_len(sentence, group, topic.heading) <= 2,
                cancelled=cancelled,
                label=label,
                onset=_ONSET.match(text, m.span[1]) is not None and m.value.end is None,
                opening_of=opening_of,
                named=_named_at(sentence, hit.start) if hit is not None else None,
                postponed=_postponed(sentence) if cancelled else None,
                denied=denied,
            )
        )
        if also is not None and role == "start":
            out.append(replace(out[-1], kind=also.kind, hit=also, named=_named_at(sentence, also.start), opening_of=None))
    return out


def _consequence(sentence: str, hits: list[Hit], pos: int) -> Hit | None:
    """A trigger in a later clause that opens with 届时 (what the happening brings with it)."""
    for m in re.finditer(r"[，,；;]\s*届时", sentence[pos:]):
        lo = pos + m.end()
        hi = clause_span(sentence, lo)[1]
        found = [h for h in hits if lo <= h.start < hi and h.strength == "trigger"]
        if found:
            return found[0]
    return None


# 会议决定/会议指出/会议强调: a meeting already held, speaking in a report, names no happening of a time
_SPEAKS = re.compile(r"(?:决定|指出|强调|要求|认为|提出|明确|审议通过|研究决定)"
                     # 记者从…新闻发布会上获悉: where the paper learned it, the source of the news
                     r"|(?:上|中|会上|現場|现场)?(?:获悉|獲悉|了解到|瞭解到|得知|获知|獲知)")
_POSTPONED = re.compile(r"(?:延期|推迟|暂缓|延后)(?:举行|举办|开展|进行)?")


def _postponed(sentence: str) -> str | None:
    """延期举办，具体时间另行通知 → "延期举办，时间另行通知"; None when the happening is called off."""
    m = _POSTPONED.search(sentence)
    if m is None:
        return None
    return f"{m[0]}，时间另行通知" if "另行通知" in sentence or "另行公告" in sentence else m[0]


def _named_at(sentence: str, pos: int) -> str | None:
    """The quoted name in the clause around ``pos`` (举办“博物馆奇妙夜”活动 → 博物馆奇妙夜)."""
    lo, hi = clause_span(sentence, pos)
    m = QUOTED_NAME.search(sentence, lo, hi)
    return (m[1] or m[2] or m[3]) if m else None


_ONSET = re.compile(r"\s*[)）]?\s*(?:起|开始|以来)")
_OPENING_HEAD = re.compile(r"[”」』》\"]?\s*(?:开幕式|开幕仪式|开展仪式|开园仪式|启动仪式)")
_OPENING = re.compile(r"开幕(?!式)|拉开帷幕|揭幕|开展(?=\s*[。，,；;]|\s*$)")


def _opens(sentence: str, pos: int) -> bool:
    """Whether the sentence, from a time on, says a festival or show opens (…在江滨公园开幕)."""
    ends = [i for i in (sentence.find(ch, pos) for ch in "；;。") if i >= 0]
    hi = min(ends) if ends else len(sentence)
    return _OPENING.search(sentence[pos:hi] + "。") is not None


def _spread(group: list[Mention], sentence: str, base: int) -> bool:
    """Whether the times of a sentence sit in different clauses (each its own happening)."""
    clauses = {len(re.findall(r"[,，;；]", sentence[: m.span[0] - base])) for m in group}
    return len(clauses) > 1


def _rest_len(sentence: str, group: list[Mention], label: str | None) -> int:
    rest = sentence
    for m in group:
        rest = rest.replace(m.text, "")
    if label:
        rest = rest.replace(label, "", 1)
    return len(_TIME_LINE_WORDS.sub("", PICTOGRAPHS.sub("", rest)))  # (⏰5月29日下午3:00: the pictograph is no word)


_TIME_LINE_WORDS = re.compile(r"[\s,，、。:：;；()（）\-—~至到止起]|上午|下午|晚上|星期.|周.|[一二三四五六七八九十\d]{1,3}[、.．]")


def _is_time_line(sentence: str, group: list[Mention]) -> bool:
    return _rest_len(sentence, group, None) <= 2



def _cancels(cancel: re.Pattern[str], text: str) -> bool:
    """Whether a cancel word stands in ``text`` on its own (停办, not the 停办 in 暂停办理)."""
    return any(m[1] for m in cancel.finditer(text))


def headline_cancels(headline: str) -> bool:
    """A headline that announces cancellations (…演出取消公告).

    Example: headline_cancels("大剧院春节期间演出取消公告") is True.
    """
    return _cancels(cues().cancel, headline)


__all__ = [
    "Cues",
    "Statement",
    "Topic",
    "cues",
    "headline_cancels",
    "nearest_hit",
    "statements",
    "topic_at",
    "topics",
]
