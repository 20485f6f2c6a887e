"""The ``notices`` command behaves like the tools people know (issue 12, "CLI conventions").

One test (or a few) per convention: --version, python -m notices, -v/-q/--log-level,
zoned log timestamps, one line and no traceback for bad input to every command,
build --published, relative --published, digest's default day, wide-character
tables, every config error at once, one store lock for build/digest/serve, the
README's example config, and lazy command imports.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from freezegun import freeze_time

from scheduler import cli

from scheduler import logs
from scheduler.cli.textwidth import display_width, pad
from scheduler.service.lock import InstanceLock

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "002_40085f3b2a5d058d.txt"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def python(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


# -- --version and python -m notices --------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--version"], capsys)
    assert status == 0 and re.fullmatch(r"notices \d+\.\d+\.\d+\n", out)


def test_python_dash_m_notices_is_the_command() -> None:
    done = python("-m", "notices", "--version")
    assert done.returncode == 0 and done.stdout.startswith("notices ")
    done = python("-m", "notices", "extract", str(SEED), "--format", "json")
    assert done.returncode == 0 and "热线问政" in done.stdout


# -- logging ----------------------------------------------------------------------------


def test_verbosity_flags_pick_the_level() -> None:
    assert logs.level_from() == logging.INFO
    assert logs.level_from(verbose=1) == logging.DEBUG
    assert logs.level_from(quiet=1) == logging.WARNING and logs.level_from(quiet=2) == logging.ERROR
    assert logs.level_from(verbose=1, name="error") == logging.ERROR


@pytest.mark.parametrize(("flags", "level"), [
    (["-q"], logging.WARNING), (["-v"], logging.DEBUG), (["--log-level", "ERROR"], logging.ERROR),
    ([], logging.INFO),
])
def test_flags_before_or_after_the_command(
    flags: list[str], level: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in ([*flags, "status", "--store", str(tmp_path / "s.sqlite3")],
                 ["status", "--store", str(tmp_path / "s.sqlite3"), *flags]):
        assert run(args, capsys)[0] == 0
        assert logging.getLogger().level == level
    logs.configure(logging.INFO)


def test_log_lines_carry_the_zone_offset() -> None:
    formatter = logs.ZonedFormatter(logs.ZoneInfo("Asia/Shanghai"))
    record = logging.LogRecord("notices.jobs", logging.INFO, __file__, 1, "wrote %s", ("all.ics",), None)
    record.created = datetime.fromisoformat("2024-05-08T07:00:01.204+08:00").timestamp()
    assert formatter.format(record) == "2024-05-08T07:00:01.204+08:00 INFO notices.jobs: wrote all.ics"
    urumqi = logs.ZonedFormatter(logs.ZoneInfo("Asia/Urumqi")).format(record)
    assert urumqi.startswith("2024-05-08T05:00:01.204+06:00")


def test_quiet_build_hides_the_progress_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(21):
        (inbox / f"{n:02d}.txt").write_text("没有日期的一段话。\n", encoding="utf-8")
    status, _, err = run(["build", "inbox", "--published", "2024-05-06", "--as-of", "2024-05-06"], capsys)
    assert status == 0 and "read 21 of 21 inputs" in err
    status, _, err = run(["-q", "build", "inbox", "--published", "2024-05-06", "--as-of", "2024-05-06"], capsys)
    assert status == 0 and err == ""
    logs.configure(logging.INFO)


# -- one line, never a traceback -----------------------------------------------------------


def bad_inputs(tmp: Path) -> dict[str, list[str]]:
    """For every command, an invocation with bad input."""
    missing_store = str(tmp / "nowhere" / "s.sqlite3")
    return {
        "extract": ["extract", str(tmp / "missing.txt")],
        "explain": ["explain", "下周三上午9点", "--published", "下个礼拜"],
        "eval": ["eval", str(tmp / "missing.jsonl")],
        "build": ["build", str(tmp / "undated.txt"), "--store", str(tmp / "b.sqlite3"),
                  "--output", str(tmp / "out")],
        "digest": ["digest", "--date", "下个月", "--store", str(tmp / "b.sqlite3")],
        "run": ["run", "--once", "--now", "明早七点", "--store", missing_store],
        "serve": ["serve", "--config", str(tmp / "bad.toml")],
        "status": ["status", "--config", str(tmp / "missing.toml")],
        "backup": ["backup", str(tmp / "copy.sqlite3"), "--store", missing_store],
        "restore": ["restore", str(tmp / "missing-backup.sqlite3"), "--store", missing_store],
        "withdraw": ["withdraw", "no-such-uid", "--store", missing_store],
    }


def test_every_command_answers_bad_input_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "undated.txt").write_text("下周三上午9点召开座谈会。\n", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("port = 0\n", encoding="utf-8")
    cases = bad_inputs(tmp_path)
    registered = set(cli.build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert set(cases) == registered, "every command needs a bad-input case"
    cases["(unknown command)"] = ["frobnicate"]
    cases["(unknown flag)"] = ["build", "--frobnicate"]
    cases["(bad flag value)"] = ["explain", "x", "--published", "2024-05-06", "--format", "xml"]
    for name, args in cases.items():
        status, _, err = run(args, capsys)
        assert status != 0, name
        assert err.count("\n") == 1 and err.startswith("notices"), (name, err)
        assert "Traceback" not in err, name
    assert "--published" in run(cases["build"], capsys)[2]  # and build accepts it (below)


def test_an_unexpected_error_is_one_line_too(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import scheduler.cli.cmd_status as status_command

    def broken(*_args: object) -> None:
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(status_command, "collect_status", broken)
    status, _, err = run(["status"], capsys)
    assert status == cli.EXIT_INTERNAL
    assert err == "notices: unexpected error: RuntimeError: the disk said no (run with -v for the details)\n"


# -- build --published and relative days --------------------------------------------------


def test_build_published_dates_an_undated_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "座谈会.txt").write_text("明天上午9点在市民之家召开座谈会。\n", encoding="utf-8")
    status, _, err = run(["build", "座谈会.txt", "--as-of", "2024-05-06"], capsys)
    assert status == 1 and "pass --published" in err
    status, _, _ = run(["build", "座谈会.txt", "--published", "2024-05-06", "--as-of", "2024-05-06"], capsys)
    assert status == 0
    assert "DTSTART;TZID=Asia/Shanghai:20240507T090000" in (tmp_path / "output/feeds/all.ics").read_text()


@freeze_time("2024-05-07T20:30:00+00:00")  # already 5月8日 04:30 in Shanghai
def test_relative_published_is_today_in_the_configured_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTICES_CONFIG", raising=False)
    (tmp_path / "a.txt").write_text("明天上午9点在市民之家召开座谈会。\n", encoding="utf-8")
    for word in ("yesterday", "昨天"):
        status, out, _ = run(["extract", "a.txt", "--published", word, "--format", "json"], capsys)
        assert status == 0 and '"start": "2024-05-08T09:00:00+08:00"' in out, out
    status, out, _ = run(["extract", "a.txt", "--published", "今天", "--format", "json"], capsys)
    assert '"start": "2024-05-09T09:00:00+08:00"' in out
    # Another zone in the config: there it is still 5月7日.
    config = tmp_path / "west.toml"
    config.write_text('timezone = "America/New_York"\n', encoding="utf-8")
    monkeypatch.setenv("NOTICES_CONFIG", str(config))
    status, out, _ = run(["extract", "a.txt", "--published", "昨天", "--format", "json"], capsys)
    assert '"start": "2024-05-07T09:00:00+08:00"' in out


@freeze_time("2024-05-07T23:30:00+00:00")  # 5月8日 07:30 in Shanghai
def test_digest_defaults_to_today(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("明天上午9点在市民之家召开座谈会。\n", encoding="utf-8")
    assert run(["build", "a.txt", "--published", "昨天"], capsys)[0] == 0
    status, out, _ = run(["digest", "--output", "-"], capsys)
    assert status == 0 and out.startswith("# 本地通知摘要 · 2024年5月8日（星期三）")
    assert "## 今日" in out and "座谈会" in out.split("## 今日")[1]
    status, out, _ = run(["digest", "--date", "yesterday"], capsys)
    assert status == 0 and "wrote output/digests/2024-05-07.md" in out


# -- tables, config errors, lock ------------------------------------------------------------


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("热线问政 9:00") == 13 and display_width("ＡＢ") == 4 and display_width("é") == 1
    assert pad("下周三", 10) == "下周三    " and pad("toolongtext", 4) == "toolongtext"


def test_explain_table_columns_line_up_with_chinese_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["explain", "5月9日上午9点至11点，下周三下午3点", "--published", "2024-05-06T10:00"], capsys)
    assert status == 0
    rows = [line for line in out.splitlines() if " => " in line]
    assert len(rows) >= 2
    assert len({display_width(row.split(" => ")[0]) for row in rows}) == 1, rows


def test_three_bad_keys_are_three_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "notices.toml"
    config.write_text('poll_seconds = 0\nport = "八〇八〇"\ncolour = "red"\n', encoding="utf-8")
    status, _, err = run(["status", "--config", str(config)], capsys)
    lines = err.splitlines()
    assert status == 2 and len(lines) == 3
    assert all(line.startswith(f"notices: {config}: ") for line in lines)
    assert [k for k in ("poll_seconds", "port", "colour") if any(k in line for line in lines)] == \
        ["poll_seconds", "port", "colour"]


@pytest.mark.parametrize("args", [["build", "--as-of", "2024-05-06"], ["digest", "--date", "2024-05-06"]])
def test_build_and_digest_refuse_while_the_store_is_locked(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["build", "--as-of", "2024-05-06"], capsys)[0] == 0
    with InstanceLock(tmp_path / "state" / "notices.sqlite3"):  # what `notices serve` holds
        status, _, err = run(args, capsys)
        assert status == 2 and err.count("\n") == 1 and "store is in use" in err
        status, _, err = run(["serve", "--port", "1"], capsys)
        assert status == 2 and "store is in use" in err
    assert run(args, capsys)[0] == 0


# -- README and lazy imports -------------------------------------------------------------------


def test_readme_shows_the_example_config_whole() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = (REPO / "notices.example.toml").read_text(encoding="utf-8")
    marker = "`notices.example.toml` in the repository lists every key"
    block = readme.split(marker, 1)[1].split("```toml\n", 1)[1].split("```\n", 1)[0]
    assert block == example
    # The commented [[feeds]] examples are valid too.
    commented = example.split("\n# [[feeds]]\n", 1)[1].split("\n\n", 1)[0]
    uncommented = "[[feeds]]\n" + "\n".join(line.removeprefix("#").strip() for line in commented.splitlines())
    from scheduler.config import check_values

    typed = check_values({"feeds": tomllib.loads(uncommented)["feeds"]}, source="example", base=REPO)
    assert [spec.name for spec in typed["feeds"]] == ["zhengxiang-outage", "hengyang-wanbao"]


def test_extract_does_not_import_feed_digest_or_service_code() -> None:
    heavy = ["scheduler.publish.ics", "scheduler.publish.digest", "scheduler.pipeline", "scheduler.publish.frontpage",
             "scheduler.service.jobs", "scheduler.service.serve", "icalendar", "qrcode", "apscheduler", "waitress"]
    probe = (
        "import sys\nfrom scheduler.cli import main\n"
        f"status = main(['extract', {str(SEED)!r}])\n"
        f"loaded = [m for m in {heavy!r} if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\nsys.exit(status)\n"
    )
    done = python("-c", probe)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr


def test_a_named_command_imports_only_its_own_module() -> None:
    # `notices extract …` registers extract alone (and imports no HTTP client for
    # local files, no pkg_resources with jieba); help, version and unknown names register all.
    probe = (
        "import sys\nfrom scheduler.cli import main\n"
        f"status = main(['-q', 'extract', {str(SEED)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('scheduler.cli.cmd_') or m in "
        "('httpx', 'feedparser', 'pkg_resources'))\n"
        "print('LOADED', loaded, file=sys.stderr)\nsys.exit(status)\n"
    )
    done = python("-c", probe)
    assert done.returncode == 0, done.stderr
    assert "LOADED ['scheduler.cli.cmd_extract']" in done.stderr
    everything = set(cli.build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    for argv in (["-v", "--log-level", "debug", "explain", "x"], ["extract", "--help"]):
        named = cli.build_parser(argv)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert set(named) == {argv[-2]}
    for argv in (["--help"], ["--version"], ["frobnicate"], []):
        named = cli.build_parser(argv)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert set(named) == everything
