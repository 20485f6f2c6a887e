"""Names some kinds of happening take from their own sentence: a court session its
case (…审理原告甲公司诉被告乙买卖合同纠纷一案), a power outage the lines it is on
(对10kV东风线、10kV建设线进行迁改), a show the quoted name the page gives it
(“寻迹——近现代江南民居影像展”展出以来).

Example: court_case("公开开庭审理被告人蒋某某涉嫌非法吸收公众存款一案") == "被告人蒋某某非法吸收公众存款案".
"""

from __future__ import annotations

import re


def court_case(sentence: str) -> str | None:
    """The case a court session hears, shortly: who sues whom over what, or whom the
    charge is against (…审理原告甲公司诉被告乙、丙买卖合同纠纷一案 → 甲公司诉乙等买卖合同纠纷案).

    Example: court_case("定于7月5日上午9时公开开庭审理被告人蒋某某涉嫌非法吸收公众存款一案")
    == "被告人蒋某某非法吸收公众存款案".
    """
    m = _CASE.search(sentence) or _CASE_FIRST.search(sentence)
    if m is None or m[1].startswith(("一起", "一宗", "一批", "多起")):
        return None  # 审理一起非法集资案: no case of its own to name; the court says more
    case = _COMPANY.sub("公司", re.sub(r"涉嫌", "", m[1]))
    if "诉" in case:
        plaintiff, rest = case.split("诉", 1)
        plaintiff = _CITY_HEAD.sub("", re.sub(r"^(?:原告|上诉人|申请人)", "", plaintiff))
        # the cause of action follows the last party (…公司, 某某): 买卖合同纠纷
        cut = max(rest.rfind("公司") + 2, rest.rfind("某") + 1, 0) if rest.endswith(("纠纷", "争议")) else len(rest)
        parties = re.sub(r"^(?:被告|被上诉人|被申请人)", "", rest[:cut])
        first = _CITY_HEAD.sub("", re.split(r"[、，,和及与]", parties)[0])
        more = "等" if re.search(r"[、，,和及与]", parties) else ""
        case = f"{plaintiff}诉{first}{more}{rest[cut:]}"
    return case + "案" if 4 <= len(case) <= 36 else None


# 公开开庭审理原告…诉被告…纠纷一案 / 审理被告人…涉嫌…一案: the case the session hears
_CASE = re.compile(r"审理\s*((?:原告|上诉人|申请人|被告人)?[^，,。；;]{4,70}?)\s*一?案")
# 原告甲诉被告乙…纠纷一案，定于…开庭审理: the case named before the session's time
_CASE_FIRST = re.compile(r"((?:原告|上诉人|申请人|被告人)[^，,。；;]{2,70}?)\s*一?案\s*[,，]?\s*(?:定于|将于|拟于|于)")
_COMPANY = re.compile(r"有限(?:责任)?公司|股份有限公司")
_CITY_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,3}[市县区](?=[\u4e00-\u9fff]{4})")


def power_lines(sentence: str) -> str | None:
    """The power lines a sentence names, joined (the kV of later ones dropped), or None.

    Example: power_lines("公司将对10kV东风线、10kV建设线进行迁改") == "10kV东风线、建设线".
    """
    found = [m[0] for m in _POWER_LINE.finditer(sentence)]
    if not found:
        return None
    rest = [KV.sub("", line, count=1).strip() for line in found[1:]]
    return "、".join(dict.fromkeys([found[0].strip(), *rest]))


KV = re.compile(r"\d+\s*(?:kV|KV|kv|千伏)\s*")
_POWER_LINE = re.compile(r"\d+\s*(?:kV|KV|kv|千伏)\s*[\u4e00-\u9fff\dⅠⅡⅢⅣ#]{1,8}?(?:线|回|線)(?![路段])")
# 对10kV…线进行检修 / 迁改 / 杆线迁移: the works on the line
LINE_WORKS = re.compile(r"(?:线|回|線)[^，,。；;]{0,12}?(?:进行|实施|开展)?(检修|迁改|改造|杆线迁移|线路迁移|迁移|切改|消缺|技改|升级改造)")


def show_name(title: str, sentence: str, before: str, head: str) -> str | None:
    """The quoted name of the show an exhibition's title does not name (a clause about it:
    展出以来, 展出明清瓷器160件, 开幕的特展, 市美术馆1号展厅展出): the first such name in its
    own sentence, else the last one before it in the article, else the headline's.

    Example: show_name("展出以来", "9月12日开幕的“寻迹——江南民居影像展”展出以来，已接待观众2.3万人次", "", "")
    == "“寻迹——江南民居影像展”".
    """
    if _QUOTED.search(title) or (_SHOW_HEAD.search(title) and not _ABOUT_SHOW.match(title)):
        return None  # 重庆市政协书画摄影展, “古城记忆”老照片展: the title names the show
    for names in (_shows(sentence), _shows(before)[::-1], _shows(head)):
        if names:
            return names[0]
    return None


def _shows(text: str) -> list[str]:
    """The shows a text names: a quoted name ending in a show word, or followed by the words
    that end in one ("盛世华章"庆祝建市40周年书画展); straight quotes become curly ones."""
    return [re.sub(r'^"([^"]*)"', r"“\1”", m[0]) for m in _SHOW.finditer(text) if _SHOW_HEAD.search(m[0].rstrip('”」"'))]


_QUOTED = re.compile(r"“[^”]{2,40}”|「[^」]{2,40}」|《[^》]{2,40}》|\"[^\"\n]{2,40}\"")
# A quoted name and the words after it up to a show word (not 展出, 展期, 展厅)
_SHOW = re.compile(
    r"(?:“[^”]{2,40}”|「[^」]{2,40}」|\"[^\"\n]{2,40}\")(?:[\u4e00-\u9fff\d]{0,16}?(?:展览|展销会|博览会|灯会|展)(?!览|销|会|馆|厅|区|出|期|示|开))?"
)
# What a show's name ends with (…影像展, …精品展览, …博览会)
_SHOW_HEAD = re.compile(r"(?:展|展览|博览会|展销会|灯会)$")
# A title that speaks about the show rather than naming it: 该展, 本次展览, 开幕的特展
_ABOUT_SHOW = re.compile(r"^(?:该|本|此|这|开幕的|[\u4e00-\u9fff]{0,4}的)?(?:次|个)?(?:特展|展览|展)$")
