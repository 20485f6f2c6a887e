"""Strict gold scoring (notices.evaluate) and the ``notices eval`` command.

``tests/data/eval_small.jsonl`` is a six-document gold file written for these
tests (invented sentences in the style of local news, not corpus text), and
``tests/data/eval_small.notices.jsonl`` a fixed set of notices for it, in the
JSON Lines form ``notices extract --format json`` prints, chosen so that every
rule of the scorer shows: a duplicate notice (e1), a superseded deadline (e2),
a past event of the wrong kind and a wrong end day (e3), a past event announced
as forward, a wrong end minute, a poor title, a miss and a false notice (e4), a
wrong start minute and an ignored past notice (e5), a document without notices
(e6).  The figures asserted below were worked out by hand from those files.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import pytest

from notices.evaluate import (
    GoldDoc,
    GoldEvent,
    GoldFormatError,
    Score,
    match_events,
    parse_gold,
    read_gold,
    score,
    score_document,
    title_similarity,
)
from notices.extract import Document
from notices.model import SHANGHAI, Notice, PublishedAt
from notices.published import PublicationUnknown, at_midnight
from scheduler import cli
from scheduler.cli import cmd_eval

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SMALL_GOLD = DATA / "eval_small.jsonl"
SMALL_NOTICES = DATA / "eval_small.notices.jsonl"
REFERENCE = REPO.parent / "shared" / "tools" / "score_events.py"

# The report of the fixed notices against the small gold file, worked out by hand:
# tp 5 (e1 9:00 热线, e2 6-20, e3 书画展, e4 停水, e5 接待日); fp 3 (e1 duplicate,
# e4 past 座谈会 called forward, e4 市民开放日); fn 2 (e4 听证会, e6 开放日).
# Exact: e1 and e2 only.  Timed starts paired: e1, e4 (right), e5 (14:30 ≠ 15:00).
# Ends paired: e1 (right), e3 (7-19 ≠ 7-20), e4 (day right, 17:00 ≠ 18:00).
# Kinds over the 7 paired gold events: all right but e3's 开馆仪式 (meeting).
# Titles: 1, 7/9 (公租房申请受理截止 vs 公租房申请截止延长), 2/3 (开馆仪式 vs
# 市美术馆开馆仪式), 1, 1, 0.4 (停水通知 vs 城东片区停水), 5/6 (市长接待日 vs
# 市长接待日活动): mean 5.6778/7 = 0.811.
SMALL_REPORT = [
    "docs=6 chars=418 wall=… gold_forward=7",
    "strict forward P/R/F1   0.625 / 0.714 / 0.667   (tp 5, fp 3, fn 2)",
    "exact recall (fwd)      2/7 = 0.286",
    "minute recall           2/3 = 0.667",
    "end-day recall          2/3 = 0.667",
    "end-minute recall       1/2 = 0.500",
    "kind accuracy           6/7 = 0.857",
    "title similarity        0.811 over 7 matched",
    "STRICT_F1=0.667 EXACT_R=0.286 TITLE=0.811",
]
SMALL_DETAILS = [
    "FALSE e1 2024-05-08..None hotline 民生热线直播",
    "INEXACT e3 gold 2024-06-28..None ceremony | got 2024-06-28..None meeting",
    "INEXACT e3 gold 2024-07-05..2024-07-20 exhibition | got 2024-07-05..2024-07-19 exhibition",
    "INEXACT e4 gold 2024-08-15T08:00..2024-08-15T18:00 outage | "
    "got 2024-08-15T08:00:00+08:00..2024-08-15T17:00:00+08:00 outage",
    "TITLE e4 gold「城东片区停水」 got「停水通知」",
    "MISS  e4 2024-08-20..None hearing 居民用水价格调整听证会",
    "WRONGFWD e4 2024-08-10 meeting",
    "FALSE e4 2024-08-25..None activity 市民开放日",
    "INEXACT e5 gold 2024-09-05T15:00..None hotline | got 2024-09-05T14:30:00+08:00..None hotline",
    "MISS  e6 2024-10-09T09:00..None activity 市民服务中心政务开放日",
]


def small_notices() -> dict[str, tuple[Notice, ...]]:
    """The fixed notices of the small corpus, keyed by document id (file order kept)."""
    found: dict[str, list[Notice]] = {}
    for line in SMALL_NOTICES.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        found.setdefault(data["source"].removesuffix(".txt"), []).append(Notice.from_json(data))
    return {doc_id: tuple(items) for doc_id, items in found.items()}


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def notice(
    start: date | datetime,
    end: date | datetime | None = None,
    *,
    kind: str = "hotline",
    title: str = "民生热线",
    forward: bool = True,
) -> Notice:
    return Notice(
        uid=f"{title}-{start}",
        kind=kind,
        title=title,
        start=start,
        end=end,
        all_day=not isinstance(start, datetime),
        forward=forward,
        published=at(2024, 5, 6),
        published_basis="flag",
        source="t.txt",
        headline="",
        evidence="",
        span=(0, 0),
    )


def gold(
    start: date | datetime,
    end: date | datetime | None = None,
    *,
    kind: str = "hotline",
    title: str = "民生热线",
    forward: bool = True,
    superseded: bool = False,
) -> GoldEvent:
    return GoldEvent(title, kind, start, end, forward, "证据", superseded)


def doc(doc_id: str, *events: GoldEvent) -> GoldDoc:
    return GoldDoc(doc_id, "test", date(2024, 5, 6), "metadata", "本报讯 民生热线明天开通。", events)


def without_wall(lines: list[str]) -> list[str]:
    return [re.sub(r"wall=\S+", "wall=…", line) for line in lines]


# --------------------------------------------------------------------------
# Titles and matching


def test_title_similarity_is_character_lcs_f1() -> None:
    assert title_similarity("停水通知", "城东片区停水") == pytest.approx(0.4)
    assert title_similarity("公租房申请受理截止", "公租房申请截止（延长）") == pytest.approx(7 / 9)
    assert title_similarity("“市长接待日”", "市长接待日活动") == pytest.approx(5 / 6)
    assert title_similarity("区政协座谈会", "区政协座谈会") == 1.0
    assert title_similarity("", "区政协座谈会") == 0.0
    assert title_similarity("防汛演练", "区政协座谈会") == 0.0


def test_title_similarity_drops_punctuation_spaces_and_width() -> None:
    # Quotes, book-title marks, full-width brackets, dashes and spaces do not count.
    assert title_similarity("第12期“民生热线”", "第１２期 民生热线") == 1.0
    assert title_similarity("《条例》（草案）听证会", "条例草案听证会") == 1.0
    assert title_similarity("城区停水·通知—", "城区停水通知") == 1.0
    assert title_similarity("……", "通知") == 0.0


def test_duplicate_notice_is_false() -> None:
    # One happening, two notices: the better one is the match, the other is false.
    d = doc("a", gold(datetime(2024, 5, 8, 9, 0), datetime(2024, 5, 8, 11, 0)))
    preds = [notice(date(2024, 5, 8), title="热线直播"), notice(at(2024, 5, 8, 9), at(2024, 5, 8, 11))]
    assert match_events(d.events, preds) == {0: 1}
    result = score_document(d, preds)
    assert (result.true_positives, result.false_positives, result.false_negatives) == (1, 1, 0)
    assert (result.precision, result.recall) == (0.5, 1.0)
    assert result.details == ("FALSE a 2024-05-08..None hotline 热线直播",)


def test_minute_outweighs_kind_and_each_notice_pairs_once() -> None:
    events = (gold(datetime(2024, 5, 8, 9, 0)), gold(datetime(2024, 5, 8, 15, 0), kind="meeting"))
    preds = [notice(at(2024, 5, 8, 15), kind="hotline"), notice(at(2024, 5, 8, 9), kind="meeting")]
    # 09:00 hotline gold ↔ 09:00 meeting notice (minute 8 beats kind 2).
    assert match_events(events, preds) == {0: 1, 1: 0}


def test_end_day_outweighs_kind() -> None:
    events = (gold(date(2024, 5, 20), date(2024, 5, 24), kind="exhibition"),)
    preds = [notice(date(2024, 5, 20), kind="exhibition"), notice(date(2024, 5, 20), date(2024, 5, 24), kind="other")]
    assert match_events(events, preds) == {0: 1}


def test_equal_candidates_go_to_the_later_gold_event() -> None:
    # Two identical gold events and one notice: the later gold event is paired
    # (the reference scorer's tie order), the earlier one is missed.
    d = doc("a", gold(date(2024, 5, 8)), gold(date(2024, 5, 8)))
    assert match_events(d.events, [notice(date(2024, 5, 8))]) == {1: 0}
    assert score_document(d, [notice(date(2024, 5, 8))]).false_negatives == 1


def test_start_day_must_agree() -> None:
    d = doc("a", gold(date(2024, 5, 8)))
    result = score_document(d, [notice(date(2024, 5, 9), title="市民开放日")])
    assert (result.true_positives, result.false_positives, result.false_negatives) == (0, 1, 1)
    assert result.details == (
        "MISS  a 2024-05-08..None hotline 民生热线",
        "FALSE a 2024-05-09..None hotline 市民开放日",
    )


def test_superseded_gold_is_neither_missed_nor_false() -> None:
    d = doc("a", gold(date(2024, 5, 26), kind="deadline", superseded=True),
            gold(date(2024, 6, 10), kind="deadline"))
    old_only = score_document(d, [notice(date(2024, 5, 26), kind="deadline")])
    assert (old_only.true_positives, old_only.false_positives, old_only.false_negatives) == (0, 0, 1)
    assert old_only.kind_checked == 0 and old_only.title_scores == ()
    both = score_document(d, [notice(date(2024, 5, 26), kind="deadline"), notice(date(2024, 6, 10), kind="deadline")])
    assert (both.true_positives, both.false_positives, both.false_negatives) == (1, 0, 0)


def test_past_gold_pairs_count_for_kind_and_title_but_not_recall() -> None:
    d = doc("a", gold(date(2024, 5, 3), kind="meeting", forward=False))
    past = score_document(d, [notice(date(2024, 5, 3), kind="ceremony", forward=False)])
    assert (past.gold_forward, past.true_positives, past.false_positives) == (0, 0, 0)
    assert (past.kind_checked, past.kind_hits, past.exact) == (1, 0, 0)
    called_forward = score_document(d, [notice(date(2024, 5, 3), kind="meeting")])
    assert called_forward.false_positives == 1
    assert called_forward.details == ("WRONGFWD a 2024-05-03 meeting",)


def test_exact_needs_minute_end_minute_and_kind() -> None:
    event = gold(datetime(2024, 7, 15, 8, 0), datetime(2024, 7, 15, 18, 0), kind="outage")
    right = notice(at(2024, 7, 15, 8), at(2024, 7, 15, 18), kind="outage")
    assert score_document(doc("a", event), [right]).exact == 1
    for wrong in (
        notice(at(2024, 7, 15, 8), at(2024, 7, 15, 17), kind="outage"),
        notice(at(2024, 7, 15, 8), date(2024, 7, 15), kind="outage"),
        notice(at(2024, 7, 15, 8, 30), at(2024, 7, 15, 18), kind="outage"),
        notice(at(2024, 7, 15, 8), at(2024, 7, 15, 18), kind="other"),
    ):
        assert score_document(doc("a", event), [wrong]).exact == 0


def test_notices_are_judged_by_their_json_line() -> None:
    # 8月24日24时止: the notice ends at 8-25 00:00, which its JSON line writes
    # as 2024-08-24T24:00 — the gold end day.  A notice ending at 8-25 08:00
    # really ends a day late.
    d = doc("a", gold(datetime(2024, 7, 15, 0, 0), date(2024, 8, 24), kind="outage"))
    midnight = notice(at(2024, 7, 15), at(2024, 8, 25), kind="outage")
    assert midnight.to_json()["end"].startswith("2024-08-24T24:00")
    result = score_document(d, [midnight])
    assert (result.gold_ends, result.end_day_hits, result.exact) == (1, 1, 1)
    late = score_document(d, [notice(at(2024, 7, 15), at(2024, 8, 25, 8), kind="outage")])
    assert (late.end_day_hits, late.exact) == (0, 0)
    assert late.details == (
        "INEXACT a gold 2024-07-15T00:00..2024-08-24 outage "
        "| got 2024-07-15T00:00:00+08:00..2024-08-25T08:00:00+08:00 outage",
    )


def test_empty_score_figures_are_zero() -> None:
    empty = Score()
    assert (empty.precision, empty.recall, empty.f1, empty.title_similarity) == (0.0, 0.0, 0.0, 0.0)


# --------------------------------------------------------------------------
# The small gold file, by hand


def test_small_corpus_figures_by_hand() -> None:
    docs = read_gold(SMALL_GOLD)
    assert [d.id for d in docs] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    result = score(docs, small_notices())
    assert (result.documents, result.characters, result.gold_forward) == (6, 418, 7)
    assert (result.true_positives, result.false_positives, result.false_negatives) == (5, 3, 2)
    assert result.precision == 5 / 8 and result.recall == 5 / 7
    assert result.f1 == pytest.approx(2 / 3)
    assert (result.exact, result.gold_timed, result.minute_hits) == (2, 3, 2)
    assert (result.gold_ends, result.end_day_hits) == (3, 2)
    assert (result.gold_timed_ends, result.end_minute_hits) == (2, 1)
    assert (result.kind_checked, result.kind_hits) == (7, 6)
    assert result.title_scores == pytest.approx((1.0, 7 / 9, 2 / 3, 1.0, 1.0, 0.4, 5 / 6))
    assert result.title_similarity == pytest.approx((3.4 + 7 / 9 + 2 / 3 + 5 / 6) / 7)
    # e1–e5 have notices; e4's carry 2024-08-11 instead of 2024-08-12.
    assert (result.published_checked, result.published_hits) == (5, 4)
    assert list(result.details) == SMALL_DETAILS


class FakeExtractor:
    """Stands in for extract_document: answers from a table, records what it was given."""

    def __init__(self, answers: Mapping[str, tuple[Notice, ...]], *, undatable: frozenset[str] = frozenset()) -> None:
        self.answers = answers
        self.undatable = undatable
        self.calls: dict[str, tuple[str, datetime | None, dict[str, str]]] = {}

    def __call__(self, text: str, *, source: str, published: datetime | None = None,
                 meta: Mapping[str, str] | None = None) -> Document:
        self.calls[source] = (text, published, dict(meta or {}))
        doc_id = source.removesuffix(".txt")
        if published is None and not (meta or {}).get("published") and doc_id in self.undatable:
            raise PublicationUnknown("no publication date in the text; pass --published")
        when = published or at(2024, 1, 1)
        return Document(source, PublishedAt(when, "test"), (), self.answers.get(doc_id, ()))


def test_eval_prints_the_reference_report(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cmd_eval, "extract_document", FakeExtractor(small_notices()))
    assert cli.main(["eval", str(SMALL_GOLD)]) == 0
    assert without_wall(capsys.readouterr().out.splitlines()) == SMALL_REPORT


def test_eval_details_come_first(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cmd_eval, "extract_document", FakeExtractor(small_notices()))
    assert cli.main(["eval", str(SMALL_GOLD), "--details"]) == 0
    lines = without_wall(capsys.readouterr().out.splitlines())
    assert lines == ["  " + line for line in SMALL_DETAILS] + SMALL_REPORT


def test_eval_hands_over_the_gold_date_and_the_reference_file_text(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeExtractor({})
    monkeypatch.setattr(cmd_eval, "extract_document", fake)
    assert cli.main(["eval", str(SMALL_GOLD)]) == 0
    docs = read_gold(SMALL_GOLD)
    assert sorted(fake.calls) == [f"{d.id}.txt" for d in docs]
    for d in docs:
        text, published, meta = fake.calls[f"{d.id}.txt"]
        assert text == d.text + "\n"  # the trailing newline the reference writes
        assert published == at_midnight(d.published)
        assert meta == {"published": d.published.isoformat()}
    assert "publication day right" not in capsys.readouterr().out


def test_eval_no_published_lets_the_extractor_infer_and_survives_undatable_documents(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = dict(small_notices())
    answers["e6"] = (notice(at(2024, 10, 9, 9), kind="activity"),)  # never returned: e6 is undatable
    fake = FakeExtractor(answers, undatable=frozenset({"e6"}))
    monkeypatch.setattr(cmd_eval, "extract_document", fake)
    assert cli.main(["eval", str(SMALL_GOLD), "--no-published"]) == 0
    captured = capsys.readouterr()
    assert all(published is None and meta == {} for _, published, meta in fake.calls.values())
    assert fake.calls["e1.txt"][0] == read_gold(SMALL_GOLD)[0].text + "\n"
    assert captured.err == "notices: e6.txt: no publication date in the text; pass --published\n"
    lines = without_wall(captured.out.splitlines())
    assert lines == SMALL_REPORT[:-1] + ["publication day right   4/5"] + SMALL_REPORT[-1:]


def test_eval_min_f1_sets_the_exit_status(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cmd_eval, "extract_document", FakeExtractor(small_notices()))
    assert cli.main(["eval", str(SMALL_GOLD), "--min-f1", "0.66"]) == 0
    assert cli.main(["eval", str(SMALL_GOLD), "--min-f1", "0.7"]) == 1
    assert "STRICT_F1=0.667" in capsys.readouterr().out


def test_eval_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cmd_eval, "extract_document", FakeExtractor(small_notices()))
    assert cli.main(["eval", str(SMALL_GOLD), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["true_positives"], payload["false_positives"], payload["false_negatives"]) == (5, 3, 2)
    assert payload["f1"] == pytest.approx(2 / 3) and payload["title_pairs"] == 7
    assert "details" not in payload


def test_eval_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["eval", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl: no such file" in capsys.readouterr().err


def test_eval_reports_an_extractor_crash(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    def broken(text: str, **_: object) -> Document:
        raise RuntimeError("boom")

    monkeypatch.setattr(cmd_eval, "extract_document", broken)
    assert cli.main(["eval", str(SMALL_GOLD)]) == 2
    assert "e1.txt: extractor failed: RuntimeError: boom" in capsys.readouterr().err


# --------------------------------------------------------------------------
# Gold parsing


def test_read_gold_parses_times_and_flags() -> None:
    docs = read_gold(SMALL_GOLD)
    first = docs[0].events[0]
    assert first.start == datetime(2024, 5, 8, 9, 0) and first.end == datetime(2024, 5, 8, 11, 0)
    assert first.timed and first.end_day == date(2024, 5, 8)
    assert docs[1].events[0].superseded and not docs[1].events[1].superseded
    assert docs[1].events[1].start == date(2024, 6, 20) and not docs[1].events[1].timed
    assert docs[5].published == date(2024, 10, 8) and docs[5].published_basis == "text"


def test_parse_gold_names_the_bad_line() -> None:
    good = SMALL_GOLD.read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(GoldFormatError, match="line 2"):
        parse_gold([good, '{"id": "x", "text": "无日期"}'])
    with pytest.raises(GoldFormatError, match="line 1"):
        parse_gold(["not json"])
    hour_only = {"id": "x", "published": "2024-05-06", "text": "明天9时开会",
                 "events": [{"start": "2024-05-07T09", "forward": True}]}
    with pytest.raises(GoldFormatError, match="line 1: not YYYY-MM-DD"):
        parse_gold([json.dumps(hour_only)])


# --------------------------------------------------------------------------
# Agreement with the reference scorer


def _notices_command() -> str:
    script = Path(sys.executable).parent / "notices"
    if script.exists():
        return f"{shlex.quote(str(script))} extract"
    return f"{shlex.quote(sys.executable)} -m scheduler extract"


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference scorer ../shared/tools/score_events.py absent")
@pytest.mark.parametrize("mode", [[], ["--no-published"]], ids=["published", "no-published"])
def test_eval_agrees_with_the_reference_scorer(mode: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # Both run the real extractor on the small gold file; every line but the
    # wall time must be the same, detail lines included.
    reference = subprocess.run(
        [sys.executable, str(REFERENCE), str(SMALL_GOLD), "--cmd", _notices_command(), "--details", *mode],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )
    assert reference.returncode == 0, reference.stdout + reference.stderr
    assert cli.main(["eval", str(SMALL_GOLD), "--details", *mode]) == 0
    ours = without_wall(capsys.readouterr().out.splitlines())
    theirs = without_wall(reference.stdout.splitlines())
    assert ours == theirs
    figures = [line for line in ours if re.search(r"\d", line) and not line.startswith("  ")]
    assert len(figures) == 9 + bool(mode) and figures[-1].startswith("STRICT_F1=")
