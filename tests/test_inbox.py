"""Tests for scheduler/inputs/inbox.py: decoding, front matter, files, folders, stdin."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import pickle
import sys
from pathlib import Path

import pytest

from scheduler.inputs.inbox import (
    MAX_FRONT_MATTER_LINES,
    InputError,
    SourceDoc,
    decode_bytes,
    is_ignored_name,
    iter_input_paths,
    parse_source,
    read_source,
    read_stdin,
    split_front_matter,
)

SENTENCE = "市民可于4月26日上午拨打12345热线反映问题。"

# A few sentences of GB2312-only text, long enough for detection to be meaningful.
LONG_NOTICE = (
    "雁峰区自来水公司通知：因主干管网改造施工，定于5月8日上午8时至下午6时"
    "暂停供水，涉及先锋路、解放路沿线小区。请广大居民提前做好储水准备，"
    "施工期间如有疑问，可拨打服务热线8222110咨询。由此带来的不便，敬请谅解。\n"
) * 3

# Each "停水通知" character is a GBK pair that is also a valid UTF-8 pair,
# so the bytes are valid UTF-8 too: a short sample that needs care.
SHORT_GBK_TRAP = "停水通知"


def make_tree(root: Path, names: list[str]) -> None:
    """Create files (with a little UTF-8 text) at the given relative paths."""
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes("明日停电。".encode())


def walked(paths: list[str | Path]) -> list[Path | InputError]:
    return list(iter_input_paths(paths))


# --------------------------------------------------------------------------
# decode_bytes: encodings


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (SENTENCE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), "utf-8-sig"),
        (SENTENCE.encode("gb18030"), "gb18030"),
        (SENTENCE.encode("gbk"), "gb18030"),
        (codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + SENTENCE.encode("utf-32-le"), "utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-le-bom", "utf-16-be-bom", "utf-32-le-bom"],
)
def test_each_encoding_round_trips_a_chinese_sentence(raw: bytes, encoding: str) -> None:
    assert decode_bytes(raw, "a.txt") == (SENTENCE, encoding)


def test_the_byte_order_mark_is_not_part_of_the_text() -> None:
    text, _ = decode_bytes(codecs.BOM_UTF8 + "热线".encode(), "a.txt")
    assert not text.startswith("\ufeff")


def test_gb18030_four_byte_characters_decode() -> None:
    # U+20BB7 (𠮷) exists only as a four-byte GB18030 sequence.
    text = "吉祥的𠮷字出现在通知标题中。"
    raw = text.encode("gb18030")
    assert len("𠮷".encode("gb18030")) == 4
    assert decode_bytes(raw, "a.txt") == (text, "gb18030")


def test_long_gbk_text_is_detected_as_gb18030() -> None:
    assert decode_bytes(LONG_NOTICE.encode("gbk"), "a.txt") == (LONG_NOTICE, "gb18030")


def test_short_gbk_text_with_punctuation_is_gb18030() -> None:
    assert decode_bytes("停水通知：明天全天停水。".encode("gbk"), "a.txt") == (
        "停水通知：明天全天停水。",
        "gb18030",
    )


def test_short_gbk_text_that_is_also_valid_utf8_is_read_as_gb18030() -> None:
    raw = SHORT_GBK_TRAP.encode("gbk")
    raw.decode("utf-8")  # the trap: these bytes are valid UTF-8 as well
    assert decode_bytes(raw, "a.txt") == (SHORT_GBK_TRAP, "gb18030")


def test_gbk_with_a_character_outside_gb2312_is_gb18030() -> None:
    text = "王喆同志到社区走访"  # 喆 is in GBK's extension, not in GB2312
    assert "喆".encode("gbk")[0] < 0xA1  # lead byte of GBK's extension area
    assert decode_bytes(text.encode("gbk"), "a.txt") == (text, "gb18030")


@pytest.mark.parametrize(
    "text", ["Zürich café", "naïve résumé", "à la carte", "Привет, мир", "x² ± 3 µm", "lǜsè"]
)
def test_short_utf8_with_accents_stays_utf8(text: str) -> None:
    # These bytes would also decode as GB18030, into hanzi soup.
    assert decode_bytes(text.encode("utf-8"), "a.txt") == (text, "utf-8")


def test_big5_is_left_to_the_detector() -> None:
    text = "市民可於4月26日上午撥打熱線反映問題，政府將派員現場答覆。"
    assert decode_bytes(text.encode("big5"), "a.txt") == (text, "big5")


def test_an_encoding_outside_the_genre_is_an_error_not_mojibake() -> None:
    raw = "市民は4月26日に電話で問題を報告できます。".encode("shift_jis")
    with pytest.raises(InputError, match="not supported"):
        decode_bytes(raw, "jp.txt")


def test_utf8_cut_inside_the_last_character_ends_with_a_replacement_mark() -> None:
    raw = SENTENCE.encode("utf-8")[:-1]
    assert decode_bytes(raw, "a.txt") == (SENTENCE[:-1] + "\ufffd", "utf-8")


# --------------------------------------------------------------------------
# decode_bytes: errors


def test_binary_with_nul_bytes_is_an_error_naming_the_path() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    with pytest.raises(InputError) as caught:
        decode_bytes(png, "inbox/logo.png")
    assert caught.value.path == "inbox/logo.png"
    assert str(caught.value).startswith("inbox/logo.png: binary")


def test_control_heavy_bytes_without_nul_are_binary() -> None:
    raw = bytes([0x01, 0x02, 0x03, 0x41, 0x1F, 0x42]) * 20
    with pytest.raises(InputError, match="binary"):
        decode_bytes(raw, "blob.bin")


def test_a_few_control_characters_in_long_text_are_tolerated() -> None:
    raw = (LONG_NOTICE + "\x1a").encode("utf-8")
    assert decode_bytes(raw, "a.txt")[0].endswith("\x1a")


def test_utf16_without_bom_is_an_error() -> None:
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes("4月26日热线".encode("utf-16-le"), "a.txt")


def test_nul_characters_after_a_utf16_bom_are_binary() -> None:
    raw = codecs.BOM_UTF16_LE + "热线\x00\x00\x00".encode("utf-16-le")
    with pytest.raises(InputError, match="binary"):
        decode_bytes(raw, "a.txt")


def test_broken_utf16_after_a_bom_is_an_error() -> None:
    raw = codecs.BOM_UTF16_LE + "热线".encode("utf-16-le") + b"\x00"  # odd length
    with pytest.raises(InputError, match="utf-16"):
        decode_bytes(raw, "a.txt")


def test_bytes_that_are_neither_utf8_nor_gb18030_are_an_error() -> None:
    raw = "市民".encode("gbk") + b"\xff\xff\x80\x80" + "热线".encode("gbk")
    with pytest.raises(InputError, match="cannot decode") as caught:
        decode_bytes(raw, "bad.txt")
    assert str(caught.value).startswith("bad.txt: ")


def test_empty_bytes_are_an_error() -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(b"", "a.txt")
    assert str(caught.value) == "a.txt: empty file"


# --------------------------------------------------------------------------
# decode_bytes: line endings


def test_crlf_and_cr_become_lf_and_nothing_else_changes() -> None:
    raw = "第一行\r\n第二行\r第三行\n４月２６日　上午".encode("gbk")
    text, _ = decode_bytes(raw, "a.txt")
    assert text == "第一行\n第二行\n第三行\n４月２６日　上午"  # full-width kept


def test_crlf_is_normalized_in_utf16_too() -> None:
    raw = codecs.BOM_UTF16_BE + "热线\r\n问政".encode("utf-16-be")
    assert decode_bytes(raw, "a.txt") == ("热线\n问政", "utf-16")


# --------------------------------------------------------------------------
# split_front_matter


def test_front_matter_is_parsed_and_the_offset_points_at_the_body() -> None:
    header = (
        "---\n"
        "Published: 2023-04-26 \n"
        "source:  https://www.hengyang.gov.cn/news/1.html\n"
        "\n"
        "TITLE : 第70期“热线问政”活动今日举行\n"
        "---\n"
    )
    text = header + SENTENCE + "\n"
    meta, body, offset = split_front_matter(text, "a.txt")
    assert meta == {
        "published": "2023-04-26",
        "source": "https://www.hengyang.gov.cn/news/1.html",
        "title": "第70期“热线问政”活动今日举行",
    }
    assert offset == len(header)
    assert body == text[offset:] == SENTENCE + "\n"


def test_text_without_front_matter_is_all_body() -> None:
    text = "市民热线\n---\nkey: value\n"
    assert split_front_matter(text, "a.txt") == ({}, text, 0)


def test_a_closing_line_at_the_very_end_leaves_an_empty_body() -> None:
    text = "---\ntitle: 停水\n---"
    assert split_front_matter(text, "a.txt") == ({"title": "停水"}, "", len(text))


def test_unterminated_front_matter_is_an_error() -> None:
    with pytest.raises(InputError, match="unterminated front matter"):
        split_front_matter("---\ntitle: 停水通知\nsource: 衡阳晚报\n", "a.txt")


def test_front_matter_must_close_within_the_line_limit() -> None:
    keys = "".join(f"k{n}: v\n" for n in range(MAX_FRONT_MATTER_LINES + 1))
    with pytest.raises(InputError, match="unterminated front matter"):
        split_front_matter("---\n" + keys + "---\n正文", "a.txt")
    just_fits = "".join(f"k{n}: v\n" for n in range(MAX_FRONT_MATTER_LINES - 1))
    meta, body, _ = split_front_matter("---\n" + just_fits + "---\n正文", "a.txt")
    assert len(meta) == MAX_FRONT_MATTER_LINES - 1 and body == "正文"


def test_a_front_matter_line_without_colon_names_its_line_number() -> None:
    with pytest.raises(InputError) as caught:
        split_front_matter("---\ntitle: 停水\n市民可于4月26日拨打热线\n---\n正文", "a.txt")
    assert str(caught.value) == "a.txt: front matter line 3 is not key: value"


def test_an_empty_front_matter_key_is_an_error() -> None:
    with pytest.raises(InputError, match="line 2 is not key: value"):
        split_front_matter("---\n: 2023-04-26\n---\n正文", "a.txt")


def test_a_repeated_front_matter_key_is_an_error() -> None:
    with pytest.raises(InputError, match="line 3 repeats key 'title'"):
        split_front_matter("---\ntitle: 一\nTitle: 二\n---\n正文", "a.txt")


def test_crlf_front_matter_offset_is_in_normalized_text() -> None:
    raw = "---\r\npublished: 2023-04-26\r\n---\r\n".encode() + SENTENCE.encode()
    doc = parse_source(raw, "a.txt")
    assert doc.meta == {"published": "2023-04-26"}
    assert doc.text == SENTENCE
    assert doc.body_offset == len("---\npublished: 2023-04-26\n---\n")


# --------------------------------------------------------------------------
# read_source / read_stdin


def test_read_source_returns_a_full_document(tmp_path: Path) -> None:
    raw = ("---\ntitle: 热线问政\n---\n" + LONG_NOTICE).encode("gbk")
    path = tmp_path / "热线问政.txt"
    path.write_bytes(raw)
    doc = read_source(path)
    assert isinstance(doc, SourceDoc)
    assert doc.path == str(path)
    assert doc.encoding == "gb18030"
    assert doc.meta == {"title": "热线问政"}
    assert doc.text == LONG_NOTICE
    assert doc.body_offset == len("---\ntitle: 热线问政\n---\n")
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_read_source_keeps_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_bytes(SENTENCE.encode())
    monkeypatch.chdir(tmp_path)
    assert read_source("./a.txt").path == "./a.txt"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (codecs.BOM_UTF8, "empty file"),
        (b" \r\n\t\n", "empty file (only whitespace)"),
        ("---\ntitle: 停水\n---\n\n".encode(), "no text after front matter"),
    ],
    ids=["zero-bytes", "bom-only", "whitespace", "header-only"],
)
def test_files_without_text_are_errors(tmp_path: Path, raw: bytes, reason: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(raw)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert caught.value.reason == reason
    assert str(caught.value) == f"{path}: {reason}"


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "没有这个文件.txt"
    with pytest.raises(InputError) as caught:
        read_source(missing)
    assert str(caught.value) == f"{missing}: no such file or directory"


def test_a_directory_is_not_a_source(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_bytes(SENTENCE.encode())
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_source(path)
    finally:
        path.chmod(0o644)


def test_read_stdin_from_a_stream() -> None:
    raw = "---\nsource: 衡阳晚报\n---\n".encode("gb18030") + LONG_NOTICE.encode("gb18030")
    doc = read_stdin(io.BytesIO(raw))
    assert doc.path == "-"
    assert doc.encoding == "gb18030"
    assert doc.meta == {"source": "衡阳晚报"}
    assert doc.text == LONG_NOTICE
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_read_source_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin = io.TextIOWrapper(io.BytesIO(SENTENCE.encode("utf-16")))
    monkeypatch.setattr(sys, "stdin", fake_stdin)
    doc = read_source("-")
    assert (doc.path, doc.text, doc.encoding) == ("-", SENTENCE, "utf-16")


def test_empty_stdin_is_an_error() -> None:
    with pytest.raises(InputError) as caught:
        read_stdin(io.BytesIO(b""))
    assert str(caught.value) == "-: empty file"


def test_input_error_survives_pickling() -> None:
    error = InputError("inbox/a.txt", "empty file")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == ("inbox/a.txt", "empty file", "inbox/a.txt: empty file")


# --------------------------------------------------------------------------
# is_ignored_name / iter_input_paths


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        (".hidden.txt", True),
        (".git", True),
        ("热线问政.txt.tmp", True),
        ("热线问政.txt.TMP", True),
        ("download.part", True),
        ("热线问政.txt~", True),
        ("热线问政.txt", False),
        ("partial.txt", False),
        ("tmp", False),
        ("a.tmp.txt", False),
    ],
)
def test_is_ignored_name(name: str, ignored: bool) -> None:
    assert is_ignored_name(name) is ignored


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        [
            "b.txt",
            "a/2.txt",
            "a/1.txt",
            "a.txt",
            "c/d/e.txt",
            "c/.secret/x.txt",
            ".dotfile",
            "z.txt.tmp",
            "y.part",
            "x.txt~",
            "temp.tmp/inside.txt",
        ],
    )
    names = [p.relative_to(tmp_path).as_posix() for p in walked([tmp_path])]  # type: ignore[union-attr]
    assert names == ["a/1.txt", "a/2.txt", "a.txt", "b.txt", "c/d/e.txt"]


def test_walk_order_does_not_depend_on_creation_order(tmp_path: Path) -> None:
    make_tree(tmp_path / "one", ["c.txt", "a.txt", "b.txt"])
    make_tree(tmp_path / "two", ["b.txt", "c.txt", "a.txt"])
    one = [p.name for p in walked([tmp_path / "one"])]  # type: ignore[union-attr]
    two = [p.name for p in walked([tmp_path / "two"])]  # type: ignore[union-attr]
    assert one == two == ["a.txt", "b.txt", "c.txt"]


def test_arguments_keep_their_order_and_an_explicit_dotfile_is_read(tmp_path: Path) -> None:
    make_tree(tmp_path, ["z.txt", "dir/a.txt", ".explicit.txt"])
    result = walked([tmp_path / "z.txt", tmp_path / "dir", tmp_path / ".explicit.txt"])
    assert result == [tmp_path / "z.txt", tmp_path / "dir" / "a.txt", tmp_path / ".explicit.txt"]


def test_a_missing_path_is_yielded_as_an_error_and_the_walk_goes_on(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a.txt"])
    missing = tmp_path / "missing"
    result = walked([missing, tmp_path / "a.txt"])
    assert isinstance(result[0], InputError)
    assert str(result[0]) == f"{missing}: no such file or directory"
    assert result[1:] == [tmp_path / "a.txt"]


def test_a_file_reached_twice_is_yielded_once(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a.txt", "b.txt"])
    result = walked([tmp_path / "a.txt", tmp_path, "-", "-"])
    assert result == [tmp_path / "a.txt", tmp_path / "b.txt", Path("-")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    make_tree(tmp_path, ["real/a.txt"])
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real", target_is_directory=True)
    assert walked([tmp_path / "real"]) == [tmp_path / "real" / "a.txt"]


def test_walked_files_read_back_as_documents(tmp_path: Path) -> None:
    (tmp_path / "gbk.txt").write_bytes(LONG_NOTICE.encode("gbk"))
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    outcomes: list[str] = []
    for item in iter_input_paths([tmp_path]):
        assert isinstance(item, Path)
        try:
            outcomes.append(read_source(item).encoding)
        except InputError as exc:
            outcomes.append(exc.reason.split(" ")[0])
    assert outcomes == ["gb18030", "binary"]


def test_the_quick_three_byte_check_answers_as_the_full_scan_does() -> None:
    from scheduler.inputs import inbox

    def full_scan(text: str) -> bool:  # the check before the quick path, for comparison
        non_ascii = [ch for ch in text if ch >= "\x80" and ch != "\ufffd"]
        if not non_ascii or any(ch >= "\u0800" for ch in non_ascii):
            return False
        odd = inbox._odd_two_byte_chars(text)
        scripts = {script for ch in non_ascii if (script := inbox._two_byte_script(ch))}
        return odd >= inbox._MIN_ODD_UTF8_SHARE * len(non_ascii) or len(scripts) > 1

    samples = ["停水通知", "ͣˮ֪ͨ", "Zürich à la carte", "ͣˮ\ufffd", "abc", "", "\ufffd", "ͣˮ𠀀", "Ωмé",
               "市民可于4月26日上午拨打12345热线。", "ĀāǍǎ" * 3 + "\ufffd"]
    for text in samples:
        assert inbox._looks_like_disguised_utf8(text) == full_scan(text), text
