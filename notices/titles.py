"""Titles a person reads at a glance: what happens and whom it concerns.

A title is built from the happening's own words, in this order of preference:

1. the noun phrase that names it, ending in its trigger word
   (``…定于12月29日上午召开政协某市第十届委员会常务委员会第十一次会议`` →
   ``政协某市第十届委员会常务委员会第十一次会议``);
2. else the clause that holds the trigger, with the time, the place, the
   boilerplate lead-in (``根据…``, ``经研究``, ``为…``) and the tense words cut
   out, never a clause with a hole in its middle;
3. else the heading of the row or section it sits in (``(二)象棋邀请赛``);
4. else the article's headline, stripped of ``关于…的通知`` and its time.

Example: event_title("听证会将于12月19日举行", hit_word="听证会", …) → "听证会".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from notices.text import DAYS_CLOSE, PICTOGRAPH_RANGES, PICTOGRAPHS, clause_span
from notices.title_words import compact_document, compact_name, without_companions

_MAX = 30

# Where a noun phrase cannot reach across (punctuation other than 、 and
# brackets; the verbs and prepositions that govern the phrase).
_NP_STOP = re.compile(
    r"[，,。；;：:！!？?\s]|(?:召开|举行|举办|开展|进行)的|召开|举行|举办|开展|进行|实行|实施|启动|参加|出席|列席|组织|将于|定于|拟于|计划于|将在|"
    r"决定|宣布|介绍|表示|通报|获悉|了解到|征集|招募|上演|为主题的|主题的|讯|电(?=[(（])|其中|"
    r"(?<![由])于|(?<!所)在(?!线)|对(?!话)|就(?![业读医餐诊])|由|是|为|从|自(?![贡治来然助行驾主愿费动])|让|请|邀请|欢迎|迎来|正式|也将|还将|将"
)
# Words opening a clause that never belong to a title.
_LEAD_NOISE = re.compile(
    r"^(?:[\s,，、:：;；(（)）】…\-—·]|【[^】]{0,8}】|据[^，,]{0,20}?(?:消息|介绍|了解|获悉)|根据[^，,]*|按照[^，,]*|经[^，,]{0,8}(?:研究|同意|决定)|"
    r"为了?[^，,]{0,30}|近日|日前|今年|今天|今日|明天|明日|届时|同时|此外|另外|目前|现|特(?![展色别殊大等警])|并|也|还|又|"
    r"决定|原定于|原定|原计划|原(?=[定于举在]|[\u4e00-\u9fff]{0,2}的)|将于|定于|拟于|计划于|预计|将在|将|于|在(?!线)|从|自(?![来行治然动主助费愿驾])|起(?![点步飞草义源始跑航])|的|已|已经|正式|首次|再次|(?:召开|举行|举办)的?|至|——|—|"
    rf"迎来|一次|一场|一轮|此次|本次|这次|每天|每日|每晚|到|前往|止(?!步)|(?:{DAYS_CLOSE})后)+"
)
_TAIL_NOISE = re.compile(
    r"(?:也将|还将|将)?(?:正式|如期|顺利|隆重|将)?(?:举行|召开|举办|开展|进行|开始|启动|开幕|拉开帷幕|亮相|上演|播出|展出)?"
    r"(?:活动)?[\s,，、。:：;；(（…]*$"
)
# 平土资规听公字[2018]第002号, 湘发改价调〔2019〕847号: a document's number
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,8}[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*第?\s*\d{1,4}\s*号")
# 关于…的通知, also after its issuer (某市供排水总公司关于…的通知)
_HEADLINE_WRAP = re.compile(r"^(?:\S{2,20}?)?(?:关于|有关)(.+?)(?:的)?(?:通知|公告|通告|启事|公示|预告|告知书|说明)$")
# the document word, also before the issue number (…接听12345热线公告(第3期))
_HEADLINE_DOC = re.compile(r"(?:的)?(?:通知|公告|通告|启事|公示|预告)(?=(?:[(（]第[一二三四五六七八九十\d]{1,3}[期号次][)）])?$)")
_LIST_MARK = re.compile(
    rf"^\s*(?:[{PICTOGRAPH_RANGES}]\ufe0f?\s*)?"  # 📌一、报到时间: a pictograph before the mark
    r"(?:【[^】\s]{1,6}】|[(（]?[一二三四五六七八九十]{1,3}[)）、．.]|[(（]\d{1,2}[)）]|\d{1,2}(?:、|[．.](?!\d))|[①-⑳]|\d\ufe0f?\u20e3|[▲●■◆★※·•])\s*"
)
_LABEL = re.compile(r"^[^，,。:：]{1,10}[:：]\s*")
_BRACKETS = re.compile(r"[(（][^)）]*(?:\d月|\d日|星期|周[一二三四五六日天])[^)）]*[)）]")


def clean_heading(line: str) -> str:
    """A heading or row line without its list marker and label.

    Example: clean_heading("(二)象棋邀请赛") == "象棋邀请赛".
    """
    text = _LIST_MARK.sub("", line.strip())
    return text.strip(" ：:")


@lru_cache(maxsize=1024)
def clean_headline(headline: str) -> str:
    """The headline as a title: no ``关于…的通知`` wrapper, no trailing document word.

    Example: clean_headline("关于召开全市安全生产会议的通知") == "召开全市安全生产会议".
    """
    text = _DOC_NUMBER.sub("", headline).strip(" |｜")
    if (":" in text or "：" in text) and _STAMP_WORD.search(text):
        text = _PAGE_STAMP.sub("", text)  # …的通知来源: 日期:2020-01-20: the page's stamp line joined to it
    if "关于" not in text and "有关" not in text:
        return _effect(_HEADLINE_DOC.sub("", text))
    text = _HEADLINE_DATE.sub("", text)  # 关于2024年5月12日城北片区计划停电的公告: the date is the notice's, not its name
    wrapped = _HEADLINE_WRAP.match(text)
    if wrapped:
        text = wrapped[1]
    return _effect(_HEADLINE_DOC.sub("", text))


def _effect(text: str) -> str:
    """A long headline from its effect on: …源水管线检修造成城西片区和开发区部分小区暂停供水 → 城西片区和开发区部分小区暂停供水."""
    effect = _HEADLINE_EFFECT.search(text) if len(text) > _MAX else None
    return (text[effect.end():] if effect else text).strip()


_HEADLINE_DATE = re.compile(r"(?<=^关于)(?:\d{4}\s*年)?\d{1,2}\s*月\d{1,2}\s*[日号](?:[至到-]\d{1,2}\s*[日号])?")
# A page's stamp after the headline: 来源：…, 日期：…, 发布时间：…, 阅读：…
_STAMP_WORD = re.compile(r"来源|日期|发布|作者|阅读|浏览")
_PAGE_STAMP = re.compile(r"\s*(?:信息)?(?:来源|日期|发布时间|发布日期|作者|阅读|浏览)\s*[:：].*$")
# A long headline that tells a cause, then what it does: the effect is the happening
_HEADLINE_EFFECT = re.compile(r"(?:造成|导致|引起|致使)(?=[\u4e00-\u9fff\s]{4,})")


def _cut(text: str, holes: Sequence[tuple[int, int]]) -> str:
    """``text`` with the given spans removed (spans relative to ``text``)."""
    out, pos = [], 0
    for a, b in sorted(holes):
        if a < pos:
            a = pos
        if a >= b:
            continue
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return "".join(out)


_CLOCK_COLON = re.compile(r"(?<=\d)[:：](?=\d)")


def _clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    # the colon of a clock (9:00) opens no clause; a label's colon (地点：) does
    return clause_span(_CLOCK_COLON.sub("∶", sentence) if ":" in sentence or "：" in sentence else sentence, pos, ",，;；:：")


def same_phrase(sentence: str, a: int, b: int) -> bool:
    """Whether nothing between ``a`` and ``b`` breaks a noun phrase (no punctuation, verb or preposition).

    Example: same_phrase("常委会第二十四次会议", 3, 8) is True.
    """
    gap = sentence[a:b]
    return _NP_STOP.search(gap) is None and not re.search(r"[“”《》「」]", gap)


def noun_phrase(sentence: str, hit_start: int, hit_word: str, times: Sequence[tuple[int, int]]) -> str:
    """The phrase that ends with the trigger word and names the happening.

    Walks left from the trigger over modifiers until punctuation, a governing
    verb or preposition, or a time.

    Example: noun_phrase("定于12月29日上午召开政协某市常委会第十一次会议", 20, "会议", [(2, 11)])
    == "政协某市常委会第十一次会议".
    """
    end = hit_start + len(hit_word)
    lo = hit_start
    quotes = any(o in sentence for o, _ in _PAIRS)
    floor = max([b for a, b in times if b <= hit_start and not (quotes and _quoted_at(sentence, a))] or [0])  # “护士节”: a name, no time
    for opener, closer in _PAIRS:
        if sentence.count(opener, floor, hit_start) > sentence.count(closer, floor, hit_start):
            close = sentence.find(closer, end)
            if close >= 0 and close - end <= 20:
                end = close + 1
                lo = sentence.rfind(opener, floor, hit_start)
    if hit_word.endswith("会") and sentence[end:end + 1] == "议":
        end += 1  # 常委会议, 主任会议: the trigger 常委会 is the first part of the word
    titled = re.compile(r"\s*《[^》]{1,30}》").match(sentence, end)
    tail = _NOUN_TAIL.match(sentence, end) or _SHORT_TAIL.match(sentence, end)
    if titled:
        end = titled.end()  # 儿童剧《小红帽》: the work's own title belongs to it
    elif tail:
        end = tail.end()
    elif sentence[end - 1:end] in "”》」』":
        told = _AFTER_NAME.match(sentence, end)  # “党风政风热线”走进鸡冠区专场特别节目将于…
        if told:
            end = told.end()
    while lo > floor:
        prev = sentence[lo - 1]
        if prev in "”》」』)）":
            # a quoted or bracketed part belongs to the phrase as a whole
            opener = {"”": "“", "》": "《", "」": "「", "』": "『", ")": "(", "）": "（"}[prev]
            j = sentence.rfind(opener, floor, lo - 1)
            if j < 0:
                break
            lo = j
            continue
        stop = None
        for m in _NP_STOP.finditer(sentence, max(floor, lo - 4), min(len(sentence), lo + 1)):  # a look-ahead (就业, 在线) sees one on
            if m.end() == lo:
                stop = m
                break
        if stop is not None:
            break
        lo -= 1
    return sentence[lo:end].strip()


def named_before(before: str, hit_word: str) -> str | None:
    """The fuller name the same trigger had earlier: what a bare 比赛 or 会议 refers back to.

    Example: named_before("羽毛球比赛报名即日起开始，报名截止时间为5月20日，", "比赛") == "羽毛球比赛".
    """
    i = before.rfind(hit_word)
    while i > 0:
        phrase = _named_at(before, i, hit_word)
        if phrase is not None and phrase.endswith(hit_word):
            return phrase
        i = before.rfind(hit_word, 0, i)
    return None


def _named_at(text: str, pos: int, word: str) -> str | None:
    """The noun phrase ending in ``word`` at ``pos``, when it names something (two or more words of its own before it)."""
    phrase = _tidy(noun_phrase(text, pos, word, ()), word)
    return phrase if len(phrase) - len(word) >= 2 and _GOOD_NP.search(phrase[: -len(word)]) else None


def clause_title(sentence: str, hit_start: int, times: Sequence[tuple[int, int]], place: str | None) -> str:
    """The trigger's clause, its times, place and lead-in words cut out.

    Example: clause_title("届时，副市长王某将接听市民来电", 10, [], None) == "副市长王某将接听市民来电" minus 将 → "副市长王某接听市民来电".
    """
    a, b = _clause_bounds(sentence, hit_start)
    holes = [(max(s, a) - a, min(e, b) - a) for s, e in times if s < b and e > a]
    clause = _cut(sentence[a:b], holes)
    clause = _CREDIT.sub("", clause)
    clause = _BRACKETS.sub("", clause)
    clause = _LIST_MARK.sub("", clause)
    clause = _DATEISH.sub("", clause)
    clause = re.sub(r"[(（][^)）]{0,6}[)）]", lambda m: "" if re.search(r"初|正月|腊月|除夕|大年|至|星期|周", m[0]) else m[0], clause)
    if place:
        clause = clause.replace("在" + place, "").replace("到" + place, "")
    clause = re.sub(r"(?:将于|定于|拟于|将在|将|于|在)(?=[^\u4e00-\u9fff]|$)", "", clause)
    clause = re.sub(r"(?<=[\u4e00-\u9fff])(?:将于|定于|拟于|将在)", "", clause)
    clause = _UNOPENED.sub("", clause)
    clause = _ASIDE.sub("", clause)
    clause = without_companions(clause)  # 市领导带领…负责同志到… → 市领导到…
    clause = _LEAD_NOISE.sub("", clause)
    clause = _DUI_JINXING.sub(r"\1", clause)  # 对供水管网进行冲洗 → 供水管网冲洗
    clause = _TAIL_NOISE.sub("", clause)
    clause = re.sub(r"(?<=\S{4})(?:将)?在(?!线)[^，,。在]{2,12}$", "", clause)  # …典藏在市博物馆(开展): where, once the verb is gone
    return clause.strip()


# A reporter's credit: (记者 张伟), 本报记者 王芳 通讯员 李明 报道：
_CREDIT = re.compile(r"[(（](?:本报|新华社)?(?:记者|通讯员|实习生|特约记者)[^)）]{0,30}[)）]|(?:本报)?记者\s*\S{2,4}\s*(?:通讯员\s*\S{2,4}\s*)?报道[:：]?")
_ASIDE = re.compile(r"[(（](?:详见|见|附|具体)[^)）]*[)）]?")
_DUI_JINXING = re.compile(r"^对(.{2,40}?)(?:进行|实施|实行)")


# 明日开播, 今晚上演, 本周五举行: a day said relative to the page, meaningless in a calendar
_RELATIVE_DAY = re.compile(
    r"今日|明日|今天|明天|后天|今晚|明晚|今起|(?:本|下|这)周(?:[一二三四五六日天]|末)?|"
    r"(?:今年|明年)\s*(?:\d{1,2}\s*月)?(?:底|初|上旬|中旬|下旬)?(?:前)?|"  # 预计明年5月建成开放
    r"(?:本|下|上)期(?=[“《])"  # 本期《市民问政》: this issue is the notice's own date
)


_PLAN_WORD = re.compile(r"(?<=.{4})(?:的)?(?:活动)?(?:安排|预告)$")
_WILL_BEFORE_VERB = re.compile(
    r"(?<=[\u4e00-\u9fff)）])(?:将|将会|将于)(?=停止|暂停|举行|举办|召开|开展|实施|实行|进行|恢复|停水|停电|停气|封闭|限行)"
)


# the 的 a day leaves at the start when it is cut out (今年的 → 的)
_LEFT_BEHIND = re.compile(r"^([“\"「‘]?)的(?=\S)")


_EMPTY_BRACKETS = re.compile(r"[(（]\s*(?:[—\-~至到、，,]\s*)?[)）]")


def without_dates(title: str) -> str:
    """A title with the dates a phrase carried along taken out: “…展”延期至10月27日 → “…展”延期.

    Example: without_dates("“新疆文物精品展”延期至10月27日") == "“新疆文物精品展”延期".
    """
    cleaned = _DATES_IN_TITLE.sub("", title)
    cleaned = _RELATIVE_DAY.sub("", cleaned).strip(" ,，、")
    if "(" in cleaned or "（" in cleaned:
        cleaned = _EMPTY_BRACKETS.sub("", cleaned)  # 端午假期(5月31日—6月2日)闭馆 less its days → 端午假期闭馆
    if cleaned != title:
        cleaned = _LEFT_BEHIND.sub(r"\1", cleaned)  # “今年的‘村晚’… less its 今年 → “‘村晚’…
    if cleaned.startswith("“") and "”" not in cleaned:
        cleaned = cleaned[1:]  # the opening mark of a quotation that goes on past the title
    if ("关于" in cleaned or "有关" in cleaned) and (wrapped := _HEADLINE_WRAP.match(cleaned)):
        cleaned = wrapped[1]  # a headline line that held the date: 关于…城北片区计划停电的公告 → 城北片区计划停电
    if cleaned.startswith(("召开", "举行", "举办")):
        cleaned = _HOLDING_LEAD.sub("", cleaned)  # 召开全县防汛工作会议 (a headline's verb) → 全县防汛工作会议
    if cleaned.endswith(_DOC_WORDS):
        cleaned = _TRAILING_DOC.sub(r"\1", cleaned)  # 解放大道停电公告 → 解放大道停电: the happening, not the paper
    if cleaned.endswith("展开展") and len(cleaned) > 3:
        cleaned = cleaned[:-2]  # 书画展6月16日开展 → 书画展: the show, once its date is out
    if cleaned.endswith(_MEETING_HEADS):
        cleaned = _HOLDS_BEFORE_HEAD.sub("", cleaned)  # …改造将举行听证会 → …改造听证会
    cleaned = _PLAN_WORD.sub("", cleaned)  # …接待日安排 → …接待日
    cleaned = _WILL_BEFORE_VERB.sub("", cleaned)
    return cleaned if len(cleaned) >= 2 else title


def without_pictographs(title: str) -> str:
    """A title without the pictographs a post decorates its lines with (🎞《长津湖》📍东坪村 → 《长津湖》东坪村).

    Example: without_pictographs("公益电影放映(🎞《长津湖》📍东坪村)") == "公益电影放映(《长津湖》东坪村)".
    """
    bare = PICTOGRAPHS.sub("", title).strip()
    return bare if len(bare) >= 2 else title




def without_from_particles(title: str) -> str:
    """A title without what a day left behind when it was cut out (自X起 → 自起).

    Example: without_from_particles("市属公园自起关闭") == "市属公园关闭".
    """
    return _FROM_LEFT.sub("", title)


# 自起, 于起, 决定于起 (起点, 起草 are words of their own)
_FROM_LEFT = re.compile(r"(?:决定?|自|从|由|于)起(?![点步草飞义])")


_SPACES = re.compile(r"\s+")


def shorten(text: str, limit: int = _MAX) -> str:
    """At most ``limit`` characters, an ellipsis when cut.

    Example: shorten("一二三四五", 3) == "一二…".
    """
    text = _SPACES.sub(" ", text).strip(" ,，、:：;；")
    text = _TENSE_INSIDE.sub("", text)
    if text.endswith(_MEETING_HEADS):
        text = _HOLDS_BEFORE_HEAD.sub("", text)
    text = _CAUSE_WRAP.sub(r"\1", text)
    text = compact_name(text)  # a company's legal name before its plant: 平川市…有限公司东水厂 → 平川市东水厂
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Tense and announcing verbs inside a title (…改造将举行听证会, 中心城区将迎来一次大面积的停气,
# 谜会即将举办) and a cause wrapped around it (因X的施工需要)
# A document word ending a title made from a headline (…停电公告, …听证会的通知)
_TRAILING_DOC = re.compile(r"(?<=[\u4e00-\u9fff]{2})(停电|停水|停气|施工|管制|限行|闭馆|会|赛|展|节|动|式)(?:的)?(?:公告|通知|通告|启事|预告)$")
_TENSE_INSIDE = re.compile(
    r"(?:即将|将要|将)(?:迎来(?:一次|一场|一轮)?|举行|召开|举办|开幕|开展)|迎来(?:一次|一场|一轮)|(?:即将|将)(?:于|在)|"
    r"(?<=[\u4e00-\u9fff])(?:即将|将)?(?:举办|举行|召开)$|(?<=展)开展$"
)
_DOC_WORDS = ("公告", "通知", "通告", "启事", "预告")
_MEETING_HEADS = ("听证会", "座谈会", "发布会", "论证会", "推介会")
# …改造将举行听证会 → …改造听证会: holding a meeting named by its kind is the meeting
_HOLDS_BEFORE_HEAD = re.compile(
    r"(?<=[\u4e00-\u9fff)）])(?:即将|将)?(?:举行|召开|举办)(?=[\u4e00-\u9fff]{0,4}(?:听证会|座谈会|发布会|论证会|推介会)$)"
)
_CAUSE_WRAP = re.compile(r"^(?:因|由于)(.{2,}?)(?:的)?(?:施工|工作|建设)?需要$")


# Time words a cut may leave behind (a date the grammar read as part of a range, a weekday).
_DATEISH = re.compile(
    r"(?:\d{2,4}\s*年)?\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*[日号](?=[(（上下晚早]|$)|\d{1,2}[:：]\d{2}|"
    r"\d{1,2}\s*时(?:\s*\d{1,2}\s*分)?|[(（][^)）]{0,8}(?:初|除夕|大年|正月|腊月|农历)[^)）]{0,8}[)）]|"
    r"(?:大年|正月|腊月)(?:初[一二三四五六七八九十]{1,2}|三十|廿[一二三四五六七八九])\s*|除夕\s*|"
    r"[(（](?:星期|周)[一二三四五六日天][)）]|(?:今天|明天|今日|明日)(?=[\d上下晚早])|^(?:假期|节日|节假日|长假)?期间|"
    r"^(?:的)?(?:同一|相同|同样的?)(?:时段|时间段?)"
)
_DATES_IN_TITLE = re.compile(r"(?:至|到)?\s*(?:" + _DATEISH.pattern + r")")
_PAIRS = (("“", "”"), ("《", "》"), ("「", "」"), ("『", "』"))
# A name in title marks or quotes: 《…条例》, “民生热线”, 「…」 (group 1, 2 or 3 is the name itself).
QUOTED_NAME = re.compile(r"《([^》]{2,60})》|“([^”]{2,30})”|「([^」]{2,30})」")
_AFTER_NAME = re.compile(
    r"(?:(?!将|于|在|起|正式|启动|举行|召开|开幕|明天|今天|今日|明日|也|还)[\u4e00-\u9fff\d]){2,12}?"
    r"(?=将于|将在|定于|拟于|于\d|在[\u4e00-\u9fff]|，|,|。)"
)
# the tail may carry the session: 《…》直播第三场
_NOUN_TAIL = re.compile(r"(?:活动|专场|节目|直播|系列活动)(?:第[一二三四五六七八九十\d]{1,3}[场期])?")
# 颁奖彩排: a short noun closing the clause after the trigger is its head
_SHORT_TAIL = re.compile(
    r"(?!举行|召开|举办|开幕|开始|启动|取消|停办|延期|推迟|改期|暂停|顺延|结束|闭幕|进行|将|于|在|的|了|是|由|和|及|等|上|中|后|前|期间|时|现场)"
    r"[\u4e00-\u9fff]{1,4}(?=[，,。；;：:！!？?\s]|$)"
)
_GOOD_NP = re.compile(r"[\u4e00-\u9fff]")


def event_title(
    sentence: str,
    *,
    hit_start: int | None,
    hit_word: str | None,
    kind: str,
    times: Sequence[tuple[int, int]],
    place: str | None,
    heading: str | None,
    headline: str,
    main_subject: str | None = None,
    at: int | None = None,
) -> str:
    """The title of one happening (see the module docstring for the order).

    ``sentence`` is the statement that names the happening, ``hit_start`` the
    trigger's offset in it, ``times`` the time spans in it (relative), ``heading``
    the row or section heading it sits under, ``main_subject`` the name of the
    article's main happening (what a bare 开幕式 or 大会 belongs to).

    Example: event_title("十三届全国人大四次会议将于明年3月5日在北京召开", hit_start=9,
    hit_word="会议", kind="meeting", times=[(14, 19)], place="北京", heading=None,
    headline="") == "十三届全国人大四次会议".
    """
    head = _HOLDING_LEAD.sub("", clean_headline(headline))  # 召开…听证会 → …听证会
    if hit_start is None or hit_word is None:
        around = at if at is not None else (times[0][0] if times else 0)
        clause = clause_title(sentence, around, times, place)
        if len(clause) < 2 and (nxt := _clause_bounds(sentence, around)[1]) < len(sentence) - 1:
            clause = clause_title(sentence, nxt + 1, times, place)  # 5月21日，…文化周将拉开帷幕: the time's clause said only when
        if len(clause) >= 2 and not _LABEL.match(clause) and not heading:
            return shorten(clause)
        labelled = _LABEL.match(clause) or _LABEL.match(_LIST_MARK.sub("", sentence.strip()))
        named = re.sub(r"(?:的)?(?:时间|日期)\s*[:：]\s*$", "", labelled[0]) if labelled else ""
        if not (heading or head) and 2 <= len(named) < len(labelled[0] if labelled else ""):
            return shorten(named)  # 会议时间：8月14日下午3:00 with nothing else to go by → 会议
        return shorten(heading or head or clause or sentence)
    if (room := _room_at(sentence, hit_start, hit_word)) and len(clause := clause_title(sentence, hit_start, times, room)) >= 4:
        return shorten(clause)  # …义诊活动将于…在市民中心二号听证室举行: the room is where, the clause says what
    if place and hit_word not in VERB_TRIGGERS and (goes := _goes_into(sentence, hit_start, place)):
        return shorten(goes)  # 市领导…到12345便民服务热线受理中心: the trigger names the place, not the happening
    held = _HELD_OBJECT.search(sentence, 0, hit_start) if hit_word in VERB_TRIGGERS and "举" in sentence[:hit_start] else None
    if held and held.end() < _clause_bounds(sentence, hit_start)[0]:
        return shorten(_clean_words(held[1]))  # 将举办2024江州车展，展出面积…: what is held names it, not the later verb
    if hit_word in VERB_TRIGGERS and not _quoted_at(sentence, hit_start):
        told = verb_object(sentence, hit_start, hit_word, times, place)
        if told:
            return shorten(told)
    phrase = _tidy(noun_phrase(sentence, hit_start, hit_word, times), hit_word)
    core = len(phrase) - len(hit_word)
    enters = _ENTERS.match(phrase)
    if enters and (at_verb := sentence.rfind(enters[0], 0, hit_start)) >= 0 and (
        told := verb_object(sentence, at_verb, enters[0], times, place)
    ):
        return shorten(told)  # 局长陈明将走进“民生热线”直播间: who goes in
    if core >= 3 and _GOOD_NP.search(phrase[:core]):
        if ORDINAL_ONLY.match(phrase) and (holder := _holder(sentence, hit_start - core, times, place)):
            return shorten(holder + phrase)  # 常委会将于…召开第二十一次会议 → 常委会第二十一次会议
        if kind == "outage" and (holder := _holder(sentence, hit_start - core, times, place)):
            return shorten(holder + phrase)  # 东湖小区将实施雨污分流管网施工: where the works are
        return shorten(phrase)  # a name: 第十届滨海文学奖颁奖典礼
    holder = _holder(sentence, hit_start, times, place)
    if core == 2 and hit_word in ("会议", "大会") and phrase.endswith(hit_word) and not _DEICTIC_HEAD.match(phrase) and re.fullmatch(r"[\u4e00-\u9fff]{2}", phrase[:2]):
        # 主任会议, 预备会议: a kind of its own (not 本次会议), of the article's happening when it has one
        if main_subject and phrase not in main_subject and not main_subject.endswith(hit_word):
            return shorten(main_subject + phrase)  # 文化节 + 开幕大会; but a 会议 beside a 会议 is its own
        holder = _holder(sentence, hit_start - core, times, place)  # 市妇联…举办庆祝大会: who holds 庆祝大会
        return shorten(holder + phrase if holder else phrase)
    if not phrase.endswith(hit_word) and len(phrase) >= 4:
        # the trigger with its own head noun (颁奖彩排); 接访活动 says whose: 区领导接访活动
        generic = phrase.startswith(hit_word) and phrase[len(hit_word):] in _GENERIC_TAILS
        # an outage says where (南湖大桥实行全封闭施工 → 南湖大桥全封闭施工)
        return shorten(holder + phrase if holder and (generic or kind == "outage") else phrase)
    if core <= 0 and not holder and hit_word not in VERB_TRIGGERS:
        named = named_before(sentence[:hit_start], hit_word)
        if named:
            return shorten(named)  # 比赛将于… after 羽毛球比赛报名即日起开始: that 比赛
        if len(hit_word) >= 3 and hit_word not in (main_subject or "") and (
            not main_subject and hit_word[-1] in "赛会节展式礼" or kind in ("activity", "exhibition")
        ):
            return hit_word  # 龙舟赛将在清江河段鸣锣开赛, 戏曲专场 after 话剧《雷雨》: the noun names it
    if holder:
        return shorten(holder + phrase)  # 筹委会举行新闻发布会 → 筹委会新闻发布会
    if main_subject and hit_word not in VERB_TRIGGERS:
        # 表彰大会 / 文化节 of an article about one: its full name; 开幕式: qualified by it
        if hit_word in main_subject or hit_word in _GENERIC_HEADS:
            return shorten(main_subject)  # 大会现场通报… is the main happening again
        return shorten(main_subject + phrase)
    clause = clause_title(sentence, hit_start, times, place)
    if len(clause) >= 4 and not _LABEL.match(clause):
        return shorten(clause)
    if phrase == hit_word and len(hit_word) >= 4 and hit_word not in head:
        return hit_word  # 3月10日正式上课: the trigger is the whole clause, the headline another happening
    if heading:
        return shorten(heading)
    if head:
        return shorten(head)
    return shorten(clause or phrase or sentence)


def _room_at(sentence: str, hit_start: int, hit_word: str) -> str | None:
    """The room or hall the trigger is part of, after 在 in its clause (在市民中心二号听证室举行 → 市民中心二号听证室)."""
    end = hit_start + len(hit_word)
    suffix = _ROOM.match(sentence, end)
    if suffix is None:
        return None
    lo, _ = _clause_bounds(sentence, hit_start)
    at = sentence.rfind("在", lo, hit_start)
    if at < 0 or not same_phrase(sentence, at + 1, hit_start):
        return None
    return sentence[at + 1:suffix.end()]


_ROOM = re.compile(r"室|厅|馆|楼|中心|广场")


def _goes_into(sentence: str, hit_start: int, place: str) -> str | None:
    """Who goes to a place whose name holds the trigger: 市领导到12345热线受理中心 (or None)."""
    p0 = sentence.find(place)
    if not p0 <= hit_start < p0 + len(place) or sentence[p0 - 1:p0] not in ("到", "赴"):
        return None
    a, _ = _clause_bounds(sentence, p0)
    who = _clean_words(without_companions(sentence[a:p0 - 1]))
    return f"{who}到{place}" if 2 <= len(who) <= 12 else None


# The object of 举办/举行 closing its clause: the happening's own name (举办2024江州车展，…)
_HELD_OBJECT = re.compile(r"(?:举办|举行|开展)([^，,。；;：:]{2,20}?(?:展|节|会|赛|周|季|活动))(?=[，,。；;])")
# Verbs a noun phrase may sweep up from its left: who does them belongs in the title
_ENTERS = re.compile(r"走进|走入|来到|做客|上线|进驻")


# A name that is only an ordinal: whose session it is must be said (第二十一次会议).
ORDINAL_ONLY = re.compile(r"^第[一二三四五六七八九十百零〇\d]+次(?:全体|主任|常务)?(?:会议|全会)$")
# 本次会议, 该会议, 此次活动: a reference back, not a kind of happening
_DEICTIC_HEAD = re.compile(r"^(?:本|该|此|这|那|上|下|每|各|两|全|首|末|前|后|同)")

# A headline that opens with holding it: the happening's name follows.
_HOLDING_LEAD = re.compile(r"^(?:召开|举行|举办)(?=\S{2,}(?:会|会议|活动|赛|展|仪式|典礼|论坛)$)")

# What may follow a trigger without naming the happening (接访活动, 接听专场).
_GENERIC_TAILS = frozenset(("活动", "专场", "工作"))

# Heads that refer back to the article's happening when they stand alone.
_GENERIC_HEADS = frozenset(("大会", "会议", "活动", "节会", "展览", "仪式", "典礼", "会上"))
_HOLDING = re.compile(r"(?:召开|举行|举办|开展|实行|实施)了?$")


def _holder(sentence: str, hit_start: int, times: Sequence[tuple[int, int]], place: str | None) -> str | None:
    """Who holds a happening named only by its kind: X in ``X召开新闻发布会``."""
    a, _ = _clause_bounds(sentence, hit_start)
    before = sentence[a:hit_start]
    verb = _HOLDING.search(before)
    if verb is None:
        return None
    # a time that began in an earlier clause (自5月20日起，…每周三上午9:00) is cut from where the clause starts
    rel = [(max(x, a) - a, min(y, hit_start) - a) for x, y in times if x < hit_start and y > a]
    who = _DATEISH.sub("", _cut(before[: verb.start()], rel))
    if place:
        who = who.replace("在" + place, "").replace("到" + place, "")
    who = re.sub(r"在[^，,。]{2,20}$", "", who)
    who = _LEAD_NOISE.sub("", who)
    who = re.sub(r"(?:将于|定于|拟于|将在|将|于|在|也|还|又|已|正式)+$", "", who).strip()
    about = re.search(r"对(.+)$", who)
    if about:
        # 对…涉及的土地利用总体规划(…)实施方案举行听证会: what it is about names it
        who = re.sub(r"[(（][^)）]*[)）]", "", about[1]).rsplit("的", 1)[-1]
    return who if 2 <= len(who) <= 24 and re.match(r"[\u4e00-\u9fff“《]{2}", who) else None


def _quoted_at(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quoted name (《政府工作报告(征求意见稿)》)."""
    return any(sentence.count(o, 0, pos) > sentence.count(c, 0, pos) for o, c in _PAIRS)


_SLOGAN = re.compile(r"^[^“《，,。]{2,16}——(?=[“《])")  # 直面百姓关注——“…”


def _clean_words(text: str) -> str:
    """Words without times, list numbers, bracket remnants, slogans, lead-in words or who organises."""
    text = _SLOGAN.sub("", text)
    text = _DATEISH.sub("", text)
    text = _LIST_MARK.sub("", text)
    text = _UNOPENED.sub("", text)
    text = _LEAD_NOISE.sub("", text)
    if "的" in text:
        text = _ORGANISED_BY.sub("", text)  # 省商务厅主办的第八届…博览会: who organises is not the name
    return text


_ORGANISED_BY = re.compile(r"^[^，,。“”《》]{2,20}?(?:主办|承办|联合举办|组织)的")


def _tidy(phrase: str, hit_word: str) -> str:
    """A noun phrase without time words, lead-in words or a dangling bracket."""
    at = phrase.rfind(hit_word)
    if at < 0:
        return phrase
    return _clean_words(phrase[:at]) + phrase[at:]


_UNOPENED = re.compile(r"^[^(（]*[)）]")  # 初三)放假 → 放假


def verb_object(sentence: str, hit_start: int, verb: str, times: Sequence[tuple[int, int]], place: str | None) -> str | None:
    """Who does what: a short subject, the verb and its object (公布参加听证人员名单).

    Example: verb_object("副市长王某将于5月9日接听市民来电", 12, "接听", [(6, 10)], None)
    == "副市长王某接听市民来电".
    """
    a, b = _clause_bounds(sentence, hit_start)
    holes = [(max(x, a) - a, min(y, b) - a) for x, y in times if x < b and y > a]
    rel = hit_start - a
    clause = sentence[a:b]
    after = _DATEISH.sub("", _cut(clause[rel + len(verb):], [(x - rel - len(verb), y - rel - len(verb)) for x, y in holes]))
    after = _TAIL_NOISE.sub("", after).strip()
    if re.match(r"(?:时间|日期|时段)", after):
        return None  # 停电时间为…: a label of the time, not what stops
    if _AMOUNT.fullmatch(after):
        after = ""  # 停水两天: how long, not what
    if not (2 <= len(after) <= 20 or not after and (verb in _INTRANSITIVE or verb in _PUBLISHED or verb in _HELD_BEFORE)):
        return None
    before = _cut(clause[:rel], [(x, min(y, rel)) for x, y in holes if x < rel])
    if place:
        before = before.replace("在" + place, "").replace("到" + place, "")
    before = _clean_words(before)
    before = re.split(r"率|带领|带队|陪同|一行|前往|来到", before)[0]
    before = re.sub(r"在[^，,。在]{2,24}$", "", before)  # where it is done is not who does it
    before = re.sub(r"将于|定于|拟于|将在", "", before)
    before = re.sub(r"^(?:由|请|邀请)", "", before)  # 由…现场接听: who, not the preposition
    before = re.sub(r"(?:将|于|在|进行|对节目进行|对)+$", "", before).strip()
    before = re.sub(r"(?:假期|节日|节假日|长假)?期间$", "", before)  # 国庆假期期间 is when, not who
    subject = before if 2 <= len(before) <= 16 else ""
    if not subject and a > 0:
        subject = _actor_before(sentence[:a], [(x, min(y, a)) for x, y in times if x < a])
    if not after and not subject or not after and verb in _PUBLISHED and not subject.endswith(_WHAT_IS_PUBLISHED):
        return None  # 抽取结果…公布: what is published stands before the verb; a body that publishes is not it
    if not after and verb in _HELD_BEFORE:
        # 期末家长会定于…在各班教室召开: what is held stands before the verb, named as a gathering
        return subject if _GATHERING_END.search(subject) else None
    return subject + verb + after


# Verbs whose object may stand before them (抽取结果将于…公布) and the nouns such an object ends with
_PUBLISHED = ("公布", "公示", "揭晓", "发布")
# Verbs of holding whose happening may stand before them, and how such a happening's name ends
_HELD_BEFORE = ("召开",)
_GATHERING_END = re.compile(r"(?:会|会议|论坛|典礼|仪式|活动)$")
_WHAT_IS_PUBLISHED = ("结果", "名单", "方案", "成绩", "情况", "名次", "名录", "清单")
# Where an actor goes to do the happening: 副市长杨留星来到…中心，现场接听…
_GOES = re.compile(r"来到|前往|走进|深入|到|在")


def _actor_before(text: str, times: Sequence[tuple[int, int]]) -> str:
    """Who acts, named in the clause before the verb's own (副市长杨留星来到受理中心，现场接听)."""
    lo, _ = _clause_bounds(text, max(len(text) - 1, 0))
    clause = _clean_words(_DATEISH.sub("", _cut(text[lo:], [(x - lo, y - lo) for x, y in times if y > lo])))
    clause = _LEAD_NOISE.sub("", clause.rstrip("，,、 "))
    leads = re.search(r"率|带领|带队|陪同", clause)  # 副市长黄某率…负责人来到…: the one who answers
    goes = leads or _GOES.search(clause)
    who = re.sub(r"(?:即将|还将|也将|将要|将)$", "", clause[: goes.start()]) if goes else ""
    return who if 2 <= len(who) <= 12 and re.fullmatch(r"[\u4e00-\u9fff、]+", who) else ""


# Verbs that name a whole happening without an object (片区停水, 图书馆闭馆).
_INTRANSITIVE = frozenset("停水 停电 停气 停产 限行 闭馆 休息 停运 停航 暂停供气 暂停供电 暂停供暖 暂停供热 停止供热 停热 暂停办公 停止办公 暂停服务".split())
_AMOUNT = re.compile(r"[一二两三四五六七八九十半\d]+\s*(?:个)?(?:天|日|小时|周|个月|次)")


_WHO = r"[\u4e00-\u9fff]{0,6}(?:者|人员|群众|市民|代表|单位|机构|企业|考生|读者|观众|居民|用户|客户|参加人|旁听人|同志|委员|参赛队|队伍)"
_AGENT = re.compile(rf"请({_WHO})(?:务必|须|于|在|到|将|按时)|(?<![\u4e00-\u9fff])({_WHO})(?:请|须|务必)(?:于|在|按时)")
_HEADS = re.compile(r"(?:听证会|座谈会|表彰大会|大会|会议|活动|展览|比赛|大赛|培训|讲座|考试|评选|征文|征稿)$")


def _head_of(name: str | None) -> str | None:
    """A main happening's name, cut to its head word when it is long."""
    if not name or len(name) <= 12:
        return name
    if len(name) <= 16 and "暨" not in name and _HOLDING_LEAD.match(name) is None and not name.endswith("…"):
        return name  # 2022年全市青年创业大赛: still short enough to say whose deadline
    for joint in ("暨", "届", "的"):
        # X暨公众开放日活动 → 公众开放日活动; 市第六届全民健身运动会羽毛球比赛 → 全民健身运动会羽毛球比赛
        last = name.rsplit(joint, 1)[-1]
        if 4 <= len(last) <= 12:
            return last
    head = _HEADS.search(name.rstrip("…"))
    return head[0] if head else None


_HAPPENING_HEAD = re.compile(r"听证会|座谈会|论证会|表彰大会|大会|会议|比赛|大赛|展览|活动")


def first_named(text: str) -> str | None:
    """The first happening an article names by a phrase ending in a head word (…价格听证会).

    Example: first_named("拟于近期召开城镇供水价格听证会，现将有关事项公告如下") == "城镇供水价格听证会".
    """
    for m in _HAPPENING_HEAD.finditer(text):
        if (phrase := _named_at(text, m.start(), m[0])) is not None:
            return phrase
    return None


_ACTIONS = re.compile(
    r"预约登记|报名登记|志愿填报|网上填报|填报|网上确认|现场确认|打印准考证|准考证打印|领取准考证|意见征集|征集意见|报到|报名(?!表|网|系统|点|处)|签到|缴费|提出意见|反馈意见|意见反馈|征求意见|申报|提交|报送|办结|"
    r"登记(?!注册)|预约|投稿|征稿|截稿|申请(?![人表书])"
)  # not the nouns 报名表, 报名网站, 登记注册
# 请…于5月15日前将参会人员回执传至…: what is sent is what falls due
_SENDS = re.compile(
    r"前(?:将|把)([^，,。；;]{2,30}?)(?=以|用|通过|按|经|传至|传送|报送|报至|送至|交至|发送|发至|提交|上报|寄至|寄送|报(?:[市县区镇乡]|[\u4e00-\u9fff]{0,6}(?:局|委|办|中心|处|科|室|部)))"
)
# 报县安监局, 报市政府办公室: 报 before whom it goes to is sending too
_SEND_VERB = re.compile(r"传至|传送|报送|报至|送至|交至|发送|发至|提交|上报|寄至|寄送|报(?:[市县区镇乡]|[\u4e00-\u9fff]{0,6}(?:局|委|办|中心|处|科|室|部))")


def _named_before_action(sentence: str, action: re.Match[str]) -> str | None:
    """What an action belongs to, said just before it: 全市高中招生考试 of …考试报名工作将于…结束."""
    lo, _ = _clause_bounds(sentence, action.start())
    before = _clean_words(_DATEISH.sub("", sentence[lo:action.start()]))
    before = re.split(r"获悉|了解到|透露|介绍", before)[-1].lstrip("，, ")
    if re.search(r"到|携|攜|应|須|须|请|請|前|向|通过|通過|完成", before) or not same_phrase(before, 0, len(before)):
        return None  # 携本人身份证到…办公室: how and where, not what
    return before if 4 <= len(before) <= 20 and re.match(r"[\u4e00-\u9fff\d“《]", before) else None


# The object of 报送/提交 closing its clause: 报送2023年度年度报告。 (a year before it is the report's, not the title's)
_SENT_OBJECT = re.compile(r"(?![至到给向于的视])(?:\d{4}\s*年度?)?([\u4e00-\u9fff]{2,12})(?=[，,。；;]|$)")
# An action said by its deadline word: 截稿 is the end of 征稿
_ACTION_SAID = {"截稿": "征稿"}


# 听证会参加人名单将于7月31日前在…网站公布: what is due is a list or result made public
_PUBLISHED_BY = re.compile(
    r"([\u4e00-\u9fff]{2,14}(?:结果|名单|方案|成绩|名次))(?:将|会)?(?:于|在)[^，,。；;]{0,30}?前[^，,。；;]{0,20}?(公布|公示|揭晓)"
)
# 听证材料将于6月1日前送达…, 录取结果将于7月20日前通过短信通知家长: what will be done by then, to what
_WILL_BE_DONE = re.compile(
    r"(?:的)?([\u4e00-\u9fff]{2,12}?)(?:将|会)(?:于|在)[^，,。；;]{0,30}?前[^，,。；;]{0,12}?"
    r"(通知|送达|退回|退还|返还|发放|寄送|发送|反馈|答复|告知|办结|兑付|拨付)"
)
# 前 + (到原购票点 / 通过小程序 / 持身份证)? + what must be done: 办理退票, 签署知情同意书
_DUE_ACTION = re.compile(
    r"前\s*[，,]?\s*(?:(?:到|通过|持|凭|向|在|登录|前往|携带)[^，,。；;]{1,20}?){0,2}(?:自行|及时|主动|统一)?"
    r"((?:签署|办理|申请|申领|领取|缴纳|递交|上传|确认|填写|预约|认领|兑换|更换|注销|完成|整改|提交|报送|交回|归还|清理|清除|拆除|搬离|移走)[^，,。；;、\s并及和]{1,10})"
)
# Who acts, not what is due: 考生, 居民, 有意参加者
_TOPIC_WHO = re.compile(
    r"(?:者|人|人员|群众|市民|公民|代表|单位|企业|机构|组织|考生|读者|观众|居民|用户|住户|业主|家长|学员|学生|员工|职工|选手|队伍|各位|大家|您|你)$|"
    r"^(?:各|请|有关|相关|凡)|的"
)
# 智能手机培训请于…前…报名, 学费、住宿费请于…前通过…缴纳: what the clause is about, before 请/须/可于
_DUE_TOPIC = re.compile(r"(?:^|[:：\s])([\u4e00-\u9fff“”、]{2,16}?)(?:请|须|需|可|应)(?:务必)?(?:于|在)(?=[^，,。；;]{0,30}?前)")
# …前凭身份证到…领取。: the action closing the sentence, its object said before
_DUE_VERB_END = re.compile(r"(缴纳|缴费|领取|办理|提交|报送|报名|预约|登记|申请|确认|认领|兑换|清理|退票)(?=[，,。；;！!]|\s*$)")
# 为…准备了新春慰问品，请于…领取: what was made ready is what is fetched
_READIED = re.compile(r"(?:准备了|准备有|备有|发放|提供)([\u4e00-\u9fff]{2,10})[，,]\s*(?:请|须|可)(?:于|在)")
# A quoted name after 登录/通过/关注, or one that ends in a channel word: where it is done, not what
_VIA = re.compile(r"(?:登录|登陆|通过|关注|使用|打开|在)\s*$")
_CHANNEL_INSIDE = re.compile(r"(?:平台|网站|官网|公众号|小程序|客户端|系统|APP|App|app|服务网|政务网)$")


# What a page's name says besides whose a deadline is: its year or half-year, and that work on it starts
_OWNER_PERIOD = re.compile(
    r"(?<=[省市县区镇])\d{4}\s*年度?(?:[上下]半年|第?[一二三四]季度)?|^\d{4}\s*年(?!度)(?:[上下]半年|第?[一二三四]季度)?"
)  # not 报送2023年度总结, not 2024年度城乡居民医保集中缴费 (the scheme's year)
_OWNER_TAIL = re.compile(r"(?<=..)(?:工作)?(?:安排)?(?:即将|正式)?(?:启动|开始|开启|来了|出炉|截止|开始报名|报名开始)?(?:啦|了)?[!！]*$")


def _owner_words(name: str | None) -> str | None:
    """A page's name as the owner of a deadline: 岑川市2024年下半年…认定工作启动 → 岑川市…认定."""
    if not name or len(name) <= 12:
        return name
    name = re.sub(r"^(?:组织开展|开展|做好|组织)(?=\S{4})", "", name)  # 开展…报名工作 (a headline's verb)
    return _OWNER_TAIL.sub("", _OWNER_PERIOD.sub("", name)) or name


def deadline_title(sentence: str, subject: str | None, label: str | None, earlier_name: str | None = None) -> str:
    """``<what it concerns><what must be done>截止``: 听证会报名截止.

    ``subject`` is the name the deadline belongs to (a quoted name in its
    sentence, else the article's main happening or headline, else
    ``earlier_name``, the first quoted name earlier in the article); the action is
    the deadline word of the label or sentence (报名, 提出意见, 办结…).

    Who must act comes first when the sentence says (请来访群众于…前预约登记
    → 来访群众预约登记截止); a long name of the main happening is cut to its
    head word (…价格听证会 → 听证会).

    Example: deadline_title("请于5月8日前报名", "听证会", None) == "听证会报名截止".
    """
    action = _ACTIONS.search(label or "") or _ACTIONS.search(sentence)
    # the thing a sentence sends, unless the page itself is about sending it (关于报送…总结的通知 names it better)
    about_sending = bool(earlier_name and _SEND_VERB.search(earlier_name))
    sent = None if about_sending else _SENDS.search(sentence)
    if sent and _SEND_VERB.search(sentence, sent.end(), sent.end() + 30):
        item = re.sub(r"^\d{4}年度?", "", re.split(r"及|和|与|以及|、", sent[1])[-1])
        if form := re.match(r"(?:报名|申请|登记)(?=表$)", item):
            action = form  # 将报名表提交…: what falls due is the 报名
        elif 2 <= len(item) <= 12:
            return shorten(f"{item}报送截止")  # 参会人员回执报送截止
    if action and action[0] in ("报送", "提交", "上报") and not about_sending and (sent_obj := _SENT_OBJECT.match(sentence, action.end())):
        return shorten(f"{sent_obj[1]}{action[0]}截止")  # 报送2023年度年度报告 → 年度报告报送截止: the object is what falls due
    if action is None and (shown := _PUBLISHED_BY.search(sentence)):
        owner = re.sub(r"(?:征稿|征文|征集|报名)$", "", _head_of(subject) or earlier_name or "")  # …大赛征稿(启事): the contest
        whose_list = owner if len(shown[1]) <= 6 and owner and owner not in shown[1] else ""  # 获奖名单 of which contest
        return shorten(f"{whose_list or ''}{shown[1]}{shown[2]}截止")  # 参加人名单将于7月31日前…公布 → 参加人名单公布截止
    if action is None and (done := _WILL_BE_DONE.search(sentence)):
        return shorten(f"{done[1]}{done[2]}截止")  # 新增听证材料将于6月1日前送达 → 新增听证材料送达截止
    due_topic = _DUE_TOPIC.search(sentence)
    if due_topic and (_TOPIC_WHO.search(due_topic[1]) or QUOTED_NAME.fullmatch(due_topic[1])):
        due_topic = None  # 考生须于…, “…”可于: who must act, or a name said whole
    end_verb = _DUE_VERB_END.search(sentence)
    if due_topic and (verb := action[0] if action else end_verb[1] if end_verb else None):
        return shorten(f"{due_topic[1]}{verb}截止")  # 学费、住宿费请于8月31日前通过…缴纳 → 学费、住宿费缴纳截止
    if action is None and end_verb and (readied := _READIED.search(sentence)):
        return shorten(f"{readied[1]}{end_verb[1]}截止")  # 准备了新春慰问品，请于…前…领取 → 新春慰问品领取截止
    if action is None and (due := _DUE_ACTION.search(sentence)):
        return shorten(f"{due[1]}截止")  # 须在3月10日前签署知情同意书 → 签署知情同意书截止
    quoted = next((m for m in QUOTED_NAME.finditer(sentence) if not names_a_channel(sentence, m)), None)  # not where it is done
    agent = _AGENT.search(sentence)
    if agent and (agent[1] or agent[2]).endswith("者"):
        agent = None  # 有意报名者, 有意参加者: a paraphrase of the action, not who is concerned
    name = (
        (shorten(compact_document(quoted[0]), 24) if quoted else None)
        or (who if agent and not _DATEISH.search(who := agent[1] or agent[2]) else None)
        or _head_of(_owner_words(subject))
        or _owner_words(earlier_name)
        or (_named_before_action(sentence, action) if action else None)
        or ""
    )
    verb = _ACTION_SAID.get(action[0], action[0]) if action else ""
    name = re.sub(r"^(?:开展|做好|组织开展|组织)(?=\S{4})", "", name)  # 开展…集中缴费 (a headline's verb) → …集中缴费
    name = re.sub(r"^各(?=\S{2})", "", name)  # 请各参赛队…报名 → 参赛队报名截止
    if verb and verb in QUOTED_NAME.sub("", name):  # (征求意见稿) inside a quoted name does not say the action
        verb = ""
    return shorten(f"{name}{verb}截止" if name or verb else "截止日期")


def names_a_channel(text: str, quoted: re.Match[str]) -> bool:
    """Whether a quoted name is where something is done, not what: an account, site or app
    (登录“安河智慧教育”平台, 通过“辽事通”APP, “青川政务服务网”).

    Example: names_a_channel("登录“安河智慧教育”平台报名", <“安河智慧教育”>) is True.
    """
    return (
        _CHANNEL.match(text, quoted.end()) is not None
        or _VIA.search(text, max(0, quoted.start() - 4), quoted.start()) is not None
        or _CHANNEL_INSIDE.search(quoted[0][1:-1]) is not None
    )


# What follows a quoted name that is where something is done, not what (“临川12345”微信公众号, “中国教师资格网”网站)
_CHANNEL = re.compile(r"\s*(?:微信公众号|公众号|客户端|小程序|视频号|网站|官网|APP|App|app|平台|微博|栏目|网(?![\u4e00-\u9fff]))")


# Trigger words that are verbs: a title names the happening by its noun
# (会议 over 召开, 听证会 over 报名) when the sentence has both.
VERB_TRIGGERS = frozenset(
    "召开 听取 开会 协商 征求意见 接听 接话 接电 接访 做客 主持 出席 报名 截止 截至 办结 提交 申报 "
    "启动 开始 开通 启用 公布 公示 播出 重播 直播 展出 绕行 绕道 报到 合影 彩排 休息 停水 停电 停气 停产 限行 闭馆 "
    "暂停供热 停止供热 停热 暂停供气 暂停供电 暂停供暖 暂停办理 暂停办公 停止办公 暂停服务 开庭 庭审 宣判 公开审理 单向通行 禁行 禁止通行".split()
)

# A room or hall inside the place just named (…中心 + 四楼会议室).
_PLACE_MORE = re.compile(
    r"(?:(?!举行|召开|举办|开展)[^，,。；;、\s在]){0,10}(?:会议室|大厅|报告厅|演播厅|多功能厅|礼堂|展厅|会场|\d+号楼|[一二三四五六七八九十\d]+楼)"
)
# The label of the area an outage covers: 停电范围： 停水区域： 施工路段：
AREA_LABEL = r"(?:停电|停水|停气|停暖|影响|施工|管制)(?:范围|区域|路段)"
_PLACE_PATTERNS = (
    re.compile(rf"(?:地点|地址|接听地点|会议地点|{AREA_LABEL})[:：][ \t]*([^\n。;；]{{2,40}})"),
    re.compile(
        r"(?:在|到)([^，,。；;、\s]{2,30}?(?:中心|大厅|会议室|广场|公园|礼堂|演播厅|演播大厅|体育馆|展厅|宾馆|酒店|剧院|大楼|会堂|直播间|书画展厅|办公楼))"
    ),
    re.compile(r"在([^，,。；;\s]{2,24}?)(?:举行|召开|举办|开幕|亮相|开赛|鸣锣开赛|上演|进行)"),
    re.compile(r"在([^，,。；;\s]{2,20}?)(?:停水|停电|停气|停暖|停止供水|暂停供水|限行|封闭施工|交通管制)"),
    re.compile(r"对([^，,。；;\s]{2,60}?)(?:实施|实行|进行)[^，,。；;]{0,6}?(?:停水|停电|停气|封闭|施工|管制|限行)"),
    re.compile(r"影响([^，,。；;\s]{2,30}?)(?:的)?(?:正常)?(?:用电|用水|用气|供电|供水|供气)?(?=[，,。；;]|$)"),
)


@lru_cache(maxsize=4096)
def place_in(text: str) -> str | None:
    """Where the happening of a sentence takes place, if the sentence says.

    Cached per document (see ``notices.extract``): merging asks about the same
    sentence again and again.

    Example: place_in("5月15日8时至18时在东湖街道停水") == "东湖街道".
    """
    for pattern in _PLACE_PATTERNS:
        m = pattern.search(text)
        if m:
            place = m[1].strip(" ,，。")
            if (more := _PLACE_MORE.match(text, m.end(1))) is not None:
                place += more[0]  # 市民服务中心四楼会议室: the room inside the building
            if re.search(r"\d+月|\d+日|\d+:\d+|[上下]午", place) is None and len(place) >= 2:
                return place
    return None


# Words a cut clause may leave at a title's start: 其中开幕式, 了庄严的升国旗仪式
_LEAD_FUNCTION = re.compile(
    r"^(?:其中|了|并且|并|且|而|即|则|已于|另外|此外|同时|另|(?:播出|举行|举办|召开|开展|推出)的|(?:庄严|隆重|盛大|热烈)的|"
    r"各?(?:安排|加开|增开)[一两二三四五六七八九十\d]*[场次期]?|"
    r"[\u4e00-\u9fff]{2,6}的(?=[“《「][^”》」]{2,30}[”》」]$))(?=[\u4e00-\u9fff“《「\d])"
)  # 鸣枪起跑的“…马拉松”: a name in quotes needs no description before it
# and at its end, once the time it governed is cut out: …到期日统一顺延至, 招聘会改在, 公示期为
_TAIL_FUNCTION = re.compile(
    r"(?:(?:统一|将|已|已经)?(?:推迟至|推迟到|改在|改至|改到|改为|调整为|调整至|已于|将于|定于)|(?<=顺延|延期)至|"
    r"(?<=[\u4e00-\u9fff])(?:为|于|至|在|是|从|自|的)|(?<=[赛会节展式礼动》”」])(?:宣布)?(?:取消|停办)(?:举办|举行)?)$"
)
# A label sentence, X时间为… / X期为…: the happening is X
_LABEL_END = re.compile(r"^([\u4e00-\u9fff]{2,8}?)(?:的)?(?:(?:时间|日期|时段)(?:为|是)?|(?<![\d一二三四五六七八九十])期(?:为|是))$")


# The first and last characters those words can have: a title without them needs no look
_LEAD_CHARS = frozenset("其了并且而即则已另此同播举召开推庄隆盛热各安加增")
_TAIL_CHARS = frozenset("至在到为于是从自的消办行间期段:：,，、")


def tidy_ends(title: str) -> str:
    """A title without the function words and time labels a cut clause leaves at its ends.

    Example: tidy_ends("读者借阅的图书到期日统一顺延至") == "读者借阅的图书到期日统一顺延"; tidy_ends("公示期为") == "公示";
    tidy_ends("其中开幕式") == "开幕式".
    """
    if not title or (title[0] not in _LEAD_CHARS and title[-1] not in _TAIL_CHARS and not (title[-1] in "”》」" and "的" in title)):
        return title  # the common case, without a regex
    for _ in range(3):
        cut = _LEAD_FUNCTION.sub("", title)
        if (label := _LABEL_END.match(cut)) is not None:
            cut = label[1]
        cut = _TAIL_FUNCTION.sub("", cut)
        cut = cut.strip(" ,，、:：")
        if cut == title or len(cut) < 2:
            break
        title = cut
    return title
