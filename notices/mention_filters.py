"""Which time mentions of a sentence may time a happening, and how they combine.

Before the frame stage, each sentence's mentions are filtered: publication
stamps and signature dates, bracketed restatements (明天(3日)), weekly
schedules and tables, festivals that only name a show (元宵焰火晚会), days a
run leaves out; how hours said once time days is in ``notices.daily_hours``.

Example: usable(<放假时间不得早于1月25日>, …) is False: a bound, no happening.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from notices.calendar_cn import CalendarUnknown, is_working_day
from notices.kinds import Hit
from notices.model import SHANGHAI, Grain, Mention, PublishedAt, TimeValue, local_day
from notices.text import DAYS_CLOSE


def said_from(text: str, m: Mention) -> bool:
    """Whether a mention says a day things run from (10月30日起), 起 inside it or right after it.

    Example: said_from("10月30日起恢复正常通行", <10月30日>) is True.
    """
    return m.text.rstrip().endswith("起") or text[m.span[1]:m.span[1] + 1] == "起"


def usable(m: Mention, sentence: str, sent: tuple[int, int], hits: list[Hit]) -> bool:
    """Whether a mention can time a happening at all."""
    value = m.value
    if value.grain in (Grain.WEEK, Grain.MONTH, Grain.YEAR):
        return False
    if set(m.rules_fired) <= _COUNTED and value.grain in (Grain.MINUTE, Grain.HOUR) and m.deadline_rule is None:
        return False  # 开考15分钟后, 考试开始前30分钟: minutes counted from a happening, not from the page's day
    rel = m.span[0] - sent[0]
    if _ADVICE.search(sentence, max(0, rel - 8), rel):
        return False  # 市民应尽量避免在11时至16时进行户外活动: advice on hours, no happening
    if m.text.startswith(("截至", "截止到")) and _AS_OF.search(sentence, m.span[1] - sent[0]):
        return False  # 截至4日凌晨2时，各积水路段已全部恢复通行: how things stood then, nothing due
    if value.open_start and _TARGET.search(sentence, 0, rel) and _COMPLETION.match(sentence, m.span[1] - sent[0]):
        return False  # 全市计划…，年底前完成投资45亿元: a plan's target, said earlier in the sentence
    if not hits and _UNCHANGED.search(sentence, m.span[1] - sent[0]):
        return False  # 1月1日（元旦）当天各线路首班车时间不变: nothing changes, nothing happens
    if _SEASON.search(sentence) and all(h.kind == "other" for h in hits):
        return False  # 今年“三伏”从7月16日开始，到8月24日结束: a season of the weather or calendar, no happening
    if "之日" in m.text and value.end is None and m.deadline_rule is None and not value.open_start and not any(h.kind == "deadline" for h in hits):
        # 自本公告发布之日起，暂停办理…: a measure that starts with the notice itself, no dated
        # happening (but 自本公告发布之日起，可以开始报名 opens a window closed later)
        return False
    if not m.has_date and "from-context" not in m.flags:
        return False  # a bare clock with nothing dated before it in the article
    if _PERIODIC_RULE.search(sentence, 0, rel) and (m.text.startswith(_OF_EACH_PERIOD) or _AFTER_EACH_PERIOD.search(sentence, max(0, rel - 12), rel)):
        return False  # 按月申报的，应于次月1日起15日内申报: a rule of every period, no day of the page
    if value.open_start:
        if in_quotes(sentence, m.span[0] - sent[0]):
            return False  # a quoted norm ("3个工作日内办结") has no anchor of its own
        obliged = _due_by(sentence, m.span[0] - sent[0], m.span[1] - sent[0], dated=SAYS_A_DAY.search(m.text) is not None)
        arrival = _ARRIVE.match(sentence, m.span[1] - sent[0]) is not None
        restored = _RESTORED.match(sentence, m.span[1] - sent[0]) is not None  # 16:00前恢复供气: the outage's end
        if not hits and m.deadline_rule is None and not _LABELLED.match(sentence) and not (obliged and not arrival) and not restored:
            return False  # (请于/须在/可于 X日前 … is due whatever the verb after it)
        if m.deadline_rule is not None and not any(h.kind == "deadline" for h in hits) and not _OWED.search(sentence, max(0, m.span[0] - sent[0] - 30), m.span[0] - sent[0]):
            # "N天内…" with nothing to be done by then is a condition, not a deadline; but
            # 请…自本公告发布之日起5个工作日内到…领取 / 应当在…5个工作日内提出 asks it of the reader
            return False
        if "festival" in m.rules_fired and not obliged and not any(h.kind == "deadline" for h in hits):
            return False  # 介绍春节前农民工工资支付检查情况: a festival before a noun, nothing due
        if arrival:
            return False  # 考生须于当天早上7:30前到达考点: when to be there, nothing due
        if not obliged and m.deadline_rule is None and not SAYS_A_DAY.search(m.text) and not any(h.kind == "deadline" for h in hits) and _COMPLETION.match(sentence, m.span[1] - sent[0]):
            return False  # 增开3条公交线路，年内投入运营: a work done by then, nothing due for the reader
    elif "month_end" in m.rules_fired or _YEAR_END.search(m.text):
        return False  # 11月底, 2027年底 alone are vague; only 月底前 is a date
    if value.open_start and m.deadline_rule is None and _TARGET.search(sentence, max(0, m.span[0] - sent[0] - 12), m.span[0] - sent[0]) and not _RESTORED.match(sentence, m.span[1] - sent[0]):
        return False  # 确保6月底前完成, 力争年底前实现: a work target, not something the public must do by then
    if _COUNTED_FROM.match(sentence, m.span[1] - sent[0]):
        return False  # 自本公示发布之日起计算: the day a count starts from, no happening of its own
    if _ITS_OWN_EFFECT.search(sentence, max(0, m.span[0] - sent[0] - 10), m.span[0] - sent[0]) and _TAKES_EFFECT.match(sentence, m.span[1] - sent[0]):
        return False  # 本通告自2025年3月10日起施行: when the page's own rules apply, not a happening
    if _COVERED_PERIOD.search(sentence, max(0, m.span[0] - sent[0] - 8), m.span[0] - sent[0]) or (
        _COVERED_WORD.match(m.text) and _THE_PAGES_OWN.search(sentence, 0, m.span[0] - sent[0])
    ):
        return False  # 待遇享受期为2026年1月1日至12月31日: the time a right covers, no happening
    if _NOT_BEFORE.search(sentence, max(0, m.span[0] - sent[0] - 6), m.span[0] - sent[0]):
        return False  # 放假时间不得早于1月25日: a bound on a date others set, no happening
    if _COUNTERFACTUAL.search(sentence[m.span[1] - sent[0]:]) and _SHOULD.search(sentence, max(0, m.span[0] - sent[0] - 4), m.span[1] - sent[0] + 6):
        return False  # 明天应该启动…，但…无需限行: what would have happened, and will not
    if _LEARNED.match(sentence, m.span[1] - sent[0]) or _REPORTER.search(sentence, max(0, m.span[0] - sent[0] - 6), m.span[0] - sent[0]):
        return False  # 记者昨日从市文旅局获悉: when the paper learned it, a narrative stamp
    at = m.span[1] - sent[0] - len(m.text)  # where the words of the mention begin (a repeating mention spans its anchor too)
    before = sentence[max(0, at - 20):at]
    reopening = "恢复" in sentence[max(0, at - 30):at]  # 1月27日恢复正常营业，营业时间为8:30—17:30: that day's hours
    if not value.all_day and not reopening and ("时间" in before or "班" in before or "班" in m.text) and not SAYS_A_DAY.search(m.text) and (
        _OPENING_HOURS.search(before) or _FIRST_LAST_RUN.search(sentence, max(0, m.span[0] - sent[0] - 4), m.span[1] - sent[0])
    ):
        return False  # 开放时间为每天9:00—16:30, 营业时间：9:00—17:00, 每日首班7:00: the hours a place or line keeps
    if m.text in ("今日", "今天", "本周", "本月") and _COLUMN_WORD.match(sentence, m.span[1] - sent[0]):
        return False  # 今日提醒：明天停水, 今日关注: a column's name, not a day
    if not value.all_day and LAST_ENTRY.match(sentence, m.span[1] - sent[0]):
        return False  # （7时30分停止入场）: the last entry of a place's day, no happening
    if m.text.startswith("即日") and value.end is None and not _DUE_LATER.search(sentence, m.span[1] - sent[0]):
        return False  # 即日起…: an arrangement from now on; only 即日起至8月31日 (or …，截止时间为X) bounds a happening
    if "festival" in m.rules_fired and _DRAWS_NEAR.match(sentence, m.span[1] - sent[0]):
        return False  # 中秋、国庆“双节”将至，现将…安排公告如下: the festival draws near, the reason for what follows
    if m.rules_fired == ("festival",) and (m.text.endswith("期间") or _PERIOD_AFTER.match(sentence, m.span[1] - sent[0])):
        # 国庆假期, 春节期间: a period around a festival, not a day; but the official
        # days off it names time a closure over them (国庆期间，市图书馆暂停开放)
        in_purpose = _PURPOSE.search(sentence, max(0, m.span[0] - sent[0] - 12), m.span[0] - sent[0]) is not None  # 为确保国庆节期间供电，…停电检修
        return value.end is not None and any(h.kind == "outage" for h in hits) and not in_purpose
    if m.has_date and value.all_day and _REFUSED_CLOCK.match(sentence, m.span[1] - sent[0]):
        return False  # 1月9日25:00: a clock the grammar refused makes the whole time untrustworthy
    return True


# 享受期 / 有效期 / 保障期 / 保险期间 right before a time: what a right or a policy covers
_COVERED = r"(?:享受期|有效期|保障期|保险期|保险期间|质保期|待遇期|有效期限)"
_COVERED_PERIOD = re.compile(rf"{_COVERED}\s*(?:为|是|自|从|至|到|[:：])?\s*$")
_COVERED_WORD = re.compile(_COVERED)  # (有效期至12月31日 read as one deadline)
# 本通告…有效期至: the page's own validity (a voucher's 有效期至 stays a day to use it by)
_THE_PAGES_OWN = re.compile(r"本(?:通告|公告|通知|办法|规定|细则|意见|方案|决定|规则|制度)")
_COUNTED_FROM = re.compile(r"\s*(?:起)?\s*(?:计算|计|算起)")
# 本通告自3月10日起施行: the day the notice's own rules take effect, no happening of the page
_ITS_OWN_EFFECT = re.compile(rf"{_THE_PAGES_OWN.pattern}[^，,。；;]{{0,4}}?(?:自|从|于)?\s*$")
_TAKES_EFFECT = re.compile(r"\s*(?:起)?\s*(?:施行|实施|执行|生效)")
# 不得早于 / 不早于 / 最早不早于 right before a time: the earliest a day may be set
_NOT_BEFORE = re.compile(r"(?:不得|不能|不应|不宜|不)早于\s*$")
# …时间不变 / 不受影响: what stays as it is
_UNCHANGED = re.compile(r"(?:保持|维持|均|仍|照常)?(?:不变|不受影响)")
# rules that count from the reference time (15分钟后, 前30分钟, 两小时内)
_COUNTED = frozenset(("offset", "window"))
# 应该/本应/按说 … 但/不过 … 无需/不必/不再: a happening that would have been, and is not.
_SHOULD = re.compile(r"应该|本应|原应|按说|照理")
_COUNTERFACTUAL = re.compile(r"(?:但|不过|然而|可是)[^。；;]{0,20}?(?:无需|不需|不必|不用|不再|暂不|不会)")
# Words that make a "by then" a goal of the administration's own work.
_TARGET = re.compile(r"确保|力争|争取|努力|有望|预计|计划|目标|要求.{0,4}完成|全面完成|各地要|各级要|要在|(?:规划|方案)(?:明确|提出)")
_REFUSED_CLOCK = re.compile(r"[ \t(（)）]*\d{1,2}\s*[:：]\s*\d{2}")


# …将至 / 临近 / 来临之际 after a festival (and the 、国庆“双节” it is listed with)
_DRAWS_NEAR = re.compile(r"(?:[、和与及][^，,。；;]{1,6}?)?(?:[“\"][^”\"]{1,6}[”\"])?\s*(?:将至|将近|临近|即将到来|即将来临|来临之际|到来之际|来临|到来前夕)")
# 请上述经营主体自…起 / 应当在…: a count of days the page asks of the reader
_OWED = re.compile(r"(?:请|须|需|必须|务必|应当|应|要求)[^，,。；;]{0,14}(?:公示|发布|公告|通知|公布|刊登|张贴)之日起\s*$")
# 按月申报的，应于次月…; 按季申报的，应于季度终了之日起…: a rule for every month or quarter
_PERIODIC_RULE = re.compile(r"(?:按月|按季|按年|按次|每月|每季度?|每年)[^，,。；;]{0,10}的[，,]")
_OF_EACH_PERIOD = ("次月", "下月", "季度终了", "年度终了", "次年", "次季")
_AFTER_EACH_PERIOD = re.compile(r"(?:次月|下月|次年|次季|终了之日|终了后)[^，,。；;]{0,6}$")
# 请于 / 须在 / 可于 / 务必于 right before a "by X" time: something the reader must do by then
_OBLIGED = re.compile(r"(?:请|须|需|必须|务必|应|应当|可|均须|务请|承诺|要求)[^，,。；;]{0,8}?(?:在|于)\s*$")
# 请各村…，并于X前…: a request that goes on past a comma to its date
_AND_BY = re.compile(r"并(?:于|在)\s*$")
_REQUEST = re.compile(r"\s*(?:请|务请|敬请|恳请|要求)")
# 材料将于6月1日前送达, 9月5日前将整改台账报…: what will be done by then is due then
_WILL_BEFORE = re.compile(r"将(?:于|在)\s*$")
_WILL_AFTER = re.compile(r"\s*(?:将|须|需|要)(?!于|在)")
# …将于年底前建成通车: a work's completion, not something due
_COMPLETION = re.compile(r"\s*(?:[将须需要]\s*)?(?:全面|基本|全部)?(?:完成|建成|完工|竣工|投用|投入使用|投入运营|投运|通车|实现|达到|开工|启用|完善|结束|告一段落)")


def _due_by(sentence: str, at: int, end: int, *, dated: bool) -> bool:
    """Whether the ``X前`` at ``sentence[at:end]`` is something due: 请/须/要求…于X前,
    or, for a stated date, what will be done by then (将于X前送达, X前将…报) unless it
    is a work's completion (a promise 将在一周内… in a report is no date of the page)."""
    if _OBLIGED.search(sentence, max(0, at - 16), at):
        return True
    if _AND_BY.search(sentence, max(0, at - 4), at) and _REQUEST.match(sentence):
        return True  # 请各村做好宣传发动，并于本周四前将预约名单报卫生院: the request goes on
    if not dated:
        return False
    will = _WILL_BEFORE.search(sentence, max(0, at - 4), at) or _WILL_AFTER.match(sentence, end)
    return will is not None and not _COMPLETION.match(sentence, end)
# 为确保 / 为了 / 保障 … before a festival period: the period the work serves, not its time
_PURPOSE = re.compile(r"(?:为|为了|确保|保障|保证)[^，,。；;]{0,8}$")
_FIRST_LAST_RUN = re.compile(r"首班|末班")
_COLUMN_WORD = re.compile(r"(?:提醒|提示|关注|要闻|头条|快讯|推荐|看点|导读)\s*[:：|｜]?")
_YEAR_END = re.compile(r"年底|年末|岁末")
LAST_ENTRY = re.compile(r"\s*(?:后)?\s*(?:停止|禁止)(?:入场|入园|入馆|进馆|进场|检票|售票|入内|预约)|\s*清场")
# 须于7:30前到达考点: when to be there on the day, not something due
_ARRIVE = re.compile(
    r"\s*(?:前|之前|以前)?\s*[，,]?\s*(?:(?:凭|持|携带?)[^，,。；;]{1,8}?)?(?:到达|抵达|入场|进场|到场|集合|就座|候场)"
    r"|\s*(?:前|之前|以前)?\s*[，,]?\s*(?:到|在|赴)[^，,。；;]{1,24}?(?:签到|报到|集合|列队)"
)
# 开放时间为 / 营业时间： right before a bare clock: a place's hours, not a happening's time
_OPENING_HOURS = re.compile(
    r"(?:(?:开放|营业|办公|开馆|参观|入园|服务|运营|运行)时间\s*(?:调整为|均为|为|是|[:：])?|(?:首班|末班)车?(?:时间)?\s*(?:为|是|[:：])?)"
    r"\s*(?:每天|每日|全天|周[一二三四五六日]至周[一二三四五六日])?\s*$"
)
# 6月3日, 3号, 明天, 十月八日: a mention that names its own day
SAYS_A_DAY = re.compile(r"\d{1,2}\s*月|\d{1,2}\s*[日号]|[今明后昨]天|[今明后昨]日|[一二三四五六七八九十]+月[一二三四五六七八九十]+[日号]")
# 即日起开始受理，申请截止时间为10月31日: the window 即日起 opens is closed later in the sentence
_DUE_LATER = re.compile(r"[^。；;]{0,30}?(?:截止|截至)")
# 延时至晚9点闭馆, 开放至20:30: an hour that a place now closes at, at a mention's end
_CLOSING_HOUR = re.compile(r"(?:延时|延长|延迟|推迟|开放|营业)(?:开放|营业|闭馆)?(?:时间)?(?:至|到)\s*(?:[早晚]上?|夜间|凌晨|[上下]午)?\s*[\d一二三四五六七八九十两]{1,3}\s*(?:[点时]|[:：]\d{2})[\d半整]{0,3}分?$")


def drop_closing_hours(text: str, group: list[Mention]) -> list[Mention]:
    """An hour a place now closes at (每周六延时至晚9点闭馆) times no happening:
    a mention that ends in it keeps only its day; a bare such hour is dropped.

    Example: "从10月12日起，每周六延时至晚9点闭馆" → 10月12日 (weekly), all day.
    """
    out: list[Mention] = []
    for m in group:
        window = text[max(0, m.span[0] - 8):m.span[1]]
        if m.value.all_day or ("至" not in window and "到" not in window) or _CLOSING_HOUR.search(window) is None:
            out.append(m)
        elif m.rrule is not None or m.span[1] - m.span[0] > 8:
            day = m.value.first_day
            out.append(replace(m, value=TimeValue(day, None, Grain.DAY)))
    return out
# 昨日从…获悉, 记者11日了解到: the day the reporter learned the news
_LEARNED = re.compile(r"[^，,。；;]{0,3}?(?:从|在|向)[^，,。；;]{1,24}?(?:获悉|了解到|得知|获知)")
_REPORTER = re.compile(r"记者\s*$")
# 国庆假期, 春节期间, and 元旦、春节期间 (a list of festivals sharing the word)
_PERIOD_AFTER = re.compile(r"(?:\s*[、和与及]\s*[\u4e00-\u9fff“”\"]{2,8}?)?\s*(?:假期|期间|长假|小长假|黄金周|前后|前夕|假日)")


_LABELLED = re.compile(r"^\s*(?:\d{1,2}[.、．])?[^，,。:：]{1,12}[:：]")


_EVENT_LABEL = re.compile(r"^\s*(?:\d{1,2}[.、．]\s*)?[^，,。:：]{0,6}时间[:：]")


_STAMP_LINE = re.compile(r"^\s*(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}\s+\d{1,2}:\d{2}\s*$")


_SECONDS_STAMP = re.compile(r"\d{1,2}:\d{2}:\d{2}")


_META_LINE = re.compile(r"发布时间|发布日期|来源[:：]|编辑[:：]|作者[:：]|浏览|字体|阅读[:：]|信息来源|(?:^|(?<=[\s|]))日期[:：]")


def is_stamp(m: Mention, sentence: str, hits: list[Hit], pub: PublishedAt) -> bool:
    """A publication stamp or signature date, not an event."""
    if _SECONDS_STAMP.search(m.text) or _META_LINE.search(sentence) or _STAMP_LINE.match(sentence):
        return True
    explicit_year = re.search(r"(?:(?:19|20)\d{2}|[〇零○OＯ一二][〇零○OＯ一二三四五六七八九]{3})\s*[年\-./]", m.text) is not None
    if explicit_year and m.value.all_day and m.value.end is None and sentence.strip() == m.text.strip():
        return True  # a full date alone on its line: a signature or a stamp, never a happening
    if not (explicit_year and m.value.all_day and m.value.first_day == pub.day) or m.value.end is not None:
        return False  # a range is never a stamp
    if _EVENT_LABEL.match(sentence):
        return False  # 时间：2024年5月6日 under a happening is its time
    # A signature line, a date closing its sentence (…规划局 2024年1月30日), or a
    # date in brackets after a headline: 接听市长公开电话(2013年09月11日).
    if not hits or sentence.rstrip().endswith(m.text):
        return True
    return re.search(r"[(（]\s*" + re.escape(m.text) + r"\s*[)）]", sentence) is not None


def window_of_half_days(text: str, group: list[Mention]) -> list[Mention]:
    """A window of several days followed by the hours of more than one part of the
    day (上午…，下午…) is open on each of those days: the window stands whole, by
    days, and its hours time no happening of their own.

    Example: "现场确认时间：6月20日—21日，上午8:30-11:30，下午14:00-17:00" keeps
    one mention, 6月20日..21日 by days; so does "5月10日—11日（上午9:00至12:00，
    下午14:30至17:30）", which the grammar first read as one run from 9:00 to 12:00.
    """
    if len(group) < 2 or all(m.has_date for m in group) and not any("daily_hours" in m.rules_fired for m in group):
        return group  # no bare hours after anything: the common sentence
    out: list[Mention] = []
    i = 0
    while i < len(group):
        m = group[i]
        days = m.value.end is not None and m.has_date and m.value.last_day > m.value.first_day
        hours = _hours_after(text, m, group[i + 1:]) if days else []
        joined = "daily_hours" in m.rules_fired  # the grammar joined the first part's hours to the days
        if len(hours) + joined >= 2 and not m.value.open_start:
            first, last = m.value.first_day, m.value.last_day
            out.append(replace(m, value=TimeValue(first, last, Grain.DAY)))
            i += 1 + len(hours)
            continue
        out.append(m)
        i += 1
    return out


def _hours_after(text: str, m: Mention, rest: list[Mention]) -> list[Mention]:
    """The bare clocks of parts of the day right after ``m`` (only ，（）、 between them)."""
    hours: list[Mention] = []
    end = m.span[1]
    for n in rest:
        if n.has_date or not _PART_OF_DAY.match(n.text) or not _HOURS_GAP.fullmatch(text, end, n.span[0]):
            break
        hours.append(n)
        end = n.span[1]
    return hours


# 上午 / 下午 / 晚上 opening a clock of one part of the day
_PART_OF_DAY = re.compile(r"(?:上午|下午|晚上|早上|中午|晚间)")
_HOURS_GAP = re.compile(r"[\s，,（(）)、；;:：]*")


def drop_restatements(text: str, group: list[Mention]) -> list[Mention]:
    """1月24日(大年三十), 明天(3日)下午3点: a bracketed second name of the same
    day is not a second time; of the two, the more precise one stays.  Times in
    brackets after a deadline are its opening hours."""
    out: list[Mention] = []
    aside_until = -1
    for m in group:
        prev = out[-1] if out else None
        if m.span[0] < aside_until:
            continue  # 1月7日之前(工作日8:00-12:00): opening hours of a deadline, no happening
        if m.value.open_start:
            opened = re.match(r"\s*[(（]", text[m.span[1]:m.span[1] + 3])
            close = text.find(")", m.span[1], m.span[1] + 60) if opened else -1
            close2 = text.find("）", m.span[1], m.span[1] + 60) if opened else -1
            aside_until = max(close, close2)
        if prev is not None and m.deadline_rule is not None and "之日" in prev.text and text[prev.span[1]:m.span[0]].strip() in ("", "起"):
            out[-1] = m  # 自本公告发布之日起5个工作日内: the count's anchor, no window of its own
            continue
        if prev is not None and "festival" in prev.rules_fired and "festival" not in m.rules_fired and m.has_date and re.fullmatch(
            r"\s*[(（]\s*", text[prev.span[1]:m.span[0]]
        ):
            # “五一”劳动节期间（4月29日至5月1日）: the days in brackets are the festival's, as the page counts them
            start = out.pop().span[0]
            while out and "festival" in out[-1].rules_fired and re.fullmatch(r"[\s“”\"'‘’]*", text[out[-1].span[1]:start]):
                start = out.pop().span[0]
            out.append(m)
            continue
        if (
            prev is not None
            and prev.value.end is not None
            and m.value.first_day == prev.value.last_day
            and re.fullmatch(r"\s*[(（]\s*", text[prev.span[1]:m.span[0]])
        ):
            continue  # 至2月17日（正月初八）9:00-17:00: the range's last day again, with its daily hours
        if (
            prev is not None
            and prev.value.all_day
            and prev.value.end is None
            and m.value.end is not None
            and m.value.first_day == prev.value.first_day
            and re.fullmatch(r"\s*[(（]\s*", text[prev.span[1]:m.span[0]])
        ):
            out[-1] = m  # 明天(12月17日)8:00-18:00: the day again in brackets, then its hours
            continue
        if prev is not None and m.value.end is None and re.fullmatch(r"\s*[(（]\s*", text[prev.span[1]:m.span[0]]):
            if m.value.all_day and prev.value.all_day and "月" in m.text and m.value.first_day != prev.value.first_day:
                out[-1] = m  # 本周三(9月25日) where they disagree: the written date wins over the reckoned one
                continue
            if m.value.all_day or not prev.value.all_day:
                continue
            out[-1] = m
            continue
        out.append(m)
    return out


def drop_recurring(text: str, group: list[Mention]) -> list[Mention]:
    """星期一停驶尾号3和8,星期二停驶…: a weekly schedule names no dated instance;
    nor does a bare weekday that says how a place keeps its hours (周一照常开放,
    周二闭馆); nor a working day of the state's calendar (4月2日（星期六）正常上班).

    Example: "开放时间调整为每天8:30至20:30，周一照常开放" drops 周一; so is
    每月第二个星期三 a day of every month.
    """
    group = [
        m for m in group
        if not _EVERY_MONTH.search(text, max(0, m.span[0] - 4), m.span[0])
        and not _WORKS_AS_USUAL.match(text, m.span[1])
        and not (_OPEN_AS_USUAL.match(text, m.span[1]) and _a_made_up_working_day(m))
        and not (WEEKDAYS_ONLY.fullmatch(m.text) and _LEFT_OUT.match(text, m.span[1]))
    ]
    bare = [m for m in group if m.rules_fired == ("weekday",)]
    if len(bare) >= 2:
        return [m for m in group if m not in bare]
    return [m for m in group if not (m in bare and _HOURS_KEPT.match(text, m.span[1]))]


# 周六、周日9:00-16:00, 周日10:00-16:00: weekdays with no day of the month or week of their own
WEEKDAYS_ONLY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天](?:\s*[、和及与至到—\-~～]\s*(?:周|星期|礼拜)?[一二三四五六日天])*(?![\d月])")


# 4月2日（星期六）正常上班 / 1月2日起照常上班: a working day of the calendar, no happening
_WORKS_AS_USUAL = re.compile(r"\s*(?:[(（][^)）]{1,8}[)）])?\s*(?:起)?\s*(?:正常|照常)上班")


# (周六、周日不安排考试): the days a window or run leaves out, no happening of their own
_LEFT_OUT = re.compile(r"\s*(?:期间)?\s*(?:均|一律)?\s*(?:不|暂停)(?:安排|举行|举办|进行|组织|开展|受理|办理|报名|考试)|\s*除外")
# 4月27日（星期日）正常开诊 / 照常办公 on a weekend day the calendar makes a working day: its usual day
_OPEN_AS_USUAL = re.compile(r"\s*(?:[(（][^)）]{1,8}[)）])?\s*(?:正常|照常)(?:开诊|接诊|门诊|办公|营业|上课|开放|办理)")


def _a_made_up_working_day(m: Mention) -> bool:
    """Whether a one-day mention is a Saturday or Sunday the state's calendar makes a working day."""
    if not m.value.all_day or m.value.end is not None:
        return False
    day = m.value.first_day
    try:
        return day.weekday() >= 5 and is_working_day(day)
    except CalendarUnknown:
        return False


# 每月第二个星期三上午为局长接待日: a day of every month, no dated instance
_EVERY_MONTH = re.compile(r"(?:每月|每个月|每季度)(?:的)?\s*$")


# 周一照常开放 / 周二闭馆 / 周日休息: a weekday with how the hours are kept, every week
_HOURS_KEPT = re.compile(r"\s*(?:全天|均|也|则)?\s*(?:照常|正常)(?:开放|营业|办公|开馆)|\s*(?:闭馆|休馆|休息|不开放|不对外开放|停止开放)")


# A festival naming a show (元宵焰火晚会, 春节联欢晚会, 中秋游园活动): part of a name, not its date.
_FESTIVAL_NAMED = re.compile(
    r"[\u4e00-\u9fff]{0,4}?(?:晚会|联欢|灯会|庙会|焰火|烟花|游园|演出|汇演|音乐会|文艺|晚宴|茶话会|团拜会|特别节目)|(?:假期|放假)?(?:开放|值班|营业|服务|出行)?安排"
    r"|[”\"]?\s*(?:网购|购物|促销|消费|电商|快递|大促|狂欢)"  # 围绕“双11”网购消费维权: a season of shopping as a topic
)


def drop_festival_names(text: str, group: list[Mention]) -> list[Mention]:
    """A festival word directly before a show's noun names the show: 元宵焰火晚会 is not dated 元宵.

    Example: "原定于今晚举行的元宵焰火晚会取消" keeps 今晚 only.
    """
    dated = [m for m in group if m.rules_fired not in _DAY_NAMES and SAYS_A_DAY.search(m.text)]
    return [
        m for m in group
        if not (m.rules_fired == ("festival",) and _names_no_day(text, m))
        and not (m.rules_fired in _DAY_NAMES and _named_after_a_date(text, m, dated))
    ]


# a festival, or a day written as its name (“6·26”, “3·15”)
_DAY_NAMES = frozenset((("festival",), ("md_middle_dot",)))


def _named_after_a_date(text: str, m: Mention, dated: list[Mention]) -> bool:
    """A quoted day's name after another date of its sentence names what is marked,
    not when (6月23日，…开展“6·26”国际禁毒日宣传活动: on the 23rd)."""
    quoted = text[max(0, m.span[0] - 1):m.span[0]] in ("“", "\"", "「", "”", "」")  # “6·26” or “6·26”国际禁毒日
    return quoted and any(
        d.span[1] <= m.span[0] and d.value.first_day != m.value.first_day and not _SENTENCE_END.search(text, d.span[1], m.span[0])
        for d in dated
    )


_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _names_no_day(text: str, m: Mention) -> bool:
    """Whether a festival word is part of a name or of what is celebrated:
    元宵焰火晚会, “重阳敬老月”, “端午杯”, 庆祝“五一”国际劳动节暨…表彰大会."""
    if _FESTIVAL_NAMED.match(text, m.span[1]) or _CELEBRATING.search(text, max(0, m.span[0] - 12), m.span[0]):
        return True
    if _EDITION.search(text, max(0, m.span[0] - 14), m.span[0]):
        return True  # 第七届雁宁农民丰收节: an edition of a local event, not the calendar's day
    open_quote = text.rfind("“", max(0, m.span[0] - 8), m.span[0] + 1)
    if open_quote < 0 or text.find("”", open_quote, m.span[0]) >= 0:
        return False
    close = text.find("”", m.span[1], m.span[1] + 12)
    return close > m.span[1] and bool(text[m.span[1]:close].strip())  # “重阳敬老月”: more than the festival in the quotes


_EDITION = re.compile(r"第\s*[\d一二三四五六七八九十百]+\s*届[\u4e00-\u9fff“”]{0,10}$")


# 预计2月1日16:00前恢复供气: when supply returns, the end of the outage (an estimate is still its end)
_RESTORED = re.compile(r"\s*(?:前|之前|以前)?\s*(?:全面|全部|逐步|陆续)?恢复")


# 应尽量避免在…, 不宜在…: advice about hours
_ADVICE = re.compile(r"(?:避免|避开|不宜|不要|切勿|减少)\s*(?:在|于)?\s*$")
# …已全部恢复, 累计…, 共…: a tally or state as of the time before it
_AS_OF = re.compile(r"[，,]?[^。；;]{0,20}?(?:已|累计|共计|共有|全部|均已)")


# 三伏, 入梅, 汛期: seasons of the weather and calendar a page may date
_SEASON = re.compile(r"三伏|[初中末]伏|[入出]伏|伏天|入梅|出梅|梅雨季?|主?汛期|数九")


# 庆祝“五一”…, 纪念“三八”…: what is celebrated, not the day it is celebrated on
_CELEBRATING = re.compile(r"(?:庆祝|纪念|喜迎|欢庆|庆贺)\s*(?:[“\"][^”\"]{1,6}[”\"])?\s*[“\"]?\s*$")


def in_quotes(sentence: str, offset: int) -> bool:
    before = sentence[:offset]
    return before.count("“") > before.count("”")


# 5月17日 / 6月13日（周五）： alone on its line, over lines that open with their clock
_DAY_HEADING_REST = re.compile(r"\s*(?:[(（](?:周|星期|礼拜)[一二三四五六日天][)）])?\s*[:：]?\s*$")
_OPENS_WITH_CLOCK = re.compile(r"\s*(?:(?:上午|下午|晚上|早上|中午|晚)\s*)?\d{1,2}[:：]\d{2}")


def drop_day_headings(text: str, group: list[Mention]) -> list[Mention]:
    """A day alone on its line over a programme whose lines open with their clock is the
    programme's heading: it dates the lines below (they read their day from it) and is
    no happening of its own.

    Example: drop_day_headings(text, [<6月13日>]) → [] when the next line is
    "9:30 “城市与阅读”主题论坛（二楼会议室）".
    """
    if len(group) != 1 or not group[0].has_date or not group[0].value.all_day:
        return group
    m = group[0]
    line_start = text.rfind("\n", 0, m.span[0]) + 1
    line_end = text.find("\n", m.span[1])
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:m.span[0]].strip() or not _DAY_HEADING_REST.match(text, m.span[1], line_end):
        return group
    return [] if _OPENS_WITH_CLOCK.match(text, line_end + 1) else group


# 3月22日24时 / 24点 / 24:00: the end of that day
_MIDNIGHT = re.compile(r"24\s*(?:时|点|[:：]00)\s*$")


def midnight_as_its_day(group: list[Mention]) -> list[Mention]:
    """A lone point at 24时 (供暖期延长至3月22日24时) is the last moment of its day: that day,
    not a happening at midnight of the next.

    Example: midnight_as_its_day([<3月22日24时>]) → [<2025-03-22, by day>].
    """
    out = []
    for m in group:
        v = m.value
        if (
            isinstance(v.start, datetime) and v.end is None and not v.open_start
            and v.start.astimezone(SHANGHAI).time() == datetime.min.time() and _MIDNIGHT.search(m.text)
        ):
            m = replace(m, value=TimeValue(local_day(v.start) - timedelta(days=1), None, Grain.DAY))
        out.append(m)
    return out


def after_the_days_close(text: str, group: list[Mention]) -> list[Mention]:
    """A day followed by 营业终了后/下班后/闭馆后 (该网点将于4月14日营业终了后暂停营业) is
    the eve of what it says: the happening begins the next day.

    Example: after_the_days_close("4月14日营业终了后暂停营业", [<4月14日>]) → [<4月15日>].
    """
    out = []
    for m in group:
        v = m.value
        if v.all_day and v.end is None and not v.open_start and _AFTER_CLOSE.match(text, m.span[1]):
            m = replace(m, value=TimeValue(v.first_day + timedelta(days=1), None, Grain.DAY))
        out.append(m)
    return out


# 营业终了后 / 营业结束后 / 下班后 / 闭馆后: once the day's doors shut
_AFTER_CLOSE = re.compile(rf"\s*(?:[（(][^）)]{{1,6}}[）)])?\s*(?:{DAYS_CLOSE})(?:后|以后)")


# a line that opens with a bare weekday (星期一　1和6 / 周二：2、7)
_WEEKDAY_LINE = re.compile(r"^[ \t\u3000]*(?:[▶►●■◆★·•\-]\s*)?(?:周|星期|礼拜)[一二三四五六日天](?![\d月])", re.MULTILINE)


def drop_weekly_tables(text: str, start: int, end: int, by_sentence: dict[tuple[int, int], list[Mention]]) -> None:
    """Bare weekdays opening three lines or more in a row (限行尾号：⏎星期一　1和6⏎星期二　2和7…)
    are a weekly table, no dated days (``by_sentence``, the sentences of ``text[start:end]``,
    is changed in place; only that stretch of a page is read).

    Example: "星期一　1和6\\n星期二　2和7\\n星期三　3和8" dates nothing.
    """
    starts = [m.start() for m in _WEEKDAY_LINE.finditer(text, start, end)]
    if len(starts) < 3:
        return
    table: set[int] = set()
    run: list[int] = [starts[0]]
    for a in starts[1:]:
        if text.count("\n", run[-1], a) == 1:
            run.append(a)
            continue
        if len(run) >= 3:
            table.update(run)
        run = [a]
    if len(run) >= 3:
        table.update(run)
    if not table:
        return
    for key, group in by_sentence.items():  # (each table line starts where its match does)
        kept = [m for m in group if not (m.rules_fired == ("weekday",) and text.rfind("\n", 0, m.span[0]) + 1 in table)]
        if len(kept) != len(group):
            by_sentence[key] = kept
