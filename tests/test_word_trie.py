"""word_trie: the same matches as alternation, longest word first, in every context."""

from __future__ import annotations

import re

from notices.kinds import _dictionary, _words
from notices.lexicon import alternation, word_trie

_WORDS = ["会议", "会议室", "听证会", "听证", "停水", "停水通知", "热线问政", "热线", "问政", "a.b", "(x)"]
_TEXT = "区里在会议室召开听证会议，热线问政活动与停水通知同日发布，热线电话a.b和(x)照旧。"


def test_trie_is_read_as_alternation_reads() -> None:
    assert word_trie(["会议", "会议室", "听证会"]) == "(?:会议(?:室)?|听证会)"
    for shape in ("(?:{})", "(?=({}))", "(?:{})(?=召开|，)", "({})\\S"):
        old = re.compile(shape.format(alternation(_WORDS)))
        new = re.compile(shape.format(word_trie(_WORDS)))
        assert [(m.span(), m.groups()) for m in new.finditer(_TEXT)] == [(m.span(), m.groups()) for m in old.finditer(_TEXT)]


def test_trie_prefers_the_longest_word_at_a_place() -> None:
    at = {m.start(): m[1] for m in re.finditer(f"(?=({word_trie(_WORDS)}))", _TEXT)}
    assert at[3] == "会议室"  # not 会议
    assert at[8] == "听证会" and at[10] == "会议"  # 听证会议: both words, each the longest at its place
    assert at[13] == "热线问政" and at[20] == "停水通知"


def test_kind_words_match_as_before() -> None:
    sentences = ["市自来水公司定于5月9日停水，届时请居民提前储水。", "听证会议在会议室召开，热线问政直播同时进行。",
                 "第七十期“热线问政”活动举行", "召开新闻发布会发布会议精神"]
    for words in (list(_words()), list(_dictionary())):
        old = re.compile(f"(?=({alternation(words)}))")
        new = re.compile(f"(?=({word_trie(words)}))")
        for sentence in sentences:
            assert [m[1] for m in new.finditer(sentence)] == [m[1] for m in old.finditer(sentence)]
