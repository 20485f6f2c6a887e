"""``notices status`` shows each ``[[sources]]`` URL: its last fetch, how it went, the items it held.

The web is the local fixture site of ``tests.inputs_support``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from scheduler import cli
from scheduler.cli.cmd_status import collect_status
from scheduler.inputs.sources import SourceSpec
from scheduler.service.jobs import run_tick
from scheduler.service.serve import open_runtime
from scheduler.store.service_state import SourceRecord
from tests.inputs_support import NEW_ITEM, FixtureSite, fixture_site
from tests.test_inputs_service import T0, settings_for


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with fixture_site(slow_seconds=2.5) as running:
        yield running


def test_status_shows_every_source_with_its_last_fetch(
    tmp_path: Path, site: FixtureSite, capsys: pytest.CaptureFixture[str]
) -> None:
    feed, missing, later = site.base + "/news/rss.xml", site.base + "/missing", site.base + "/later.html"
    settings = settings_for(
        tmp_path,
        SourceSpec(feed, "feed", name="青石新闻网"),
        SourceSpec(missing, "page"),
        SourceSpec(later, "page", timedelta(hours=2)),
    )
    before = collect_status(settings, T0)["sources"]
    assert [(s["url"], s["last_fetch"], s["status"]) for s in before] == [
        (feed, None, None), (missing, None, None), (later, None, None)]

    with open_runtime(settings) as runtime:
        run_tick(runtime, T0)
        first = {s["url"]: s for s in collect_status(settings, T0)["sources"]}
        site.add_feed_item(NEW_ITEM)
        run_tick(runtime, T0 + timedelta(minutes=1))
        run_tick(runtime, T0 + timedelta(minutes=2))  # the feed answers 304
    after = {s["url"]: s for s in collect_status(settings, T0 + timedelta(minutes=3))["sources"]}

    assert first[feed]["status"] == "fetched" and first[feed]["error"] is None
    assert first[feed]["items"] >= 1 and first[feed]["problem_items"] == 0
    assert after[feed]["status"] == "unchanged"
    assert after[feed]["last_fetch"] == (T0 + timedelta(minutes=2)).isoformat()
    assert after[feed]["items"] == first[feed]["items"] + 1  # the item added, counted when read; kept on 304
    assert after[feed]["name"] == "青石新闻网" and after[feed]["every"] == "every poll"
    assert after[missing]["status"] == "failed" and after[missing]["error"] == "HTTP 404 Not Found"
    assert after[missing]["last_ok"] is None and after[missing]["items"] is None
    assert after[later]["every"] == "2h"

    assert cli.main(["status", *status_args(settings)]) == 0
    text = capsys.readouterr().out
    lines = text[text.index("sources:"):].splitlines()[1:4]
    assert lines[0].startswith(f"  青石新闻网 <{feed}> (feed, every poll): last fetch ")
    assert f"unchanged; {after[feed]['items']} items in the last answer read" in lines[0]
    assert lines[1].startswith(f"  {missing} (page, every poll): last fetch ")
    assert lines[1].endswith("failed: HTTP 404 Not Found; never fetched successfully")
    assert cli.main(["status", "--json", *status_args(settings)]) == 0
    assert [s["status"] for s in json.loads(capsys.readouterr().out)["sources"]] == [
        "unchanged", "failed", after[later]["status"]]


def status_args(settings: object) -> list[str]:
    config = Path(str(getattr(settings, "store"))).parent.parent / "status.toml"
    lines = [f'inbox = ["{getattr(settings, "inbox")[0]}"]', f'output = "{getattr(settings, "output")}"',
             f'store = "{getattr(settings, "store")}"', ""]
    for spec in getattr(settings, "sources"):
        lines += ["[[sources]]", f'url = "{spec.url}"', f'kind = "{spec.kind}"']
        if spec.name:
            lines.append(f'name = "{spec.name}"')
        if spec.every:
            lines.append(f'every = "{int(spec.every.total_seconds()) // 3600}h"')
        lines.append("")
    config.write_text("\n".join(lines), encoding="utf-8")
    return ["--config", str(config)]


def test_records_written_before_status_and_items_existed_still_read() -> None:
    url = "https://www.qingshi.gov.cn/zwgk/tzgg/rss.xml"
    old_failure = SourceRecord.from_state(url, {"last_attempt": "2024-05-07T08:00:00+08:00",
                                                "error": "HTTP 503 Service Unavailable", "validators": None})
    assert (old_failure.status, old_failure.error, old_failure.items) == ("failed", "HTTP 503 Service Unavailable", None)
    old_success = SourceRecord.from_state(url, {"last_attempt": "2024-05-07T08:00:00+08:00", "error": None,
                                                "last_ok": "2024-05-07T08:00:00+08:00"})
    assert old_success.status == "fetched" and old_success.last_ok == "2024-05-07T08:00:00+08:00"
    assert SourceRecord.from_state(url, None) == SourceRecord(url)
    assert SourceRecord.from_state(url, {"items": True, "status": 3}).items is None
