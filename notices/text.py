"""Text clean-up with offsets kept: full-width folding, line rejoin, sentences,
Chinese numerals.

Decoding bytes is not done here (that is the application's job); this module
works on ``str`` only.
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from dataclasses import dataclass, field

# Full-width ASCII (U+FF01..U+FF5E) -> ASCII, ideographic space -> space.
# One character maps to one character, so folding never moves an offset.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x00A0] = 0x20
_FOLD[0x2236] = ord(":")  # RATIO, sometimes typed for a clock colon


def _traditional_pairs() -> dict[int, int]:
    """Traditional → simplified, one character for one, from OpenCC's table.

    Only characters that simplified text never uses (outside GB2312) are
    folded, so 著名 or 乾隆 in a simplified page stay as they are.
    """
    from importlib import resources

    table: dict[int, int] = {}
    try:
        data = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - the dependency is declared
        return table
    for line in data.splitlines():
        trad, _, cands = line.partition("\t")
        simp = cands.split(" ")[0] if cands else ""
        if len(trad) == 1 and len(simp) == 1 and trad != simp and not _in_gb2312(trad):
            table[ord(trad)] = ord(simp)
    return table


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


_FOLD.update(_traditional_pairs())
# Traditional characters that matter to the time grammar and the kind triggers,
# kept by hand as well (some are also GB2312 characters, such as 於).
for _trad, _simp in {
    "點": "点", "時": "时", "週": "周", "號": "号", "後": "后", "開": "开", "會": "会",
    "議": "议", "聽": "听", "證": "证", "問": "问", "熱": "热", "線": "线", "屆": "届",
    "舉": "举", "辦": "办", "將": "将", "於": "于", "這": "这", "個": "个", "內": "内",
    "禮": "礼", "電": "电", "話": "话", "臺": "台", "頒": "颁", "獎": "奖", "場": "场",
    "屬": "属", "歲": "岁", "節": "节", "慶": "庆", "陽": "阳", "閉": "闭", "館": "馆",
    "氣": "气", "斷": "断", "區": "区", "連": "连", "續": "续", "訪": "访", "談": "谈",
}.items():
    _FOLD[ord(_trad)] = ord(_simp)



def _fold_order(table: dict[str, str]) -> dict[str, int] | None:
    """For each folded character, when to replace it: a character that another
    one folds into (苧, the fold of 薴) is replaced before that one, so a
    replacement is never folded again; None when the table folds in a circle.
    """
    order: dict[str, int] = {}
    for ch in table:
        seen, depth, cur = {ch}, 0, table[ch]
        while cur in table:
            if cur in seen:
                return None
            seen.add(cur)
            depth, cur = depth + 1, table[cur]
        order[ch] = depth
    return order


# The same table as characters; folding a text replaces only the characters
# it holds (a few kinds of full-width punctuation, as a rule), one after
# another in _FOLD_ORDER: the same text as translating every character, faster.
_FOLD_CHARS = {chr(k): chr(v) for k, v in _FOLD.items()}
_FOLDED = frozenset(_FOLD_CHARS)
_FOLD_ORDER = _fold_order(_FOLD_CHARS)


def _char_class(chars: list[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


# Which folded characters a page holds, found without reading it character by
# character in Python: the full-width forms (every page has its ，) by one
# regex pass; the others (traditional characters) are only searched for, and
# a page holding one, or any character beyond the BMP (which a regex class of
# these would search slowly), is read whole.  The same set either way.
_FORMS = [chr(cp) for cp in (*range(0xFF01, 0xFF5F), 0x3000, 0x00A0, 0x2236) if chr(cp) in _FOLDED]
_FOLDED_FORMS = _char_class(_FORMS)
_FOLDED_OTHERS = _char_class([ch for ch in _FOLDED if ch not in _FORMS and ord(ch) <= 0xFFFF])
_BEYOND_BMP = re.compile("[\U00010000-\U0010FFFF]")


def _folded_present(text: str) -> frozenset[str]:
    """The characters of ``text`` that folding changes.

    Example: _folded_present("聽證會，９時") == frozenset("聽證會，９").
    """
    if _FOLDED_OTHERS.search(text) is None and _BEYOND_BMP.search(text) is None:
        return frozenset(_FOLDED_FORMS.findall(text))
    return _FOLDED.intersection(text)

DATELINE = re.compile(
    r"(?:本报|本台|本刊|[\u4e00-\u9fff]{1,12}(?:报|网|台|社|频道|客户端|融媒))"
    r"(?:[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日)?(?:讯|电|消息)"
    r"|新华社[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电"
)
"""A news dateline: 衡阳晚报讯, 本报讯, 新华社北京5月1日电, 红网长沙12月13日讯."""

_TERMINAL = "。！？!?；;：:”」』)）》…"


@dataclass(frozen=True)
class NormText:
    """Normalized text plus a map back to the original offsets.

    ``pieces`` holds (normalized offset, original offset) pairs where a run of
    one-to-one characters starts.

    Example: "４月２６日" → text "4月26日", to_original(0) == 0.
    """

    text: str
    pieces: tuple[tuple[int, int], ...]
    # The normalized offsets of ``pieces``, built once so a lookup is a bisection.
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(norm for norm, _ in self.pieces))

    def to_original(self, offset: int) -> int:
        """The original offset of a normalized offset, in O(log pieces).

        Example: normalize(body_line + "\n高度统一思想"), body_line being 40+
        characters without a full stop, drops the newline, so the offset of 高
        maps back to one more than its offset in the joined text.
        """
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return offset
        norm, orig = self.pieces[i]
        return orig + (offset - norm)


def table_cells(line: str) -> tuple[str, ...] | None:
    """The cells of a table row, else None: ``| a | b | c |`` as the input layer
    writes a Word or web table, or ``a | b | c`` as a page types one (three
    cells or more, none empty).

    Example: table_cells("| 6月10日 | 8:00-17:00 | 城关镇北街 |") == ("6月10日", "8:00-17:00", "城关镇北街");
    table_cells("停电日期 | 停电时间 | 停电范围") == ("停电日期", "停电时间", "停电范围").
    """
    s = line.strip()
    if s.count("|") < 2:
        return None
    if s.startswith("|") and s.endswith("|"):
        return tuple(c.strip() for c in s[1:-1].split("|")) if s.count("|") >= 3 else None
    if s.startswith("|") or s.endswith("|"):
        return None
    cells = tuple(c.strip() for c in s.split("|"))
    return cells if all(cells) else None


def cell_index(line_head: str) -> int:
    """Which cell of a table row a position stands in, given the row's text before it.

    Example: cell_index("| 3月17日 | 08:") == 1; cell_index("3月17日 | 08:") == 1.
    """
    bars = line_head.count("|")
    return bars - 1 if line_head.lstrip().startswith("|") else bars


def fold(text: str) -> str:
    """Full-width letters, digits and punctuation to ASCII, one char for one.

    A list number's dot before a date becomes 、 (``3.7月28日`` → ``3、7月28日``)
    so that 3.7 is not read as a decimal; that too is one character for one.

    Example: fold("９：００－１１：００") == "9:00-11:00"
    """
    return _folding(text)[0]


def folded_ideographs(text: str) -> dict[str, str]:
    """The ideographs of ``text`` that folding changes, each with its fold, in
    the order they first appear (each folds alone, one character for one).

    Example: folded_ideographs("聽證會，听证会") == {"聽": "听", "證": "证", "會": "会"}.
    """
    present = _folding(text)[1]
    if not present:
        return {}
    found = [ch for ch in present if "\u3400" <= ch <= "\u9fff"]
    found.sort(key=text.index)
    return {ch: _FOLD_CHARS[ch] for ch in found}


def _folding(text: str) -> tuple[str, frozenset[str]]:
    """The fold of ``text`` and the characters of it that fold.

    A page is folded when it is read and asked again which characters it
    writes in its own way: the last answer is kept for that.
    """
    global _last_fold
    seen, answer = _last_fold  # one read: safe if threads fold at once
    if text is seen or text == seen:
        return answer
    present = _folded_present(text)
    folded = text
    if _FOLD_ORDER is None:  # pragma: no cover - a circle in the table
        folded = text.translate(_FOLD)
    elif present:
        for ch in sorted(present, key=_FOLD_ORDER.__getitem__) if len(present) > 1 else present:
            folded = folded.replace(ch, _FOLD_CHARS[ch])
    folded = _LIST_DOT.sub("\\1、", folded)
    if "." in folded:
        folded = _CJK_STOP.sub("。", folded)
    if "曰" in folded:
        folded = _DAY_TYPO.sub("日", folded)
    answer = (_SPLIT_DAY.sub(_join_day, folded) , present)
    _last_fold = (text, answer)
    return answer


# The last text folded, with its fold and the characters that folded.
_last_fold: tuple[str | None, tuple[str, frozenset[str]]] = (None, ("", frozenset()))


def normalize(raw: str) -> NormText:
    """Fold full-width forms and rejoin lines the page layout broke mid-sentence.

    Line endings are first made ``\n`` (offsets refer to that text; the inbox
    already hands over text in that form).  A line is rejoined to the next
    non-empty line when it is long (body text, not a headline) and does not
    end a sentence; the blank lines between are dropped, nothing else moves.

    Example: "在加快项目建设中\n\n高度统一思想" (a long line before) → one line.
    """
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return _rejoin(fold(raw), 0)


# A list number before a date, "3.7月28日21:00颁奖彩排": its dot is written 、
# (one character for one) so that 3.7 is not read as a decimal.
_LIST_DOT = re.compile(r"(?m)^([ \t]*\d{1,2})\.(?=[ \t]*\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*[日号])")


# An ASCII full stop between Chinese words (…150幅.开幕式定于…) ends a sentence as 。 does
# (one character for one; 3.5万, 2023.5.1 and www.example.cn keep theirs).
_CJK_STOP = re.compile(r"(?<=[\u4e00-\u9fff）)”」》])\.(?=[\u4e00-\u9fff“「《（(]|[ \t]*(?:\n|$))")


# 曰 typed for 日 right after a day number (12月31曰17:00): read as 日.
_DAY_TYPO = re.compile(r"(?<=\d)曰")
# A day number split by one stray space after its month (12月3 1日): the space
# moves behind the digits (12月31 日), one character for one, so the day reads
# whole and no offset moves; only where the joined digits are a day (10–31).
_SPLIT_DAY = re.compile(r"月([12] [0-9]|3 [01])(?=[ \t]*[日号])")


def _join_day(m: re.Match[str]) -> str:
    """3 1 → 31 (the space after the digits)."""
    return "月" + m[1][0] + m[1][2] + " "


def _rejoin(text: str, base: int) -> NormText:
    """Join broken lines of ``text``; ``base`` is the original offset of text[0].

    Example: _rejoin("在加快项目建设中…(40 chars, no full stop)\n\n高度统一思想", 0)
    → one line, with a piece recording that 高 sat two characters further on.
    """
    lines = text.split("\n")
    following = _next_non_empty(lines)
    out: list[str] = []
    pieces: list[tuple[int, int]] = [(0, base)]
    norm_len = 0
    orig = base
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        norm_len += len(line)
        orig += len(line)
        if i == len(lines) - 1:
            break
        j = following[i]
        if j < len(lines) and _is_broken(line.rstrip()) and _continues(lines[j]) and not _fields(line, lines[j]):
            # Skip the newline(s) and blank lines between i and j.
            skipped = sum(len(lines[k]) + 1 for k in range(i + 1, j)) + 1
            orig += skipped
            pieces.append((norm_len, orig))
            i = j
            continue
        out.append("\n")
        norm_len += 1
        orig += 1
        i += 1
    return NormText("".join(out), tuple(pieces))


def _next_non_empty(lines: list[str]) -> list[int]:
    """For each line, the index of the first non-blank line after it (len(lines) if none).

    One backward pass, so a long run of blank lines costs linear time, not
    quadratic as a forward search from every line would.

    Example: _next_non_empty(["甲", "", " ", "乙"]) == [3, 3, 3, 4].
    """
    following = [len(lines)] * len(lines)
    nearest = len(lines)
    for k in range(len(lines) - 1, -1, -1):
        following[k] = nearest
        if lines[k].strip():
            nearest = k
    return following


def _is_broken(line: str) -> bool:
    """A long body line that stops without ending its sentence.

    A page's metadata line (来源:… 时间:2012-09-29 09:10 浏览量:…) is whole
    however long it is, and so is a line that ends in a date or a clock.
    """
    # The cheap tests first: most body lines end their sentence; a row of a
    # | table | is whole.
    if len(line) < 40 or line[-1] in _TERMINAL or line[-1] == "|":
        return False
    if "|" in line and table_cells(line) is not None:
        return False  # a row of a table typed without its outer bars (3月17日 | 08:00-18:00 | …)
    if _SPACED_COLUMNS.search(line):
        return False  # 7月23日 07:30-12:00      10kV城北线    城北工业园: a row whose columns spaces set apart
    return not (_META.search(line) or _ENDS_IN_STAMP.search(line))


# the pictographs posts decorate lines with (🎞 📍 ⏰ 1️⃣): no words of the text
PICTOGRAPH_RANGES = "\u2600-\u27bf\U0001f300-\U0001faff"  # for a character class: [{PICTOGRAPH_RANGES}]
PICTOGRAPHS = re.compile(rf"[{PICTOGRAPH_RANGES}\ufe0f\u20e3]")


# the words of a day's doors shutting (营业终了后暂停营业: from the next day on)
DAYS_CLOSE = "营业终了|营业结束|日终|下班|闭馆|闭园|收市"
_SPACED_COLUMNS = re.compile(r"\S(?: {3,}|\t|\u3000{2,})\S")
_META = re.compile(r"(?:来源|作者|编辑|责任编辑|发布时间|发布日期|浏览|点击|阅读)(?:量|次数)?\s*[:：]")
_ENDS_IN_STAMP = re.compile(r"(?:\d{1,2}[:：]\d{2}(?::\d{2})?|\d{1,2}[日号])\s*$")


# A short label opening a line: 停电时间： 地点： 停电范围：
_FIELD = re.compile(r"^\s*[^，,。；;:：\s]{1,6}[:：]")


def _fields(line: str, next_line: str) -> bool:
    """Two lines of labelled fields (a table or a form), never one sentence.

    Example: _fields("停电时间：1月9日 07:30-18:00 停电范围：南湖村", "停电时间：1月10日 …") is True.
    """
    return _FIELD.match(line) is not None and _FIELD.match(next_line) is not None


def _continues(next_line: str) -> bool:
    s = next_line.lstrip()
    if not s:
        return False
    ch = s[0]
    if DATELINE.match(s[:40]):
        return False
    # A continuation starts mid-sentence: a CJK character, a digit or a
    # closing mark, never a list marker.
    if s[:2] in {"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、"}:
        return False
    return ch.isalnum() or ch in "”’)）》」,，、。"


_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
# One sentence: its words, then the marks that end it (a line break ends it
# without being part of it).  Words of blank space alone are no sentence,
# unless marks end them.
_SENTENCE = re.compile(
    r"[^。！？!?；;\n]*[^。！？!?；;\s][^。！？!?；;\n]*(?:[。！？!?；;][。！？!?；;\n]*)?"
    r"|[^。！？!?；;\n]+[。！？!?；;][。！？!?；;\n]*"
)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside ``text[start:end]``, ends exclusive.

    Example: sentences("会议召开。明天停水。") == [(0, 5), (5, 10)]
    """
    return [m.span() for m in _SENTENCE.finditer(text, start, len(text) if end is None else end)]


_CN_DIGITS = {
    "〇": 0, "零": 0, "○": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_NUMBER_CHARS = "〇零○一二两三四五六七八九十"


def cn_to_int(token: str) -> int:
    """A small Chinese or Arabic number to int (up to 99, or digit by digit).

    A malformed numeral (十十, 二二十) raises ``ValueError``.

    Example: cn_to_int("二十六") == 26; cn_to_int("二〇二三") == 2023.
    """
    if token.isdigit():
        return int(token)
    try:
        if "十" not in token:
            value = 0
            for ch in token:
                value = value * 10 + _CN_DIGITS[ch]
            return value
        tens, _, ones = token.partition("十")
        t = _CN_DIGITS[tens] if tens else 1
        o = _CN_DIGITS[ones] if ones else 0
    except KeyError:
        raise ValueError(f"not a number: {token}") from None
    return t * 10 + o


@cache
def _any_of(marks: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(marks)}]")


def clause_span(sentence: str, pos: int, opens: str = ",，;；", closes: str = ",，;；。") -> tuple[int, int]:
    """The clause around ``pos``: after the last of ``opens`` before it, up to
    the first of ``closes`` from it.

    Example: clause_span("会议召开，9时开始，12时结束", 6) == (5, 9).
    """
    lo = -1
    for ch in opens:
        i = sentence.rfind(ch, 0, pos)
        if i > lo:
            lo = i
    end = _any_of(closes).search(sentence, pos)
    return lo + 1, (end.start() if end else len(sentence))
