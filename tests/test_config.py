"""Settings: defaults, TOML file, environment variable, flag overrides, refusals by key."""

from __future__ import annotations

import argparse
from datetime import time
from pathlib import Path

import pytest

from scheduler import cli
from scheduler.config import (
    CONFIG_ENV,
    ConfigError,
    Settings,
    add_service_flags,
    load_settings,
    settings_from_args,
)
from tests.service_support import REPO


def parse_flags(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_service_flags(parser)
    return parser.parse_args(argv)


def write_config(folder: Path, text: str) -> Path:
    path = folder / "notices.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_defaults_on_seeds_and_output() -> None:
    settings = load_settings(None, None, environ={})
    assert settings == Settings()
    assert settings.inbox == (Path("seeds"),)
    assert settings.output == Path("output")
    assert settings.timezone == "Asia/Shanghai"
    assert settings.digest_time == time(7, 0)
    assert settings.host == "127.0.0.1"


def test_file_values_are_typed_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    config = write_config(tmp_path, """
inbox = ["收件箱", "/srv/news"]
output = "public"
store = "state/store.sqlite3"
digest_time = "06:30"
poll_seconds = 15
feed_past_days = 7
reminder_timed_minutes = 30
port = 8443
timezone = "Asia/Urumqi"
""")
    settings = load_settings(config, environ={})
    assert settings.inbox == (tmp_path / "收件箱", Path("/srv/news"))
    assert settings.output == tmp_path / "public"
    assert settings.store == tmp_path / "state/store.sqlite3"
    assert settings.digest_time == time(6, 30)
    assert (settings.poll_seconds, settings.feed_past_days, settings.port) == (15, 7, 8443)
    assert settings.reminder_timed_minutes == 30
    assert settings.timezone == "Asia/Urumqi"
    # Keys not in the file keep their defaults.
    assert settings.reminder_all_day_minutes == Settings().reminder_all_day_minutes


def test_toml_local_time_literal_is_accepted(tmp_path: Path) -> None:
    config = write_config(tmp_path, "digest_time = 07:45:00\ninbox = \"收件箱\"\n")
    settings = load_settings(config, environ={})
    assert settings.digest_time == time(7, 45)
    assert settings.inbox == (tmp_path / "收件箱",)


def test_flags_override_the_file(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'poll_seconds = 300\nport = 9000\ninbox = ["a"]\n')
    args = parse_flags("--config", str(config), "--poll-seconds", "5", "--inbox", "x", "--inbox", "y")
    settings = settings_from_args(args, environ={})
    assert settings.poll_seconds == 5
    assert settings.inbox == (Path("x"), Path("y"))
    assert settings.port == 9000  # not overridden


def test_environment_variable_names_the_file(tmp_path: Path) -> None:
    config = write_config(tmp_path, "port = 8181\n")
    settings = settings_from_args(parse_flags(), environ={CONFIG_ENV: str(config)})
    assert settings.port == 8181


def test_config_flag_wins_over_environment_variable(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    chosen = write_config(tmp_path / "a", "port = 8001\n")
    other = tmp_path / "other.toml"
    other.write_text("port = 8002\n")
    settings = settings_from_args(parse_flags("--config", str(chosen)), environ={CONFIG_ENV: str(other)})
    assert settings.port == 8001


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("pol_seconds = 5\n", "pol_seconds"),
        ("poll_seconds = 0\n", "poll_seconds"),
        ("poll_seconds = true\n", "poll_seconds"),
        ("poll_seconds = \"60\"\n", "poll_seconds"),
        ("port = 70000\n", "port"),
        ("timezone = \"Asia/Beijing\"\n", "timezone"),
        ("digest_time = \"25:00\"\n", "digest_time"),
        ("digest_time = \"七点\"\n", "digest_time"),
        ("inbox = []\n", "inbox"),
        ("inbox = 3\n", "inbox"),
        ("host = \"\"\n", "host"),
        ("base_url = \"notices.example.org\"\n", "base_url"),
        ("[server]\nport = 1\n", "server"),
    ],
)
def test_bad_values_are_refused_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    config = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    message = str(caught.value)
    assert key in message
    assert str(config) in message


def test_bad_flag_value_is_refused_naming_the_flag() -> None:
    with pytest.raises(ConfigError, match=r"--poll-seconds: poll_seconds"):
        settings_from_args(parse_flags("--poll-seconds", "0"), environ={})


def test_broken_toml_and_missing_file_are_refused(tmp_path: Path) -> None:
    config = write_config(tmp_path, "poll_seconds = = 3\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(config, environ={})
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_cli_refuses_a_bad_config_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, "digest_time = \"7点\"\n")
    status = cli.main(["run", "--once", "--config", str(config)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "digest_time" in err and "notices.toml" in err


def test_example_config_in_the_repository_is_valid_and_shows_the_defaults() -> None:
    example = REPO / "notices.example.toml"
    settings = load_settings(example, environ={})
    defaults = Settings()
    # Same values as the defaults, with paths anchored at the file's folder.
    assert settings.inbox == tuple(REPO / p for p in defaults.inbox)
    assert settings.output == REPO / defaults.output
    assert settings.store == REPO / defaults.store
    for name in ("timezone", "digest_time", "poll_seconds", "feed_past_days", "host", "port",
                 "reminder_all_day_minutes", "reminder_timed_minutes", "http_threads",
                 "http_idle_timeout_seconds"):
        assert getattr(settings, name) == getattr(defaults, name), name


def test_public_base_url() -> None:
    assert Settings(port=8123).public_base_url == "http://127.0.0.1:8123"
    assert Settings(base_url="https://notices.example.org/").public_base_url == "https://notices.example.org"
