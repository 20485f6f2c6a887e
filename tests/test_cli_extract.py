"""The ``notices`` command line: extract, explain, errors as one line naming the file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_extract_json_lines_carry_the_required_fields(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(["extract", str(SEEDS / "002_40085f3b2a5d058d.txt"), "--format", "json"], capsys)
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    required = {"uid", "kind", "title", "start", "end", "all_day", "forward", "published", "published_basis",
                "source", "headline", "evidence", "location"}
    assert rows and all(required <= set(r) for r in rows)
    hot = [r for r in rows if r["kind"] == "hotline"]
    assert hot[0]["start"] == "2023-04-26T09:00:00+08:00" and hot[0]["end"] == "2023-04-26T11:00:00+08:00"
    assert hot[0]["source"].endswith("002_40085f3b2a5d058d.txt")
    dl = [r for r in rows if r["kind"] == "deadline"]
    assert dl[0]["start"] == "2023-05-04" and dl[0]["all_day"] is True


def test_extract_folder_recursively_and_published_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "notice.txt").write_text("市自来水公司定于明天8时至18时停水,请用户提前储水。", encoding="gb18030")
    status, out, err = run_cli(["extract", str(tmp_path), "--published", "2024-03-01", "--format", "json"], capsys)
    assert status == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["kind"], r["start"], r["published_basis"]) for r in rows] == [
        ("outage", "2024-03-02T08:00:00+08:00", "flag")
    ]


def test_bad_files_are_reported_in_one_line_and_the_rest_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    good = tmp_path / "good.txt"
    shutil.copy(SEEDS / "002_40085f3b2a5d058d.txt", good)
    status, out, err = run_cli(["extract", str(bad), str(good), str(tmp_path / "missing.txt")], capsys)
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"notices: {bad}: ") and "binary" in lines[0]
    assert lines[1].startswith(f"notices: {tmp_path / 'missing.txt'}: ")
    assert "热线问政" in out


def test_undatable_input_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "nodate.txt"
    f.write_text("市民可拨打热线反映问题。", encoding="utf-8")
    status, _, err = run_cli(["extract", str(f)], capsys)
    assert status == 1
    assert err.strip() == f"notices: {f}: no publication date in the text; pass --published"


def test_front_matter_sets_publication(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "fm.txt"
    f.write_text("---\npublished: 2024-06-20\nsource: https://example.org/a\n---\n听证会将于6月28日上午9时举行。\n",
                 encoding="utf-8-sig")
    status, out, _ = run_cli(["extract", str(f), "--format", "json"], capsys)
    assert status == 0
    row = json.loads(out)
    assert (row["kind"], row["start"], row["published_basis"], row["url"]) == (
        "hearing", "2024-06-28T09:00:00+08:00", "front-matter", "https://example.org/a")


def test_bad_published_flag_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(["extract", str(SEEDS), "--published", "not-a-date"], capsys)
    assert status == 2
    assert err.count("\n") == 1 and "--published" in err


def test_explain_json_lists_every_mention(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(["explain", "下周三上午9点", "--published", "2024-05-06T10:00", "--format", "json"], capsys)
    assert status == 0
    data = json.loads(out)
    assert [(m["text"], m["start"], m["grain"]) for m in data["mentions"]] == [
        ("下周三上午9点", "2024-05-15T09:00:00+08:00", "hour")
    ]
    assert [f["rule"] for f in data["fragments"]] == ["rel_weekday", "part_of_day", "clock_h"]


def test_explain_takes_a_text_longer_than_a_file_name(capsys: pytest.CaptureFixture[str]) -> None:
    # 100 Chinese characters are 300 bytes, more than a file name may be: a text, not a path
    text = "市人大常委会办公室通知，" * 8 + "会议定于下周三上午9点召开。"
    status, out, err = run_cli(["explain", text, "--published", "2024-05-06T10:00", "--format", "json"], capsys)
    assert status == 0, err
    assert [m["start"] for m in json.loads(out)["mentions"]] == ["2024-05-15T09:00:00+08:00"]


def test_stdin_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from scheduler.cli import main; raise SystemExit(main())", "extract", "-",
         "--published", "2024-05-06", "--format", "json"],
        input="明天上午10时,市政府召开新闻发布会。".encode("utf-16"), capture_output=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    row = json.loads(proc.stdout.decode())
    assert (row["kind"], row["start"], row["source"]) == ("meeting", "2024-05-07T10:00:00+08:00", "-")
