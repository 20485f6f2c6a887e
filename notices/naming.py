"""Naming a frame: the title a reader sees, the place, who organises.

A title is what happens and whom it concerns, from the happening's own
words (``notices.titles`` builds the phrase); this module chooses the words
to build from (the trigger that names the happening, the anchor sentence,
the row's heading and place) and finishes the phrase for the cases a clause
alone says badly: broadcasts, outages of listed places, closures without a
subject, rounds of a contest, openings.

Example: the frame of "副县长王强将到县12345热线中心接听群众来电" is named
"副县长王强接听群众来电", at 县12345热线中心.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from notices.frames import Frame, time_heading
from notices.kinds import detect_kinds, whole_words
from notices.lexicon import kind_spec, kinds
from notices.model import Article, Grain, Mention
from notices.statements import Topic, cues
from notices.subjects import leading_body, leading_subject, signing_body, speaks_of_itself
from notices.text import DAYS_CLOSE, PICTOGRAPH_RANGES, clause_span
from notices.topics import spaced_row_name
from notices.named_by import KV, LINE_WORKS, court_case, power_lines, show_name
from notices.title_words import (
    exam_step,
    hearing_signup,
    bare_kind_of,
    compact_document,
    generic_kind,
    line_turn,
    row_part,
    row_subject,
    row_who,
    schedule_happening,
    short_place,
    subject_owner,
    title_words,
    works_named,
)
from notices.whose import CITED_RULE, PageSpan, whose, whose_word
from notices.titles import (
    AREA_LABEL,
    ORDINAL_ONLY,
    QUOTED_NAME,
    VERB_TRIGGERS,
    clean_heading,
    clean_headline,
    deadline_title,
    event_title,
    names_a_channel,
    first_named,
    noun_phrase,
    place_in,
    same_phrase,
    shorten,
    tidy_ends,
    without_dates,
)


@dataclass(frozen=True)
class ArticleText:
    """What naming reads besides the frame: the page text, the article, its rows and headline.

    Example: ArticleText(text, art, tops, headline="第70期“热线问政”活动今日举行", times={…}).
    """

    text: str
    art: Article
    tops: list[Topic]
    headline: str
    times: dict[tuple[int, int], list[Mention]]  # the time mentions of each sentence


@dataclass(frozen=True)
class Naming:
    """A frame's title, place and the sentence they came from.

    Example: Naming(title="城东区、城西区暂停供水", place="城东区、城西区", sentence="…").
    """

    title: str
    place: str | None
    sentence: str
    subject: str = ""  # the happening's own name, before a row's guest or round was added (…大赛 of …大赛初赛)


_ONSET_LEFT = re.compile(
    r"(?:自|从)?起(?:正式)?(?=施行|执行|实施|开通|运行|启用)|(?<=[》”」])(?:已于|将于|将|于)(?=施行|执行|实施)"
    rf"|(?:{DAYS_CLOSE})后(?=暂停|停止|关闭|闭馆)"  # (3月14日)营业终了后暂停营业: from the next day
)
_TIME_OF = re.compile(r"(?:的)?时间(?:[及和与、]?地点)?$")  # 报到时间及地点 → 报到
# what replies are owed to (直播中未能答复的问题, 未当场答复的留言), before a count of working days
_REPLY_WORDS = ("答复", "回复", "反馈")
_ASKED = re.compile(r"(?:对于?)?([\u4e00-\u9fff]{2,14}?(?:问题|留言|诉求|工单|来电))[，,]")
_DUE_PLACE = re.compile(r"(?:报名|受理|申请|报送|办理|领取|登记|递交)(?:地点|地址)\s*[:：]\s*([^\n，,。；;（(]{2,40})")


def name_frame(f: Frame, page: ArticleText, main_subject: str | None, topic_places: dict[int, str | None]) -> Naming:
    """The title and place of one frame.

    ``main_subject`` is the name of the article's first happening: what a
    deadline or a bare ``开幕式`` belongs to; ``topic_places`` caches each
    row's ``地点：`` line.

    Example: a frame of 4月26日上午9:00—11:00 with trigger 热线问政 in seed 002
    → Naming(title="第70期“热线问政”活动(市市场监督管理局)", place=None, …).
    """
    text, art, headline = page.text, page.art, page.headline
    anchor = f.anchor
    a0, a1 = anchor.sentence
    a0 = max(a0, art.body_start) if a0 < art.body_start < a1 else a0
    sentence = text[a0:a1]
    topic = next((t for t in page.tops if t.id == f.topic), None)
    heading = (topic.held or topic.heading) if topic is not None else None
    if f.topic not in topic_places:
        topic_places[f.topic] = topic_place(text, page.tops, f.topic, art)
    # a deadline's place is where its own sentence or a 报名地点： line says; the 地点： line of its
    # section is the meeting's
    if f.kind == "deadline":
        due_at = _in_article(_DUE_PLACE, text, art.body_start, art.end)
        place = place_in(sentence) or (due_at[1].strip() if due_at else None)
    else:
        place = place_in(sentence) or topic_places[f.topic]
    times = [
        (m.span[0] - a0, m.span[1] - a0)
        for m in page.times.get(anchor.sentence, ())
        if a0 <= m.span[0] < a1 and m.value.grain not in _COARSE  # 2023年 inside a name stays
    ]
    at = max(anchor.mention.span[0] - a0, 0)  # where the frame's own time stands
    hit = None
    if anchor.hit is not None and not anchor.time_line:
        own_word = (anchor.hit.word, anchor.hit.start - (a0 - anchor.sentence[0]))
        if "届时" in sentence[at:max(at, own_word[1])]:
            at = own_word[1]  # the closure 届时 a fair brings: named from its own clause
        hit = title_word(sentence, f.kind, at, place) or (own_word if own_word[1] >= 0 else None)
    if heading and heading in sentence:
        heading = None  # the row's own line: its clause says more than its first words
    m0 = anchor.mention.span[0]  # the line of the time itself (a sentence may run on from the line above)
    if m0 < art.body_start:  # 这个周末有两场活动 in the headline: the body's time line of the same happening
        m0 = next((s.mention.span[0] for s in f.statements if s.mention.span[0] >= art.body_start and s.time_line), m0)
    said_when = text[max(text.rfind("\n", 0, m0) + 1, art.body_start):a1]
    item = (
        item_heading(text, art, m0)
        if f.kind != "deadline" and m0 >= art.body_start and (anchor.hit is None or anchor.time_line or a0 < art.body_start or _STARTS_WITH_TIME.match(said_when))
        else None
    )
    if item:
        heading = item  # ▶ 周二上午9:00 / “…”智能手机培训 / 地点：…: the block's own heading line names it
    digest = _DIGEST_ITEM.match(text, text.rfind("\n", art.body_start, a0) + 1) is not None
    if digest:
        main_subject = None  # 【提醒】… in a digest of items: each item is its own article, the page's headline no one's
    if topic is not None and topic.columns and (row := _row_named(topic, clean_headline(headline), f.kind)):
        return Naming(row, place, sentence, row)  # | 6月7日 | 9:00-11:30 | 语文 |: the row's subject, not the page's headline
    if f.kind == "deadline" and hit is not None and hit[0].endswith(_REPLY_WORDS) and (asked := _ASKED.search(sentence, 0, hit[1])):
        # 直播中未能答复的问题，将…在3个工作日内答复: the replies owed to what was asked
        return Naming(tidy_ends(shorten(f"{asked[1]}{hit[0][-2:]}截止")), place, sentence)
    if f.kind == "deadline":
        short_head = clean_headline(headline) if len(clean_headline(headline)) <= 30 and not digest else None
        section = _name_line(topic.heading) if topic is not None and topic.heading and topic.heading not in sentence else None
        said = section or (_name_line(anchor.label) if anchor.label else None)  # ★ 义诊周预约：请于…: the label says it
        if said and len(said) <= 8 and (due := _SECTION_DUE.search(said)) and due.start() >= 2 and not title_words().due_manner.match(said):
            return Naming(tidy_ends(without_dates(shorten(said + "截止"))), place, sentence)  # ★ 义诊周预约： → 义诊周预约截止
        if section and len(section) <= 16 and any(h.start + len(h.word) >= len(section) - 1 for h in detect_kinds(section)) and not _SECTION_DUE.search(section) and not _TELLS.search(section):
            main_subject = section  # 报名截至… under （三）少儿游泳培训班: that class's, not the page's first happening
        elif short_head and (registers := _REGISTERS_FOR.match(_TAG.sub("", short_head))) and not _TELLS.search(registers[1]):
            main_subject = registers[1]  # …公益课堂开始报名: the page's headline says what one signs up for
        title = deadline_title(sentence, main_subject, anchor.label, (earlier_name(text, art, a0, channels=False) if not digest else None) or short_head)
        if title.startswith(_ACTION_WORDS) and (named := first_named(text[art.body_start:a0])):
            title = shorten(named + title)  # 报名截止 of an undated 听证会: whose 报名
        publicity = anchor.hit is not None and anchor.hit.word in _PUBLICITY
        if publicity and _CITED_ONLY.fullmatch(title) and (shown := _SHOWN.search(sentence)):
            # 根据《…规划法》…，现将《…规划(草案)》予以公示: the publicity of the plan, not the cited law's due day
            return Naming(tidy_ends(without_dates(shorten(f"{shown[1]}公示"))), place, sentence)
        title = hearing_signup(title, sentence) or exam_step(title, clean_headline(headline)) or title
        title = tidy_ends(without_dates(title))
        if len(title) <= 3 and hit is not None and len(named := noun_phrase(sentence, hit[1], hit[0], times)) > len(hit[0]) + 1:
            title = named  # …综合所得汇算清缴将于3月1日至6月30日进行: the window is named by its noun, nothing falls due
        return Naming(title, place, sentence)
    title = event_title(
        sentence,
        hit_start=hit[1] if hit else None,
        hit_word=hit[0] if hit else None,
        kind=f.kind,
        times=times,
        place=place,
        heading=heading,
        headline=headline,
        main_subject=main_subject,
        at=at,
    )
    if item and anchor.hit is not None and item not in title and not _HOLDS_IN_LINE.search(said_when):
        title = shorten(item)  # ① 集市 / 3月5日上午，社区广场，义诊、法律咨询: the heading names it, the line lists what it offers
    head = clean_headline(headline)
    if title.endswith("…") and 4 <= len(head) <= 30 and any(h.kind == f.kind for h in detect_kinds(head)):
        title = head  # a long clause: the headline names this happening shorter

    if main_subject and title in _PART_TRIGGERS and title not in main_subject:
        title = shorten(main_subject + title)  # 开幕式 → 万溪旅游文化节开幕式
    if hit is not None and hit[0] in _BROADCAST:
        in_sentence = QUOTED_NAME.search(sentence)
        named = shorten(in_sentence[0], 24) if in_sentence else earlier_name(text, art, a0)
        if named and named not in title:
            title = shorten(f"{named}{hit[0]}({_clean_channel(title, hit[0])})" if title != hit[0] else named + hit[0])
    if f.kind == "outage":
        title = re.sub(r"的(?=(?:临时)?(?:停水|停电|停气|停暖|停产|封闭|施工|限行|交通管制))", "", title)  # 大面积的停气 → 大面积停气
        title = re.sub(r"(?<=.{2})(?:的)?(?:时间|日期|时段)(?:为|是)?$", "", title)  # 停电时间为 → 停电
        title = re.sub(r"^对(?=[^，,]{2,20}?(?:暂停|停止|实施|实行|进行))", "", title)  # 对开发区部分区域暂停供气 → 开发区…
        title = re.sub(r"(?<=[\u4e00-\u9fff)）])(?:也|还)?将?(?:再次)?(?=(?:暂停|停止)供|停[水电電气氣热熱暖]$)", "", title)  # …片区也停水 → …片区停水
    by_works = False
    if f.kind == "outage" and (colon := _SUPPLY_COLON.search(title)):
        title = title[: colon.end() - 1]  # 我公司对以下区域暂停供气:幸福小区、… : the list is where, not the title
    if f.kind == "outage" and (supply := _SUPPLY_END.search(title)):
        before = title[: supply.start()]
        listed = _places_listed(before, text[a0:min(art.end, a1 + 80)], place)  # the list may follow on the next line
        if works := _works_for(before, works_named(text[max(art.body_start, a0 - 160):a1]), bool(listed)):
            # 因解放路燃气管道迁改施工，我公司…对以下区域暂停供气: the works name the outage, the first place follows
            first = listed.split("、")[0] + "等" if "、" in listed else short_place(listed, 12)
            title, by_works = shorten(f"{works}{supply[0]}" + (f"({first})" if first else ""), 40), True
        elif listed and (not before or _VAGUE_WHO.search(before)):
            title = shorten(short_place(listed) + supply[0])  # 我公司暂停供气：南湖小区、建新里… → 南湖小区、建新里等暂停供气
    if f.kind == "outage" and topic is not None and topic.id and not topic.columns and len(title) > 10 and not (place and _without_brackets(place) in title) and (
        line := _section_line(text, page.tops, f.topic, art)
    ):
        # 一、9月26日7:00—19:00 / 停电线路：10kV北环线 / 停电范围：… under a headline every section shares:
        # the section's line, its first place after it (a short title is led by the place below instead)
        first = re.split(r"[、等，,]", _without_brackets(place))[0] if place else ""
        title = shorten(f"{line}停电" + (f"({first}等)" if first and first != place else f"({first})" if first else ""), 40)
        by_works = True
    if f.kind == "outage" and title.endswith("停电") and not KV.search(title) and (lines := power_lines(sentence)):
        # 对10kV东风线、10kV建设线进行迁改，届时…沿线商户和居民将停电: the lines and the works name it
        works = LINE_WORKS.search(sentence)
        title, by_works = shorten(lines + (works[1] if works else "") + "停电", 40), True
    if f.kind == "outage" and place and (deictic := _DEICTIC.search(title)):
        title = shorten(title.replace(deictic[0], short_place(_without_brackets(place))))  # 下列区域停水 → 城东区停水
    elif f.kind == "outage" and place and not by_works and (bare := _without_brackets(place)) not in title and place not in title and len(title) <= 10:
        title = shorten(short_place(bare) + title)  # where it happens: 南环路丁字路口全封闭施工
    if cues().anaphora.fullmatch(title) and (named := main_subject or first_named(text[art.body_start:a0])):
        title = shorten(f"{named}({title})")  # 首期将于3月22日上午举行 → “局长接听日”活动(首期)
    if (session := _SESSION_ONLY.fullmatch(title)) and (named := earlier_name(text, art, a0) or main_subject):
        title = shorten(_SESSION_TAIL.sub("", named) + session[1])  # 第47期活动 将于…举行: of the “…热线” named above
    elif QUOTED_NAME.fullmatch(title) and (issue := re.search(re.escape(title) + _SESSION, head)):
        title = shorten(title + issue[1])  # 《问政鹤泉》 under the headline 《问政鹤泉》第十二期…: this issue
    if topic is not None and topic.columns and (who := row_who(topic.columns, topic.cells)) and f.kind != "outage" and (
        happening := schedule_happening(head, topic.columns) or main_subject
    ):
        # | 10月12日 | 县委书记 邓庆林 | under a 公开接访安排表: the page's happening, the row's who
        if line_turn(happening) and (person := row_who(topic.columns, topic.cells, acting=True)):
            who = person  # | 县住建局 | 局长 曹文斌 | leading 接听“局长热线”: the body and who answers for it
        title = shorten(_with_who(happening, who), 40)
    elif topic is not None and topic.columns and (anchor.hit is None or not detect_kinds(" ".join(topic.cells)) or "|" in title):
        # | 6月10日 | 8:00-17:00 | 城关镇北街 | under | 停电日期 | 停电时间 | 停电范围 |: 城关镇北街停电
        word = next((h.word for h in detect_kinds(" ".join(topic.columns)) if h.kind == f.kind and not h.word.endswith(_TIME_COLUMN)), "") or next(
            (h.word for h in detect_kinds(head) if h.kind == f.kind), ""
        )  # | 管制路段 | 管制时间 | under a 交通管制公告: the headline's word
        line = next((c for n, c in zip(topic.columns, topic.cells) if _LINE_COLUMN.search(n) and len(c) >= 3), None)
        if line and place and line != place and f.kind == "outage" and ("、" in place or "等" in place):
            # | 停电线路 | 停电范围 | with a list of places: the line that stops, its first place after it (10kV城东线停电(东关街等))
            first = re.split(r"[、等]", _without_brackets(place))[0]
            title = shorten(f"{line}{word}({first}等)", 40)
        else:
            title = shorten(f"{place}{word}") if place else (word or title)
    if f.kind == "exhibition" and (show := show_name(title, sentence, text[art.body_start:a0], head)):
        title = show  # 展出以来, 展出明清外销瓷器160件: the show the page names
    if f.kind == "hearing" and (case := court_case(sentence)):
        title = shorten(f"{case}{'公开开庭' if '公开开庭' in sentence else '开庭'}", 40)  # …买卖合同纠纷一案 → …纠纷案开庭
    if f.kind == "hearing" and "《" not in title and (about_law := _HEARD_ON.search(sentence)):
        # 就《…养犬管理条例（草案）》…听取意见 at a 立法听证会: the hearing is named by what it hears
        held = re.search(r"(?:举行|召开|举办)([\u4e00-\u9fff]{0,4}听证会)", sentence)  # the sentence's own words: 举行立法听证会
        title = shorten(about_law[1] + (held[1] if held else "听证会"), 40)
    if _WHEN_CLAUSE.match(title) and (named := earlier_name(text, art, a0) or without_dates(head)):
        title = named  # 节目时间为每天上午9:00-10:00 says when, not what: the programme the page names
    if len(title) <= 5 and (title in _ALL_TRIGGERS or title.endswith("名称")) and (
        named_line := _in_article(_NAME_LINE, text, art.body_start, art.end)
    ):
        title = shorten(named_line[1].strip(" ，,。；;"))  # 会议名称：…经济形势分析会 names the 会议 of the 时间： line
    if len(title) <= 4 and title in _ALL_TRIGGERS and (about := _in_article(_ABOUT_LINE, text, art.body_start, art.end)):
        title = shorten(about[1].strip(" ，,。；;") + title)  # 听证事项：…价格调整方案 → …价格调整方案听证会
    if len(title) <= 5 and generic_kind(title) and (named := without_dates(shorten(head))) != title and named.endswith(title):
        title = named  # 听证会 under the headline …改造将举行听证会: …改造听证会
    if " " in title:
        title = _cause_last(title, f.kind)
    own = title  # the happening's own name: what a deadline of the page belongs to (听证会报名截止), before whose it is
    title = whose(title, f.kind, PageSpan(text, art, head, sentence, a0, a1))
    subject = own
    if topic is not None and topic.record and topic.heading and anchor.hit is None and topic.heading in (title, spaced_row_name(title)):
        # a schedule row names only who takes part: 市交通运输局 → “民生直通车”热线(市交通运输局)
        leaders = schedule_happening(head, ())  # 永宁县2016年4月县级领导公开接访安排: leaders take turns
        # (5月份“政风行风热线”上线安排: bodies take turns going on the line)
        owner = main_subject or (leaders if leaders and (_LEADERS.match(leaders) or line_turn(leaders)) else None) or _headline_name(head, f.kind)
        cells = [c for c in re.split(r"\s+", topic.heading.strip()) if c and not KV.search(c)]
        if f.kind == "outage" and (line := power_lines(topic.heading)):
            # 7月23日 07:30-12:00   10kV城北线   城北工业园、城北村: the row's line, its first place after it
            first = re.split(r"[、等，,]", cells[0])[0] if cells else ""
            more = "等" if cells and (len(cells) > 1 or re.search(r"[、，,]", cells[0])) else ""
            title = shorten(f"{line}停电" + (f"({first}{more})" if first else ""), 40)
        elif f.kind == "outage" and (stop := next((h.word for h in detect_kinds(head) if h.kind == "outage"), None)):
            # 11月3日上午，市南区香港中路部分用户； under …停电计划: the row's place, then what stops there
            title = shorten("".join(cells) + stop, 40)
        elif owner and topic.heading not in owner:
            # 县级领导公开接访 with 县委副书记 刘成军 → 县委副书记刘成军公开接访
            title, subject = shorten(_with_who(owner, re.sub(r"\s+", "", topic.heading)), 40), owner
    part = _label_part(f)
    if part and part not in title and len(title) <= 22 and not generic_kind(part) and part != "活动":  # 会议时间: no part
        title = shorten(title + part)  # 初赛时间：9月10日 under a 大赛 notice → …大赛初赛
    if title in _CLOSING_ONLY and (window := _WINDOW_LABEL.fullmatch(clean_heading(heading or anchor.label or _line_above(text, art, a0)))) and (
        part := window[1]
    ):
        # 二、征稿时间 / 5月10日起至6月30日止截稿: the window of 征稿, of the page's contest
        owner = main_subject or _headline_name(head, f.kind) or (head if len(head) <= 16 else "")
        title = shorten(owner + part if part not in owner else owner)
    first = f.statements[0]
    if first.role == "reopen" and (said := cues().reopen_after.match(text[first.mention.span[1]:first.mention.span[1] + 24])):
        title = cues().reopen_word.findall(said[0])[-1]  # 10月4日起正常开放: the reopening itself
    if f.kind in ("outage", "other") and len(title) <= 4 and not _NAMES_NO_ONE.match(title) and (who := leading_subject(sentence)) and who not in title:
        title = shorten(who + title)  # 停诊 → 眼科李卫东主任医师停诊; 暂停使用 → 门诊楼2号电梯暂停使用
    elif f.kind in ("outage", "other") and _NAMES_NO_ONE.match(title):
        # 放假闭馆 / 恢复正常办公: whose? the body the sentence begins with, or the page's own (本馆)
        signer = signing_body(text, art)
        who = (
            leading_body(sentence)
            or leading_subject(sentence)  # 门诊楼2号电梯明天…暂停使用
            or leading_body(text[art.body_start:min(art.end, art.body_start + 80)].lstrip())  # the body the article opens with
            or (signer if speaks_of_itself(text[art.body_start:art.end]) or (signer and head.startswith(signer)) else None)
        )  # a page headed with its signer's name (某图书馆端午节开放时间安排) speaks of itself too
        title = _HOW_LONG.sub("", title) or title  # 闭馆一天 → 闭馆
        if who and who not in title:
            title = shorten(who + title)
    opened = _opened_name(sentence, times) if first.opening_of and f.kind == "ceremony" else None
    if opened:
        title = shorten(_OPENING_SAID.sub("", opened) + "开幕式")
    elif f.kind == "ceremony" and not _CEREMONY_WORD.search(title) and _OPENS.search(sentence):
        # …文化周将在古城广场拉开帷幕: the opening, not the week (…交易会开幕 named by a headline: its 开幕 once)
        title = shorten(_OPENING_SAID.sub("", title) + "开幕式")
    title = tidy_ends(without_dates(title))
    subject = tidy_ends(without_dates(subject))
    if f.kind != "ceremony" and f.value.end is not None and len(title) > 4 and (opened_at := _RUN_OPENS.search(title)):
        title = title[:opened_at.start()]  # …第五次会议开幕, 会期至1月23日: the run itself, not its opening
    span = PageSpan(text, art, head, sentence, a0, a1)
    if 2 <= len(title) <= 3 and (whose_step := whose_word(title, span, step=True)):
        subject = whose_step if subject == title else subject
        title = whose_step  # 公示期为…: whose 公示, the document the sentence names or the headline's
    if _bare_kind(title) and (owned := whose_word(title, span, step=False)):
        title = owned  # 颁奖典礼 → “宁川十大杰出青年”颁奖典礼; 笔试 → …公开招聘中小学教师笔试
    title = _ONSET_LEFT.sub("", _ONSET_LEFT.sub("", title))  # 《…办法》已于起施行 (its date taken out) → 《…办法》施行
    if len(title) <= 3 and (named_in := QUOTED_NAME.search(sentence)) and named_in[0] not in title:
        title = shorten(compact_document(named_in[0]) + title, 40)  # 施行 → 《…管理办法》施行
    if anchor.hit is None and not item and not (topic is not None and topic.record) and 4 <= len(head) <= 40 and not any(
        h.kind == f.kind for h in detect_kinds(title)
    ) and any(h.kind == f.kind for h in detect_kinds(head)):
        title = tidy_ends(without_dates(shorten(head, 40)))  # 一、会议时间 / 2018年1月9日下午3:00，会期约1.5小时: the headline's happening
    elif anchor.hit is None and not item and not detect_kinds(title) and (under := time_heading(text, anchor)) and 2 <= len(what := _TIME_OF.sub("", clean_heading(under))) <= 10:
        title = what  # 二、报到时间及地点 / 9月7日—8日，南校区体育馆。: 报到, not where
    return Naming(title, place, sentence, subject)




# A block of a community post: its heading line (🌱 …, ▶ …, ① …, 【讲座】…, 第一场：) above or
# just below the line that says when, then 地点：/对象：/内容： lines
_ITEM_MARK = re.compile(
    r"^\s*(?:【[^】]{1,6}】|[(（]?[一二三四五六七八九十]{1,3}[)）、．.]|[(（]\d{1,2}[)）]|\d{1,2}(?:、|[．.](?!\d))|[①-⑳]|\d\ufe0f?\u20e3|"
    rf"[▶►▷▸●■◆◇★☆✔✅✓※·•▪{PICTOGRAPH_RANGES}]\ufe0f?)+\s*"
)
_DETAIL_LINE = re.compile(r"^\s*(?:[^\s，,。:：]{1,3}\s*)?[^，,。:：\d]{1,8}[:：]\s*\S")  # 地点：… 📍 地点：…
_BARE_LABEL = re.compile(r"^(第[一二三四五六七八九十\d]{1,3}[场期站批轮])\s*[:：]?$")  # 第一场：
_NOT_A_NAME = re.compile(r"时间|日期|地点|安排|如下|事项|方式|要求|须知|说明|对象|内容|范围|提示|备注|附件|联系|咨询|报名|欢迎|注意|温馨")
_STARTS_WITH_TIME = re.compile(r"^\s*(?:[^\s\w]\ufe0f?\s*)?(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]")
# A line that says who holds what (…颁奖仪式在市文化中心举行): its own clause names the happening
_HOLDS_IN_LINE = re.compile(r"举行|举办|召开|开展|进行|启动|开幕|揭晓|揭牌|开放|开始")
_WHEN_ONLY = re.compile(r"^[\s\d年月日号:：.\-—–~～至到(（)）、,，上下午晚早中时分点半周星期一二三四五六日天至]*$")


def _lines_around(text: str, lo: int, hi: int, at: int) -> tuple[list[str], str, list[str]]:
    """The lines of ``text[lo:hi]`` before the line at ``at``, that line, and the lines after it."""
    start = max(text.rfind("\n", lo, at) + 1, lo)
    end = text.find("\n", at, hi)
    end = hi if end < 0 else end
    return text[lo:start].splitlines(), text[start:end], text[end + 1:hi].splitlines()


def _name_line(line: str) -> str | None:
    """A block's heading line as a name: no marker, no time, no label, short (or None)."""
    bare = _ITEM_MARK.sub("", line).strip(" ：:")
    if (session := _BARE_LABEL.match(bare)) is not None:
        return session[1]
    if not 2 <= len(bare) <= 30 or re.search(r"[:：。！!？?]|\d{1,2}月\d|\d日|\d[:：]\d", bare) or _NOT_A_NAME.search(bare):
        return None
    if bare.count("，") + bare.count(",") > 1:
        return None
    return bare


def item_heading(text: str, art: Article, at: int) -> str | None:
    """The heading line of the block a time line stands in, when the post lays items out as blocks.

    ``▶ 周二（5月21日）上午9:00`` followed by a name line is named by that line; a ``时间：`` line
    (or a line opening with its date) under a marked heading line, with only 地点：/对象： lines
    between, is named by the heading.

    Example: item_heading("…\n🌱 旧衣回收进小区\n时间：6月1日上午9:00\n地点：…", art, at)
    == "旧衣回收进小区".
    """
    top = min(art.body_start, max(text.find("\n", art.start, art.body_start) + 1, art.start))  # below the headline's first line
    before, line, after = _lines_around(text, top, art.end, at)
    if _ITEM_MARK.match(line):
        if not _WHEN_ONLY.match(_ITEM_MARK.sub("", line)):
            return None  # （一）每日7:00至18:00，禁止…: a marked line that says more is its own item
        nxt = next((ln for ln in after if ln.strip()), "")
        name = _name_line(nxt) if not _DETAIL_LINE.match(nxt) and not _ITEM_MARK.match(nxt) else None
        if name:
            return name
    for prev in reversed(before):
        if not prev.strip():
            return None
        if _DETAIL_LINE.match(prev) and not _BARE_LABEL.match(_ITEM_MARK.sub("", prev).strip()):
            continue
        if not (_ITEM_MARK.match(prev) or _BARE_LABEL.match(prev.strip())):
            return None
        return _name_line(prev)
    return None


# A community or street before what it does (…花园社区楼道集中消杀): the page's, a row needs only the rest
_ESTATE = re.compile(r"^[\u4e00-\u9fff]{2,16}(?:社区|街道|小区|居委会)(?=[\u4e00-\u9fff]{3,})")


def _row_named(top: Topic, head: str, kind: str) -> str | None:
    """A table row named by its own cells: the cell under its subject column (科目, 剧目), a bare
    subject after the headline's exam or contest (普通高考语文); or the blocks it covers before
    the headline's happening (| 楼栋 | 1-4栋 | under …楼道集中消杀安排 → 1-4栋楼道集中消杀).

    Example: a row ("6月7日", "9:00-11:30", "语文") under 2024年普通高考考试安排 → "普通高考语文".
    """
    head = _TAG.sub("", head).strip()
    if what := row_subject(top.columns, top.cells):
        if QUOTED_NAME.search(what) or detect_kinds(what) or (owner := subject_owner(head)) is None:
            return shorten(what)
        named = re.sub(r"^\d{4}\s*年度?", "", noun_phrase(head[: owner.end()], owner.start(), owner[0], ()))
        return shorten(named + what if 2 <= len(named) <= 10 else what)
    if (part := row_part(top.columns, top.cells)) and (named := _headline_name(head, kind)):
        return shorten(part + title_words().schedule_tail.sub("", _ESTATE.sub("", named)))
    return None


# A section heading that says what falls due (义诊周预约, 网上报名): its deadline is named by it
_SECTION_DUE = re.compile(r"(?:报名|预约|登记|缴费|申报|提交|报送|领取|确认|审核|打印准考证|准考证打印|征集|申请)$")
# A heading or headline that tells something rather than names it (…应当亲自参加听证会, 即日起接受报名)
_TELLS = re.compile(r"应当|应|须|需|请|参加|将|可|即日|接受|起|现")
# A headline that announces signing up (…公益课堂开始报名啦！): what one signs up for
_REGISTERS_FOR = re.compile(r"^\s*(?:\d{4}\s*年度?)?(.{2,24}?)(?:即将|正式)?(?:开始|启动)?(?:报名|招生|招募)(?:啦|了|开始了|开始)?[!！]*$")


def _bare_kind(title: str) -> bool:
    """Whether a title is only a kind word, maybe after 首场/本次 or its session (首场活动, 第二次全体会议)."""
    bare = bare_kind_of(title)
    return bare is not None and (bare[2] in _ALL_TRIGGERS or generic_kind(bare[2]) or bare[1] is not None)


# A title that is only an issue of a programme (第47期活动, 第三场): whose issue
_SESSION = r"\s*(第[一二三四五六七八九十百零〇\d]{1,4}[期场])"
_SESSION_ONLY = re.compile(_SESSION + r"(?:活动|节目|直播)?")
_SESSION_TAIL = re.compile(_SESSION + r"(?:活动|节目)?$")
# An item of a digest page (【停水】…, 【提醒】…): its happening is named from itself only
_DIGEST_ITEM = re.compile(rf"\s*(?:[{PICTOGRAPH_RANGES}]\ufe0f?\s*)?(?:【[^】]{{1,6}}】|[■●◆▲★]\s*)")
# a publicity period is named as the publicity of what it shows (《…规划(草案)》公示), not as a due day
_PUBLICITY = frozenset(("公示", "公示期", "批前公示"))
_CITED_ONLY = re.compile(r"(?:《[^》]+》|公示)截止")
_SHOWN = re.compile(r"(《[^》]{2,40}》)[^，,。；;《]{0,6}?(?:予以|进行|现予|批前)?公示")
_TIME_COLUMN = ("时间", "日期")  # | 管制时间 |: the column of the times, not the happening's word
_LINE_COLUMN = re.compile(r"线路|線路|设备|設備")
# Leaders as a group before what they do (县级领导公开接访): the row's leader takes their place
_LEADERS = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?[省市县区])?(?:[省市县区]级?)?(?:主要)?领导(?=[\u4e00-\u9fff]{2,6}$)")


def _with_who(happening: str, who: str) -> str:
    """A schedule row's title: the leader doing the page's action, else the happening with the row's who.

    Example: _with_who("县级领导公开接访", "县委书记邓庆林") == "县委书记邓庆林公开接访";
    _with_who("“政风行风热线”", "县人社局") == "“政风行风热线”(县人社局)";
    _with_who("临泽县“县长热线”接听", "县长马文涛") == "县长马文涛接听“县长热线”".
    """
    if happening[-2:] in _GOVERNING and (leaders := _LEADERS.match(happening)):
        return who + happening[leaders.end():]
    if turn := line_turn(happening):
        return who + turn  # 岑川市“12345市长热线”上线 with 市交通运输局 → 市交通运输局上线“12345市长热线”
    return f"{happening}({who})"


def _works_for(before: str, works: str | None, known_place: bool) -> str | None:
    """The works that name an outage better than what its title leads with: any works for 以下区域 or
    我公司 when no place is known, works on a named road, line or station for a list of places.

    Example: _works_for("以下区域", "管网改造", False) == "管网改造"; _works_for("城南片区", "管网改造", True) is None.
    """
    if works is None or "、" in works or "等" in works:
        return None
    vague = not before or _VAGUE_WHO.search(before) is not None
    if _NAMED_WORKS.search(_GENERIC_WORKS.sub("", works)):
        return works if vague or _VAGUE_AREA.search(before) else None
    return works if vague and not known_place else None


# 以下区域, 我公司, the company: no one a reader can place
_VAGUE_WHO = re.compile(r"下列|以下|如下|下述|上述|[我本](?:公司|局|单位|厂|中心)|公司$")
# works on something with a name: a road, a line, a station (解放路燃气管道迁改, 10kV新华线线路改造)
_GENERIC_WORKS = re.compile(r"道路|线路|線路|管线|管線|公路|电路")
_NAMED_WORKS = re.compile(r"路|街|大道|巷|桥|橋|线|線|站|厂|廠|kV|KV|千伏|\d")


def _places_listed(before: str, sentence: str, place: str | None) -> str:
    """The places an outage reaches as the page lists them: the list the title led with,
    the row's place, or the list after ``以下区域…：`` ("" when none).

    Example: _places_listed("", "…对以下区域暂停供气：建设路沿线、金桥花园、纺织新村。", None)
    == "建设路沿线、金桥花园、纺织新村".
    """
    listed = re.sub(r"(?:等|及周边|周边)?(?:区域|片区|地区|用户)?$", "", before)
    if "、" not in listed or _VAGUE_PLACE.search(listed):
        listed = place or ""
    if not listed and (after := _AFTER_DEICTIC.search(sentence)):
        listed = after[1]
    listed = _without_brackets(listed).strip(" ，,。")
    return "" if not listed or _VAGUE_PLACE.search(listed) or listed.startswith(("因", "由于")) else listed


_VAGUE_PLACE = re.compile(r"下列|以下|如下|下述|上述|公司|[我本]")
_AFTER_DEICTIC = re.compile(
    r"(?:(?:下列|以下|如下)(?:区域|地区|范围|路段|线路|小区|用户|地段)|(?:暂停|停止)供[水电電气氣热熱暖]|停[水电電气氣热熱暖])[^：:。]{0,8}[：:]\s*([^。；;\n]{2,80})"
)


def _line_above(text: str, art: Article, at: int) -> str:
    """The last non-empty line of the article before ``at`` (a heading such as 二、征稿时间)."""
    end = at
    while end > art.body_start and text[end - 1].isspace():
        end -= 1
    start = max(text.rfind("\n", art.body_start, end) + 1, art.body_start)
    return text[start:end]


# A title that already names a ceremony; a sentence that says something opens
_CEREMONY_WORD = re.compile(r"开幕|闭幕|仪式|典礼|式$|启动|揭牌|颁奖|开营|开赛|开园|开馆")
_OPENS = re.compile(r"开幕|拉开帷幕|启幕|揭幕")


# How long a closure lasts, at the end of its title (闭馆一天): the notice's end says it
_HOW_LONG = re.compile(r"(?<=..)[一二两三四五六七八九十半\d]+\s*(?:个)?(?:天|日|小时|周)$")


# A clause that only closes a window (…至6月30日止截稿): it says nothing of what the window is for
_CLOSING_ONLY = frozenset(("截稿", "截止", "止", "结束", "为止"))
_WINDOW_LABEL = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:的)?(?:时间|日期|期限)[:：]?")

def _headline_name(head: str, kind: str) -> str | None:
    """The happening a headline names, by the noun phrase of its kind word: “民生直通车”热线."""
    hit = next((h for h in detect_kinds(head) if h.kind == kind), None)
    if hit is None:
        return None
    phrase = noun_phrase(head, hit.start, hit.word, ())
    return phrase if len(phrase) >= 2 else None


def _cause_last(title: str, kind: str) -> str:
    """A two-part headline, the part without the happening in brackets after the part with it.

    Example: _cause_last("东湖水厂检修 城区部分区域停水", "outage") == "城区部分区域停水(东湖水厂检修)".
    """
    parts = title.split(" ")
    if len(parts) != 2 or min(len(p) for p in parts) < 2:
        return title
    said = [any(h.kind == kind for h in detect_kinds(p)) for p in parts]
    if said == [False, True] and title_words().works.search(parts[0]):
        return shorten(f"{parts[1]}({parts[0]})")
    return title


def _without_brackets(place: str) -> str:
    return re.sub(r"[(（][^)）]*[)）]?", "", place)


_COARSE = (Grain.WEEK, Grain.MONTH, Grain.YEAR)


# A title that says what happens but not to what: 放假闭馆, 正常开放, 恢复正常办公
_NAMES_NO_ONE = re.compile(r"^(?:.{0,2}(?:闭馆|开放|休息|营业|办公|停业|休馆|闭园)|(?:恢复|正常|暂停|放假|停止|假期|期间)).{0,6}$")


_ACTION_WORDS: tuple[str, ...] = ("报名", "报到", "登记", "预约", "申报", "提交", "报送", "申请", "投稿", "征稿", "截止")






@lru_cache(maxsize=64)
def _in_article(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The first match of an article-wide field (会议名称：, 报名地点：) in ``text[lo:hi]``,
    searched once per article, not once per happening (a page of many stays linear).

    Example: _in_article(_NAME_LINE, "会议名称：全市防汛工作会议\n时间：…", 0, 20)[1] == "全市防汛工作会议".
    """
    return pattern.search(text, lo, hi)


def earlier_name(text: str, art: Article, upto: int, *, channels: bool = True) -> str | None:
    """The first quoted name in the article before ``upto`` that is not a law or rule it cites
    (nor, with ``channels=False``, an account, site or app where something is done)."""
    for m in QUOTED_NAME.finditer(text, art.body_start, upto):
        inner = m[1] or m[2] or m[3]
        if not CITED_RULE.search(inner) and (channels or not names_a_channel(text, m)):
            return shorten(compact_document(m[0]), 24)
    return None


_ALL_TRIGGERS = frozenset(w for spec in kinds() for w in spec.triggers)
# Triggers that name a part of the article's main happening (开幕式 of a 文化节), not a show of its own
_PART_TRIGGERS = frozenset(w for spec in kinds() if spec.name in ("ceremony", "meeting", "deadline", "other") for w in spec.triggers)


_OPENABLE = frozenset(w for spec in kinds() if spec.name in ("activity", "exhibition") for w in spec.triggers)


_GOVERNING = frozenset(("接听", "做客", "接访", "接话", "接电"))  # verbs whose object is the programme or line
_BROADCAST = frozenset(("播出", "重播", "直播", "首播", "转播"))


def _clean_channel(title: str, verb: str) -> str:
    """Who broadcasts, from a title such as 江城电视台、江城新闻网播出: the first channel, 等 for the rest."""
    channel = re.sub(rf"(?:进行|对节目进行|将)?(?:现场)?{verb}.*$", "", title) or title
    channel = re.sub(r"[(（][^()（）]*[)）]", "", channel)  # 某某人民广播电台(AM990、FM93.4): the frequencies
    head, _, rest = channel.partition("、")
    return head + "等" if rest and len(channel) > 12 else channel


_OPENS_WORD = r"(?:开幕|开展|开园|开市)$"
# …开幕 / …周六开幕 closing the title of a run whose end is known
_RUN_OPENS = re.compile(rf"(?:今天|今日|明天|明日|周[一二三四五六日]|本周[一二三四五六日]?)?{_OPENS_WORD}")
# 开幕 / 今日开幕 / 明天开幕 closing a name that will get 开幕式
_OPENING_SAID = re.compile(rf"(?:今日|今天|明日|明天|即将|将|隆重)?{_OPENS_WORD}")


def _opened_name(sentence: str, times: list[tuple[int, int]]) -> str | None:
    """The name of what opens in ``…文化节在江滨公园开幕``: the noun phrase of its trigger."""
    for word, pos in whole_words(sentence):
        if word in _OPENABLE:
            return noun_phrase(sentence, pos, word, times)
    return None


# A time line's label less its 时间 (初赛时间 → 初赛)
_LABEL_TAIL = re.compile(r"(?:的)?(?:时间|日期)$")


def _label_part(f: Frame) -> str:
    """The part of the happening a time line's label names: 初赛 of 初赛时间：9月10日 (or "")."""
    anchor = f.anchor
    part = _LABEL_TAIL.sub("", anchor.label or "") if anchor.time_line else ""
    return part if 2 <= len(part) <= 6 and detect_kinds(part) else ""


_HOLDING_VERB = re.compile(r"^(?:召开|举行|举办|开展|启动)")
_GUEST_TAIL = re.compile(r"(?<=.{2})[(（][^()（）]*[)）]$")


def subject_name(title: str) -> str | None:
    """A title cut down to the name of the happening (no verbs, at most 20 characters)."""
    name = _HOLDING_VERB.sub("", title).rstrip("…")
    name = _GUEST_TAIL.sub("", name)  # “…”热线(市交通运输局): the row's guest is not the name
    return name if 2 <= len(name) <= 30 else None


_CAUSE = re.compile(r"(?:由于|因为|因|为了|为配合|为确保|为)")


def _in_cause(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies in a clause that gives a cause (由于电线停电改造，…)."""
    lo, _ = clause_span(sentence, pos, ",，;；:：")
    return _CAUSE.match(sentence, lo) is not None


# 关于暂停供水的通知：…, 【停水】…: what wraps a sentence rather than names its happening
_WRAPPER = re.compile(r"(?:关于[^，,。:：]{2,30}?的?|^\s*[^，,。:：]{1,8})(?:通知|公告|通告|启事|提示)[:：]?")
_TAG = re.compile(rf"\s*(?:[{PICTOGRAPH_RANGES}]\ufe0f?\s*)?【[^】]*】")  # (💧【停水】 too)
_HOLDS = re.compile(r"召开|举行|举办")
_ITEM_LABEL = re.compile(r"^\s*(?:\d{1,2}[.、．]\s*)?[^，,。:：\d]{2,8}(?<!时间)(?<!日期)(?<!时段)[:：]")  # 2. 徒步活动: (not 停电时间:)


def title_word(sentence: str, kind: str, at: int, place: str | None = None) -> tuple[str, int] | None:
    """The trigger of ``kind`` that names the happening: in the clause of the
    time at ``at``, a noun before a verb (会议 over 召开), the longest, the nearest;
    never one inside the place's name (热线 of 到区12345热线中心接听)."""
    triggers = set(kind_spec(kind).triggers)
    words = [(w, pos) for w, pos in whole_words(sentence) if w in triggers]
    if place and (p0 := sentence.find(place)) >= 0:
        words = [wp for wp in words if not p0 <= wp[1] < p0 + len(place)] or words
    wrapper = _WRAPPER.search(sentence)
    if wrapper:
        words = [wp for wp in words if not wrapper.start() <= wp[1] < wrapper.end()] or words  # 关于暂停供水的通知：… names the page
    tag = _TAG.match(sentence)
    if tag:
        words = [wp for wp in words if wp[1] >= tag.end()] or words  # 【停水】…小区停水: the tag only files the item
    label = _ITEM_LABEL.match(sentence)
    if label:
        words = [wp for wp in words if wp[1] >= label.end()] or words  # 2. 徒步活动:…，“春暖淄博”全民健身徒步活动将在…: so does a label
    if not words:
        return None
    lo, hi = clause_span(sentence, at)
    words = [wp for wp in words if not _in_cause(sentence, wp[1])] or words
    own = [wp for wp in words if lo <= wp[1] < hi] or words
    best = max(own, key=lambda wp: (wp[0] not in VERB_TRIGGERS, len(wp[0]), -abs(wp[1] - at)))
    after = sentence[best[1] + len(best[0]):clause_span(sentence, best[1])[1]]
    holds = _HOLDS.search(after)
    if best[0] not in VERB_TRIGGERS and holds:
        # 常委会将于…召开第二十一次会议: the trigger after the verb is the happening, the one before holds it
        later = [wp for wp in own if wp[0] not in VERB_TRIGGERS and wp[1] >= best[1] + len(best[0]) + holds.end()]
        if later and ORDINAL_ONLY.match(noun_phrase(sentence, (first := min(later, key=lambda wp: wp[1]))[1], first[0], ())):
            best = first
    if best[0] not in VERB_TRIGGERS:
        # 接听12345热线, 做客直播间: a verb trigger governing the noun's phrase tells who does what
        governs = [
            wp for wp in own
            if wp[0] in VERB_TRIGGERS and wp[0] in _GOVERNING
            and 0 <= best[1] - (wp[1] + len(wp[0])) <= 8 and same_phrase(sentence, wp[1] + len(wp[0]), best[1])
        ]
        if governs:
            return governs[-1]
    opening, closer = max((sentence.rfind("“", 0, best[1]), "”"), (sentence.rfind("《", 0, best[1]), "》"))
    if opening >= 0 and closer not in sentence[opening:best[1]]:
        # 做客“民生热线”节目, 做客市电视台《政风热线》: the quoted name is the object; the verb before it tells who does what
        verb = next(
            (
                wp for wp in own
                if wp[0] in VERB_TRIGGERS and 0 <= opening - (end := wp[1] + len(wp[0])) <= 8 and same_phrase(sentence, end, opening)
            ),
            None,
        )
        if verb is not None:
            return verb
    # 常委会第二十四次会议: a later noun trigger in the same phrase is its head
    for word, pos in sorted(own, key=lambda wp: wp[1]):
        end = best[1] + len(best[0])
        if word not in VERB_TRIGGERS and best[0] not in VERB_TRIGGERS and end <= pos <= end + 12 and same_phrase(sentence, end, pos):
            best = (word, pos)
    return best


_ORGANIZER = re.compile(r"由([^，,。；;]{2,40}?)(?:联合)?(?:主办|举办|承办|组织)")


def organizer_in(sentence: str) -> str | None:
    m = _ORGANIZER.search(sentence)
    return m[1] if m else None


# "the following areas": the places are listed elsewhere (停水范围：…)
# 就《…》…听取意见 / 对《…》举行听证: the text a hearing is about (not a law it is held under)
_HEARD_ON = re.compile(r"(?:就|对|围绕)(《[^》]{2,40}》)")
# A clause that only says when (节目时间为每天…, 开放时间是…)
_WHEN_CLAUSE = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:时间|日期|时段)(?:为|是|[:：])")
# 活动名称：… / 会议名称：…: the happening's own name, given as a field
_NAME_LINE = re.compile(
    r"^[ \t]*(?:[一二三四五六七八九十\d]{1,2}[.、．][ \t]*)?[^\s:：，,。]{0,4}名称[:：][ \t]*([^\n。；;]{4,30})[。；;]?[ \t]*$", re.M
)
# 听证事项：… / 会议主题：…: what a happening named only by its kind is about
_ABOUT_LINE = re.compile(r"(?:^|\n)\s*(?:\d{1,2}[.、．]\s*)?[^\s:：，,。]{0,4}(?:事项|议题|主题)[:：][ \t]*([^\n。；;]{4,24})(?=[。；;]?\s*(?:\n|$))")
# The supply an outage stops, ending its title (…暂停供气, 停止供電, 停水)
_SUPPLY_END = re.compile(r"(?:(?:将)?(?:暂停|停止|中断)(?:供水|供电|供電|供气|供氣|供热|供熱|供暖|送电)|停水|停电|停電|停气|停氣|停热|停暖)$")
_SUPPLY_COLON = re.compile(r"(?:供[水电電气氣热熱暖]|停[水电電气氣热熱暖])[:：]")
# Who or where before it that a reader cannot use: 以下区域, 我公司, a list of places, 部分区域
_VAGUE_AREA = re.compile(r"、|等|周边|沿线|^(?:部分|相关|有关|[东南西北]?部)?(?:区域|片区|地区)$|部分(?:区域|片区|地区|小区|用户)")
_DEICTIC = re.compile(r"(?:对)?(?:下列|以下|如下|下述|上述)(?:区域|地区|范围|路段|线路|小区|用户|地段)")


_PLACE_LINE = re.compile(
    rf"(?:^|\n)\s*(?:\d{{1,2}}[.、．]\s*)?(?:[^\s:：，,。]{{0,5}}地[点址]|{AREA_LABEL})[:：][ \t]*([^\n。;；]{{0,40}})"
)


# An item of the list under an empty "停水范围：" line: 1．城东区：建设路…
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.、．]|[(（]?[一二三四五六七八九十]{1,3}[)）、]|[①-⑳])\s*([^\n：:，,。；;]{2,16})")


_PLACE_COLUMNS = ("范围", "区域", "地点", "地址", "路段", "地段", "小区", "用户", "线路")


def _cell_place(top: Topic) -> str | None:
    """A table row's place: the cell under the header 停电范围 (else 地点, 区域…, the line last)."""
    for column in _PLACE_COLUMNS:
        for name, cell in zip(top.columns, top.cells):
            if column in name and len(cell) >= 2 and not re.search(r"\d{1,2}\s*[:：月]", cell):
                return cell
    return None


_LINE_LABEL = re.compile(r"(?:停电|检修|施工)?线路(?:名称)?[:：][ \t]*([^\s，,。；;、]{3,24})")


def _section_line(text: str, tops: list[Topic], topic: int, art: Article) -> str | None:
    """The ``停电线路：`` line of a section of an outage notice (10kV北环线), if it has one."""
    k = next((i for i, t in enumerate(tops) if t.id == topic), None)
    if k is None:
        return None
    lo, hi = tops[k].start, (tops[k + 1].start if k + 1 < len(tops) else art.end)
    m = _LINE_LABEL.search(text, lo, hi)
    return m[1].strip() if m else None


def topic_place(text: str, tops: list[Topic], topic: int, art: Article) -> str | None:
    """The ``地点：`` line of the happening's own row or section."""
    row = next((t for t in tops if t.id == topic), None)
    if row is not None and row.columns:
        return _cell_place(row)
    if topic == 0:
        # the lead's happening: its details may come under later headings
        lo, hi = tops[0].start, art.end
    else:
        k = next(i for i, t in enumerate(tops) if t.id == topic)
        lo, hi = tops[k].start, (tops[k + 1].start if k + 1 < len(tops) else art.end)
    m = _PLACE_LINE.search(text, lo, hi)
    if m is None:
        return None
    place = m[1].strip(" ,，。")
    if len(place) >= 2:
        return place
    # the places are the items listed under the label: their heads, 城东区、城西区
    heads: list[str] = []
    for line in text[m.end():hi].split("\n")[1:]:
        item = _LIST_ITEM.match(line)
        if item is None:
            if line.strip():
                break
            continue
        heads.append(item[1])
    return "、".join(heads[:3]) + ("等" if len(heads) > 3 else "") if heads else None
