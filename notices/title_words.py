"""Shorter official names for titles: what a reader needs of a long name.

Titles quote the page's own names, and official names are long: a company
with its legal form before the plant that stops, a document with its issuer,
``关于…的`` and a draft note around its subject, an official with the people
he brings along. These productions cut those words (listed in
``data/titles.toml``) and never the tail of a name.

Example: compact_name("平川市某某水务有限公司东水厂停水") == "平川市东水厂停水".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class TitleWords:
    """The word lists of ``data/titles.toml``, compiled into the patterns that use them.

    Example: title_words().generic_head.fullmatch("行政决策听证会") is not None.
    """

    legal_form: re.Pattern[str]
    company_unit: re.Pattern[str]
    document: re.Pattern[str]
    draft: re.Pattern[str]
    document_de: re.Pattern[str]
    companion: re.Pattern[str]
    self_word: re.Pattern[str]
    generic_head: re.Pattern[str]
    generic_call: re.Pattern[str]
    works: re.Pattern[str]
    who_column: re.Pattern[str]
    not_who_column: re.Pattern[str]
    schedule_tail: re.Pattern[str]
    bare_kind: re.Pattern[str]
    line_turn: re.Pattern[str]
    line_verbs: frozenset[str]
    person: re.Pattern[str]
    subject_column: re.Pattern[str]
    part_column: re.Pattern[str]
    subject_owner: re.Pattern[str]
    due_manner: re.Pattern[str]
    hearing_role: re.Pattern[str]
    hearing_role_default: str
    exam_actor: re.Pattern[str]
    step_paper: re.Pattern[str]
    exam_step: re.Pattern[str]
    exam_owner: re.Pattern[str]


def _alt(words: list[str]) -> str:
    """An alternation of ``words``, longest first (有限责任公司 before 有限公司)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def title_words() -> TitleWords:
    """The title word lists, loaded once.

    Example: title_words().self_word.search("我厅决定召开听证会") is not None.
    """
    data = tomllib.loads(resources.files("notices").joinpath("data/titles.toml").read_text(encoding="utf-8"))
    legal, units = _alt(data["legal_forms"]), _alt(data["units"])
    verbs, docs = _alt(data["wrapping_verbs"]), _alt(data["document_words"])
    return TitleWords(
        legal_form=re.compile(legal),
        # 平川市 | 清源水务有限公司 | 东水厂: the place, the company, the unit that stops
        company_unit=re.compile(
            rf"((?:[\u4e00-\u9fff]{{2,4}}(?:省|市|县|区))?)[\u4e00-\u9fff]{{2,16}}?(?:{legal})(?=[\u4e00-\u9fff]{{0,6}}(?:{units}))"
        ),
        # 某县人民政府关于印发…的通知: the issuer, 关于 and the verb that wraps the name
        document=re.compile(rf"^[\u4e00-\u9fff]{{0,20}}?关于(?:{verbs})?"),
        draft=re.compile(rf"[(（][^()（）]*(?:{_alt(data['draft_words'])}|\d{{4}})[^()（）]*[)）]"),
        document_de=re.compile(rf"的(?={docs})"),
        companion=re.compile(rf"(?:带领|率领|率|陪同)[^，,。；;：:]{{2,30}}?(?:{_alt(data['companions'])})"),
        self_word=re.compile(_alt(data["self_words"])),
        generic_head=re.compile(rf"[\u4e00-\u9fff]{{0,4}}(?:{_alt(data['generic_heads'])})"),
        generic_call=re.compile(rf"(?:并(?:回复|解答))?(?:[\u4e00-\u9fff]{{0,4}}打进的)?(?:{_alt(data['generic_calls'])})"),
        works=re.compile(_alt(data["works"])),
        who_column=re.compile(_alt(data["who_columns"])),
        not_who_column=re.compile(_alt(data["not_who_columns"])),
        schedule_tail=re.compile(rf"(?:的)?(?:具体)?(?:{_alt(data['schedule_words'])})$"),
        # 岑川市“12345市长热线”上线: the page's place, the quoted line, what the row's who does with it
        line_turn=re.compile(
            rf"(?:[\u4e00-\u9fff]{{2,6}}?[省市县区])?([“《][^”》]{{2,20}}[”》](?:热线)?(?:节目|栏目)?)({_alt(data['line_verbs'] + data['line_duties'])})"
        ),
        line_verbs=frozenset(data["line_verbs"]),
        person=re.compile(rf"(?:{_alt(data['person_titles'])})\s*[\u4e00-\u9fff]{{2,3}}$"),
        subject_column=re.compile(_alt(data["subject_columns"])),
        part_column=re.compile(_alt(data["part_columns"])),
        subject_owner=re.compile(_alt(data["subject_owners"])),
        due_manner=re.compile(rf"^(?:{_alt(data['due_manners'])})"),
        hearing_role=re.compile(_alt(data["hearing_roles"])),
        hearing_role_default=data["hearing_role_default"],
        # 审核通过的考生 / 笔试: who takes the step, or the exam's bare word, before the step
        exam_actor=re.compile(rf"^(?:[^，,。；;]{{0,10}}的)?(?:{_alt(data['exam_actors'])})|^(?:{_alt(data['exam_words'])})(?=\S{{2}})"),
        step_paper=re.compile(rf"({_alt(data['step_verbs'])})({_alt(data['step_papers'])})"),
        exam_step=re.compile(rf"(?:{_alt(data['exam_steps'])})截止"),
        # 2020年黄冈市事业单位公开招聘笔试时间调整的公告 → 黄冈市事业单位公开招聘
        exam_owner=re.compile(
            rf"^(?:关于)?(?:\d{{4}}\s*年度?(?:[上下]半年)?)?([\u4e00-\u9fff\d]{{2,24}}?(?:{_alt(data['exam_owners'])})"
            rf"(?:[\u4e00-\u9fff]{{0,4}}?(?:{_alt(data['exam_recruits'])}))?)"
        ),
        # 首场活动, 本次会议, 第二次全体会议: a word that points at one of a series, then the kind
        bare_kind=re.compile(
            rf"(?:{_alt(data['bare_kind_leads'])}|(第[一二三四五六七八九十\d]{{1,3}}[次场期]))?([\u4e00-\u9fff]{{2,6}})"
        ),
    )


def compact_name(title: str) -> str:
    """A title with a company's name dropped before its unit, and any legal form when long.

    Lists of four or more names keep three, runs of titled works their first.

    Example: compact_name("平川市清源水务有限公司东水厂停水") == "平川市东水厂停水".
    """
    words = title_words()
    if "公司" in title:
        title = words.company_unit.sub(r"\1", title)
    if "、" in title and "等" in title:
        title = _LONG_LIST.sub(r"\1等", title)  # 鼓楼、仓山、台江、晋安、马尾等部分地区 → 鼓楼、仓山、台江等部分地区
    if title.count("《") >= 2:
        title = _WORKS.sub(r"\1等", title)  # 专场《谢瑶环》《杨八姐游春》《凤还巢》 → 专场《谢瑶环》等
    if len(title) > 30:
        title = words.legal_form.sub("", title)  # …建设有限公司关于… over 30 characters: the form goes first
    return title


# Four or more names listed before 等 (a list a reader skims): the first three stand for them
_LONG_LIST = re.compile(r"([^、，,。；;\s等]{2,8}(?:、[^、，,。；;\s等]{1,8}){2})(?:、[^、，,。；;\s等]{1,8})+等")
# Several titled works in a row: the first stands for them
_WORKS = re.compile(r"(《[^》]{1,20}》)(?:[、和及]?《[^》]{1,20}》)+(?:等)?")


def compact_document(name: str) -> str:
    """A quoted document's name without issuer, ``关于…的``, draft note or years.

    Only names a title would have to cut are shortened (over 24 characters); a short
    name is already what a reader says.

    Example: compact_document("《某县人民政府关于发布禁渔区和禁渔期的通告（征求意见稿）》")
    == "《禁渔区和禁渔期通告》".
    """
    if not (name.startswith("《") and name.endswith("》")) or len(name) <= 24:
        return name
    words = title_words()
    inner = words.draft.sub("", name[1:-1])
    cut = words.document.sub("", inner)
    if cut != inner:
        # 关于…的通知 wraps what it prints: 关于印发X规定的通知 → X规定
        cut = re.sub(r"的?(?:通知|公告)$", "", cut) if re.search(r"(?:规定|办法|条例|细则|方案|规划|意见)的?(?:通知|公告)$", cut) else cut
        cut = words.document_de.sub("", cut)
    return f"《{cut}》" if len(cut) >= 4 else name


def without_companions(clause: str) -> str:
    """A clause without the people an official brings along.

    Example: without_companions("市领导带领市直有关部门负责同志到热线受理中心") == "市领导到热线受理中心".
    """
    return title_words().companion.sub("", clause)


def speaks_as_itself(sentence: str) -> bool:
    """Whether a sentence names its own body as the actor (我厅决定…, 本局将…).

    Example: speaks_as_itself("我局定于5月28日召开听证会") is True.
    """
    return title_words().self_word.search(sentence) is not None


def bare_kind_of(title: str) -> re.Match[str] | None:
    """A title that is only a kind word after a word that points at one of a series
    (首场, 本次, 该) or its session (第二次): group 1 the session, group 2 the kind word.

    Example: bare_kind_of("首场活动")[2] == "活动"; bare_kind_of("第二次全体会议")[1] == "第二次".
    """
    return title_words().bare_kind.fullmatch(title)


def generic_kind(title: str) -> bool:
    """Whether a title names a happening only by its kind (听证会, 行政决策听证会).

    Example: generic_kind("新闻发布会") is True; generic_kind("城市供水价格调整听证会") is False.
    """
    return title_words().generic_head.fullmatch(title) is not None


def generic_call(title: str) -> re.Match[str] | None:
    """The generic object that ends a title of answering calls (…接听市民来电), if any.

    Example: generic_call("副市长黄某接听市民来电")[0] == "市民来电".
    """
    at = title.rfind("接听")
    if at < 0:
        return None
    return title_words().generic_call.fullmatch(title, at + 2)


def short_place(place: str, limit: int = 16) -> str:
    """A place a title can lead with: whole names of a list up to ``limit`` characters, then 等; never a cut name.

    Example: short_place("城关镇人民路、解放街、新华路部分用户") == "城关镇人民路、解放街等".
    """
    if len(place) <= limit:
        return place
    items = place.split("、")
    kept = items[0]
    for item in items[1:]:
        if len(kept) + 1 + len(item) > limit - 1:
            break
        kept += "、" + item
    if len(items) > 1:
        return kept + "等"
    return re.split(r"[(（，,]", place)[0]  # one long name: whole, up to a bracket


# A period a schedule covers (2016年第四季度, 2025年上半年, 11月份): the page's, not the happening's
_PERIOD = re.compile(
    r"\d{4}\s*年度?(?:第?[一二三四1-4]季度|[上下]半年|\d{1,2}\s*月份?(?!\s*\d))?|第?[一二三四]季度|[上下]半年|\d{1,2}\s*月份?(?![\d日号])"
)
_PUBLISHING = re.compile(r"^(?:关于)?(?:公布|公示|发布|印发|通报)")


def schedule_happening(head: str, columns: tuple[str, ...]) -> str | None:
    """The happening a schedule's headline names, without its period, the word for the table and its columns.

    Example: schedule_happening("沅石县2016年第四季度县级领导公开接访安排表", ("日期", "接访领导"))
    == "沅石县县级领导公开接访".
    """
    text = _PERIOD.sub("", _PUBLISHING.sub("", head.strip()))
    text = title_words().schedule_tail.sub("", title_words().schedule_tail.sub("", text))  # 上线单位安排表: both words
    for column in sorted(columns, key=len, reverse=True):
        if len(column) >= 2 and text.endswith(column):
            text = text[: -len(column)]  # 溪宁县“政风行风热线”上线单位(安排): the table's column, not the happening
            break
    text = text.strip(" ·,，、:：")
    return text if len(text) >= 2 else None


def line_turn(happening: str) -> str | None:
    """What a schedule row's who does on a quoted line, for the who to lead: the verb
    before the line when it takes the line as its object (接听“县长热线”), after it else
    (“局长热线”值班); the page's place before the line goes (the who names the body).

    Example: line_turn("临泽县“县长热线”接听") == "接听“县长热线”"; line_turn("渠阳县“局长热线”值班") == "“局长热线”值班".
    """
    words = title_words()
    m = words.line_turn.fullmatch(happening)
    if m is None:
        return None
    return m[2] + m[1] if m[2] in words.line_verbs else m[1] + m[2]


def row_who(columns: tuple[str, ...], cells: tuple[str, ...], *, acting: bool = False) -> str | None:
    """Who takes a schedule row's turn: the cell under 接访领导, 上线单位… (not 陪同接待单位).

    Example: row_who(("日期", "接访领导", "接访地点"), ("10月12日", "县委书记 邓庆林", "县群众来访接待中心"))
    == "县委书记邓庆林"; with ``acting`` (the who leads what is done) a body's cell and its
    person's join: row_who(("日期", "单位", "接听人"), ("4月10日", "县住建局", "局长 曹文斌"), acting=True)
    == "县住建局局长曹文斌".
    """
    words = title_words()
    found = [
        who
        for name, cell in zip(columns, cells)
        if words.who_column.search(name) and not words.not_who_column.search(name)
        and 2 <= len(who := re.sub(r"\s+", "", cell)) <= 24 and not re.search(r"\d", who)
    ]
    if acting and len(found) >= 2 and words.person.search(cell_of := found[1]) and not words.person.search(found[0]) and len(found[0] + cell_of) <= 24:
        return found[0] + cell_of  # | 县住建局 | 局长 曹文斌 |: the body and who answers for it
    return found[0] if found else None


# 因…施工需要， / 由于…抢修， : the works an outage is for, in its cause clause
_CAUSE_WORKS = re.compile(r"(?:因|由于|为配合|配合)([^，,。；;：:因]{2,40}?)(?:工程|作业|工作)?(?:的)?(?:需要|影响|原因)?(?=[，,。；;])")
_WORKS_NOISE = re.compile(r"[(（][^()（）]*[)）]|DN\s*\d+|[Φφ]\s*\d+")


def works_named(sentence: str) -> str | None:
    """The works a text gives as an outage's cause (the last one), without sizes and bracketed stretches.

    Example: works_named("因梧桐路（东环路至北环路段）DN600供水主管道改造，我公司定于…暂停供水")
    == "梧桐路供水主管道改造".
    """
    words = title_words()
    found = None
    for m in _CAUSE_WORKS.finditer(sentence):
        works = _WORKS_NOISE.sub("", m[1]).strip()
        if 4 <= len(works) <= 24 and words.works.search(works[-4:]):
            found = works  # the last cause before the outage is its own
    return found


# Columns of when and where: never what a row is (活动时间, 考试地点)
_WHEN_WHERE_COLUMN = re.compile(r"时间|日期|时段|地点|地址|线路|線路|电话|联系")


def row_subject(columns: tuple[str, ...], cells: tuple[str, ...]) -> str | None:
    """What a table row is, by the cell under its subject column (科目, 剧目, 节目…).

    Example: row_subject(("日期", "时间", "剧目", "地点"), ("5月2日", "19:30", "越剧《梁祝》", "市大剧院"))
    == "越剧《梁祝》".
    """
    words = title_words()
    return next(
        (
            subject
            for name, cell in zip(columns, cells)
            if words.subject_column.search(name) and not _WHEN_WHERE_COLUMN.search(name)
            and 2 <= len(subject := re.sub(r"\s+", "", cell)) <= 24 and not re.search(r"\d{1,2}\s*[:：月日]", subject)
            and not _ORDINAL_CELL.fullmatch(subject)  # | 第一场 | … | 制造业专场 |: which session, not what
        ),
        None,
    )


_ORDINAL_CELL = re.compile(r"第[\d一二三四五六七八九十百]+[场期批次轮届号]")


def row_part(columns: tuple[str, ...], cells: tuple[str, ...]) -> str | None:
    """Which buildings or blocks a table row covers, by the cell under 楼栋, 楼号…

    Example: row_part(("日期", "时间", "楼栋"), ("5月6日", "9:00-11:00", "5-8幢")) == "5-8幢".
    """
    words = title_words()
    return next(
        (re.sub(r"\s+", "", cell) for name, cell in zip(columns, cells) if words.part_column.search(name) and 1 <= len(cell.strip()) <= 16),
        None,
    )


def subject_owner(head: str) -> re.Match[str] | None:
    """Where a headline names the happening a bare subject cell is part of (高考, 比赛…), if it does.

    Example: subject_owner("2025年全市中学生运动会比赛日程")[0] == "比赛".
    """
    return title_words().subject_owner.search(head)


def hearing_signup(title: str, sentence: str) -> str | None:
    """A hearing's registration says who registers: the group the sentence names before its
    报名 (消费者代表, 旁听人员), else the hearing's participants (参加人).

    Example: hearing_signup("水价调整听证会报名截止", "消费者代表请于5月8日前报名") == "水价调整听证会消费者代表报名截止".
    """
    done = re.search(r"(听证会?)(报名|登记)截止$", title)
    if done is None:
        return None
    words = title_words()
    act = re.search(done[2] + r"(?!方式|时间|地点|办法|条件|事项|[:：])", sentence)  # the act, not a 报名方式： label
    before = sentence[: act.start() if act else len(sentence)]
    role = words.hearing_role.search(before)
    who = role[0] if role else ("旁听人员" if "旁听" in before else words.hearing_role_default)
    who = re.sub(r"^听证(?:会)?", "", who)
    return f"{title[: done.start()]}听证会{who}{done[2]}截止"


def exam_step(title: str, head: str) -> str | None:
    """An exam's step named by its paper and by the recruitment of the headline, not by who takes it.

    打印准考证 reads 准考证打印; who acts (考生, 报考人员) or a bare 笔试 before the step gives
    way to the recruitment or exam the headline names, without its year.

    Example: exam_step("考生打印准考证截止", "2020年黄冈市事业单位公开招聘笔试时间调整的公告")
    == "黄冈市事业单位公开招聘准考证打印截止".
    """
    words = title_words()
    turned = words.step_paper.sub(lambda m: m[2] + m[1], title)
    actor = words.exam_actor.search(turned)
    rest = turned[actor.end():] if actor else turned
    if not words.exam_step.fullmatch(rest):
        return turned if turned != title else None
    if not actor and rest != turned:
        return turned
    owner = words.exam_owner.match(re.sub(r"\s+", "", head))
    if owner is None:
        return turned if turned != title else None
    return re.sub(r"\d{4}\s*年度?(?:[上下]半年)?", "", owner[1]) + rest  # the year is the page's, not the step's
