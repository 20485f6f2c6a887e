"""Operator-defined feeds ([[feeds]]): parsing, selection, descriptions, and a build end to end."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest

from scheduler import cli
from scheduler.config import ConfigError, load_settings
from scheduler.publish.feedsets import Criteria, FeedConfigError, FeedSpec, describe, parse_feeds, select
from scheduler.store.store import SourceRef, StoredNotice
from tests.feed_samples import EXHIBITION, HOTLINE, MEETING, NOW, OUTAGE, make_notice
from tests.golden import extractor_ready

KINDS = ["hotline", "meeting", "outage", "deadline", "exhibition"]
ARTICLES = Path(__file__).parent / "data" / "feedsets"


def stored(notice, source: str | None = None, url: str | None = None) -> StoredNotice:  # type: ignore[no-untyped-def]
    ref = SourceRef(source or notice.source, f"/srv/{source or notice.source}", notice.headline,
                    notice.published, notice.published_basis, url or notice.url)
    return StoredNotice(notice, NOW, NOW, 0, None, (ref,))


YANFENG = make_notice(uid="outage-yanfeng", kind="outage", title="雁峰区白沙洲街道停水", location="雁峰区白沙洲街道",
                      source="inbox/衡阳晚报/雁峰停水.txt", evidence="雁峰区白沙洲街道暂停供水。")
NO_PLACE = make_notice(uid="outage-noplace", kind="outage", title="部分区域停电", location=None,
                       evidence="蒸湘区华新开发区部分区域5月2日停电检修。", source="inbox/停电.txt")
ITEMS = [stored(HOTLINE), stored(MEETING), stored(OUTAGE), stored(EXHIBITION), stored(YANFENG), stored(NO_PLACE)]


def uids(spec: FeedSpec, named: dict[str, str] | None = None) -> list[str]:
    return [item.notice.uid for item in select(spec, ITEMS, named)]


# -- parsing ------------------------------------------------------------------------


def test_feeds_parse_into_specs() -> None:
    (spec,) = parse_feeds([{"name": "zx-outage", "title": "蒸湘区停水停电", "kinds": ["outage"],
                            "places": "蒸湘区", "exclude": ["演练"]}], KINDS)
    assert spec == FeedSpec("zx-outage", "蒸湘区停水停电", Criteria(kinds=("outage",), places=("蒸湘区",)),
                            Criteria(keywords=("演练",)))
    assert spec.file_name == "zx-outage.ics"


def test_every_problem_of_every_entry_is_reported() -> None:
    with pytest.raises(FeedConfigError) as caught:
        parse_feeds([
            {"name": "Bad Name", "kinds": ["outages"], "colour": "red"},
            {"name": "hotline", "title": "撞名"},
            {"name": "ok", "title": "好", "exclude": {"kinds": ["meeting"], "when": 1}},
            {"name": "ok", "title": "重复"},
            "not a table",
        ], KINDS)
    problems = caught.value.problems
    assert any("entry 1: unknown key 'colour'" in p for p in problems)
    assert any("entry 1: name:" in p for p in problems)
    assert any("entry 1: title:" in p for p in problems)
    assert any("entry 1: kinds: unknown kind 'outages'" in p for p in problems)
    assert any("entry 2: name: 'hotline' is taken by a default feed" in p for p in problems)
    assert any("entry 3: exclude: unknown key 'when'" in p for p in problems)
    assert any("entry 4: name: 'ok' is used by an earlier entry" in p for p in problems)
    assert any("entry 5: must be a table" in p for p in problems)


def test_config_file_reads_feeds_and_reports_them_by_key(tmp_path: Path) -> None:
    config = tmp_path / "notices.toml"
    config.write_text('[[feeds]]\nname = "hy"\ntitle = "衡阳晚报"\nsources = ["衡阳晚报"]\n'
                      '[[feeds]]\nname = "all"\ntitle = "全部"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    assert str(caught.value) == f"{config}: feeds: entry 2: name: 'all' is taken by a default feed (all.ics)"
    config.write_text('[[feeds]]\nname = "hy"\ntitle = "衡阳晚报"\nsources = ["衡阳晚报"]\n', encoding="utf-8")
    assert load_settings(config, environ={}).feeds[0].include.sources == ("衡阳晚报",)


# -- selection ------------------------------------------------------------------------


def test_kinds_and_places_must_both_match() -> None:
    spec = FeedSpec("zx", "蒸湘区停水停电", Criteria(kinds=("outage",), places=("蒸湘区",)))
    # 蒸湘区 in the place of OUTAGE? Its place is 蒸湘路…; the title says 蒸湘区, but a place decides.
    assert uids(spec) == ["outage-noplace"]
    spec = FeedSpec("zx", "蒸湘停水", Criteria(kinds=("outage",), places=("蒸湘",)))
    assert uids(spec) == [OUTAGE.uid, "outage-noplace"]


def test_keywords_look_at_title_place_and_evidence() -> None:
    assert uids(FeedSpec("k", "k", Criteria(keywords=("12345热线",)))) == [HOTLINE.uid]  # evidence
    assert uids(FeedSpec("k", "k", Criteria(keywords=("博物馆",)))) == [EXHIBITION.uid]  # place
    assert uids(FeedSpec("k", "k", Criteria(keywords=("调度会", "停电")))) == [MEETING.uid, "outage-noplace"]


def test_sources_by_folder_file_url_prefix_and_configured_name() -> None:
    assert uids(FeedSpec("s", "s", Criteria(sources=("衡阳晚报",)))) == ["outage-yanfeng"]
    assert uids(FeedSpec("s", "s", Criteria(sources=("停水",)))) == [OUTAGE.uid]  # the file's stem
    assert uids(FeedSpec("s", "s", Criteria(sources=("https://www.example.gov.cn/news/",)))) == [EXHIBITION.uid]
    named = {"市政府新闻": "https://www.example.gov.cn/news/"}
    assert uids(FeedSpec("s", "s", Criteria(sources=("市政府新闻",))), named) == [EXHIBITION.uid]
    assert uids(FeedSpec("s", "s", Criteria(sources=("https://other.example.org/",)))) == []


def test_exclude_takes_out_what_any_of_its_criteria_match() -> None:
    spec = FeedSpec("x", "x", Criteria(kinds=("outage",)), Criteria(keywords=("停电",)))
    assert uids(spec) == [OUTAGE.uid, "outage-yanfeng"]
    spec = FeedSpec("x", "x", Criteria(), Criteria(kinds=("outage", "meeting"), sources=("展览",)))
    assert uids(spec) == [HOTLINE.uid]


def test_description_says_what_the_feed_holds() -> None:
    spec = FeedSpec("zx", "蒸湘区停水停电", Criteria(kinds=("outage",), places=("蒸湘区",)), Criteria(keywords=("演练",)))
    assert describe(spec, {"outage": "停水停电与交通管制"}) == \
        "本地通知中的预告事项：类别为停水停电与交通管制；地点含蒸湘区；不含“演练”。"
    assert describe(replace(spec, description="蒸湘区的停水停电")) == "蒸湘区的停水停电"


# -- the "done when": two feeds on our own articles, through the real extractor -----------


def events(path: Path) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


@pytest.mark.skipif(not extractor_ready(), reason="needs the extractor")
def test_a_place_feed_and_a_source_feed_hold_exactly_their_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ARTICLES, tmp_path / "inbox")
    config = tmp_path / "notices.toml"
    config.write_text(
        'base_url = "https://notices.example.org"\n'
        '[[feeds]]\nname = "zhengxiang-outage"\ntitle = "蒸湘区停水停电"\nkinds = ["outage"]\nplaces = ["蒸湘区"]\n'
        '[[feeds]]\nname = "hengyang-wanbao"\ntitle = "衡阳晚报"\nsources = ["衡阳晚报"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    status = cli.main(["build", "inbox", "--as-of", "2024-05-07", "--config", str(config)])
    out = capsys.readouterr().out
    assert status == 0, out
    feeds = tmp_path / "output" / "feeds"
    everything = events(feeds / "all.ics")
    assert len(everything) == 3, everything
    zhengxiang = {uid for uid, summary in everything.items() if "蒸湘区" in summary}
    assert len(zhengxiang) == 1
    assert set(events(feeds / "zhengxiang-outage.ics")) == zhengxiang
    assert set(events(feeds / "hengyang-wanbao.ics")) == set(everything) - zhengxiang  # 雁峰停水, 热线问政
    calendar = icalendar.Calendar.from_ical((feeds / "zhengxiang-outage.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "蒸湘区停水停电"
    assert "地点含蒸湘区" in str(calendar["X-WR-CALDESC"])
    page = (tmp_path / "output" / "index.html").read_text(encoding="utf-8")
    for name, title in (("zhengxiang-outage", "蒸湘区停水停电"), ("hengyang-wanbao", "衡阳晚报")):
        assert f"<h2>{title}</h2>" in page
        assert f'href="webcal://notices.example.org/feeds/{name}.ics"' in page
        assert f'href="https://notices.example.org/feeds/{name}.ics"' in page
        assert f'aria-label="{title} 的订阅二维码：webcal://notices.example.org/feeds/{name}.ics"' in page
    # Rebuilding changes nothing: each feed is rewritten only when its own bytes change.
    before = {p.name: p.stat().st_mtime_ns for p in feeds.iterdir()}
    assert cli.main(["build", "--as-of", "2024-05-07", "--config", str(config)]) == 0
    assert "no output changed" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in feeds.iterdir()} == before


def test_the_sample_articles_are_ours() -> None:
    # The articles under tests/data/feedsets/ are written for this test (not from any corpus).
    names = sorted(p.relative_to(ARTICLES).as_posix() for p in ARTICLES.rglob("*.txt"))
    assert names == ["市政府/停水通知.txt", "衡阳晚报/热线问政.txt", "衡阳晚报/雁峰停水.txt"]


def test_operator_feeds_are_valid_calendars_even_when_empty(tmp_path: Path) -> None:
    from scheduler.publish.feedsets import render_operator_feeds
    from scheduler.publish.ics import FeedOptions
    from scheduler.publish.kindinfo import load_kind_table
    from scheduler.store.store import Store
    from tests.feed_samples import populate

    specs = (FeedSpec("zx", "蒸湘区停水停电", Criteria(kinds=("outage",), places=("蒸湘",))),
             FeedSpec("nothing", "无匹配", Criteria(keywords=("不存在的词",))))
    with Store.open(tmp_path / "s.sqlite3") as store:
        populate(store, tmp_path)
        feeds = render_operator_feeds(specs, store.stored_notices(include_withdrawn=True), NOW, FeedOptions(),
                                      load_kind_table())
    assert sorted(feeds) == ["nothing.ics", "zx.ics"]
    for name, data in feeds.items():
        calendar = icalendar.Calendar.from_ical(data)
        # RFC 5545 §3.6: at least one component, and VERSION and PRODID, in every calendar.
        assert calendar.subcomponents, name
        assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
        assert str(calendar["X-WR-CALDESC"]).startswith("本地通知中的预告事项")
        for event in calendar.walk("VEVENT"):
            for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "LAST-MODIFIED"):
                assert prop in event, (name, prop)
    assert [c.name for c in icalendar.Calendar.from_ical(feeds["nothing.ics"]).subcomponents] == ["VTIMEZONE"]
    assert list(events_of(feeds["zx.ics"])) == [OUTAGE.uid]


def events_of(data: bytes) -> dict[str, str]:
    return {str(e["UID"]): str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
