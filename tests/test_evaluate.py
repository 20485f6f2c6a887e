"""Gold scoring (notices.evaluate) and the ``notices eval`` command, on hand-built documents."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import pytest

from notices.evaluate import GoldDoc, GoldEvent, GoldFormatError, parse_gold, read_gold, score
from notices.extract import Document
from notices.model import SHANGHAI, Notice, PublishedAt
from scheduler import cli, cmd_eval

PUBLISHED = datetime(2024, 5, 6, tzinfo=SHANGHAI)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def notice(
    start: date | datetime,
    end: date | datetime | None = None,
    *,
    kind: str = "hotline",
    title: str = "预测",
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
        published=PUBLISHED,
        published_basis="metadata",
        source="test",
        headline="",
        evidence="",
        span=(0, 0),
    )


def gold(
    start: date | datetime,
    end: date | datetime | None = None,
    *,
    kind: str = "hotline",
    title: str = "金标",
    forward: bool = True,
    superseded: bool = False,
) -> GoldEvent:
    return GoldEvent(title, kind, start, end, forward, "证据", superseded)


def doc(doc_id: str, *events: GoldEvent, text: str = "本报讯 市民热线明天上午开通。") -> GoldDoc:
    return GoldDoc(doc_id, "test", date(2024, 5, 6), "metadata", text, events)


def test_date_level_match_counts_as_found() -> None:
    docs = [doc("a", gold(date(2024, 5, 8)))]
    result = score(docs, {"a": [notice(at(2024, 5, 8, 9))]})
    assert (result.forward_recall, result.forward_precision, result.forward_f1) == (1.0, 1.0, 1.0)
    assert result.found_forward == 1 and result.false_forward == 0
    assert result.details == ()


def test_minute_mismatch_is_found_by_date_but_not_by_minute() -> None:
    docs = [doc("a", gold(datetime(2024, 5, 8, 9, 0)))]
    result = score(docs, {"a": [notice(at(2024, 5, 8, 9, 30))]})
    assert result.forward_recall == 1.0
    assert (result.gold_timed, result.found_minute, result.minute_recall) == (1, 0, 0.0)
    assert any(line.startswith("a: minute") for line in result.details)


def test_all_day_prediction_misses_a_clock_time() -> None:
    docs = [doc("a", gold(datetime(2024, 5, 8, 9, 0)))]
    result = score(docs, {"a": [notice(date(2024, 5, 8))]})
    assert result.forward_recall == 1.0 and result.minute_recall == 0.0


def test_minute_match_prefers_the_right_notice_among_same_day_ones() -> None:
    docs = [doc("a", gold(datetime(2024, 5, 8, 9, 0)))]
    preds = [notice(at(2024, 5, 8, 15)), notice(at(2024, 5, 8, 9))]
    assert score(docs, {"a": preds}).minute_recall == 1.0


def test_end_mismatch_lowers_span_end_recall() -> None:
    docs = [doc("a", gold(date(2024, 5, 20), date(2024, 5, 24), kind="exhibition"))]
    result = score(docs, {"a": [notice(date(2024, 5, 20), date(2024, 5, 23), kind="exhibition")]})
    assert result.forward_recall == 1.0
    assert (result.gold_with_end, result.found_end, result.span_end_recall) == (1, 0, 0.0)
    assert any(line.startswith("a: end") for line in result.details)


def test_end_at_midnight_is_the_previous_day() -> None:
    # 7月15日0时至8月24日24时: gold end 8-24, prediction ends 8-25 00:00.
    docs = [doc("a", gold(datetime(2024, 7, 15, 0, 0), date(2024, 8, 24)))]
    pred = notice(at(2024, 7, 15, 0), at(2024, 8, 25, 0))
    assert score(docs, {"a": [pred]}).span_end_recall == 1.0
    late = notice(at(2024, 7, 15, 0), at(2024, 8, 25, 8))
    assert score(docs, {"a": [late]}).span_end_recall == 0.0


def test_superseded_gold_is_neither_missed_nor_false() -> None:
    docs = [
        doc(
            "a",
            gold(date(2024, 5, 26), kind="deadline", superseded=True),
            gold(date(2024, 6, 10), kind="deadline"),
        )
    ]
    only_old = score(docs, {"a": [notice(date(2024, 5, 26), kind="deadline")]})
    assert only_old.false_forward == 0 and only_old.forward_precision == 1.0
    assert (only_old.gold_forward, only_old.found_forward) == (1, 0)
    both = score(docs, {"a": [notice(date(2024, 6, 10), kind="deadline")]})
    assert both.forward_recall == 1.0 and both.gold_forward == 1


def test_false_positive_lowers_precision_and_is_listed() -> None:
    docs = [doc("a", gold(date(2024, 5, 8)))]
    preds = [notice(date(2024, 5, 8)), notice(date(2024, 5, 9), title="多余")]
    result = score(docs, {"a": preds})
    assert (result.predicted_forward, result.false_forward) == (2, 1)
    assert result.forward_precision == 0.5
    assert result.forward_f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert any("false" in line and "多余" in line and "2024-05-09" in line for line in result.details)


def test_past_predictions_do_not_count() -> None:
    docs = [doc("a", gold(date(2024, 5, 8)))]
    result = score(docs, {"a": [notice(date(2024, 5, 1), forward=False)]})
    assert result.predicted_forward == 0 and result.false_forward == 0
    assert result.forward_recall == 0.0
    assert any(line.startswith("a: missed") for line in result.details)


def test_prediction_of_a_past_gold_event_is_not_false() -> None:
    docs = [doc("a", gold(date(2024, 5, 3), forward=False), gold(date(2024, 5, 8)))]
    result = score(docs, {"a": [notice(date(2024, 5, 3)), notice(date(2024, 5, 8))]})
    assert result.false_forward == 0 and result.gold_forward == 1


def test_predictions_only_match_their_own_document() -> None:
    docs = [doc("a", gold(date(2024, 5, 8))), doc("b", gold(date(2024, 5, 9)))]
    result = score(docs, {"a": [notice(date(2024, 5, 9))]})
    assert result.found_forward == 0 and result.false_forward == 1


def test_kind_accuracy_uses_the_best_matching_notice() -> None:
    docs = [doc("a", gold(datetime(2024, 5, 8, 9, 0), kind="hotline"))]
    wrong = score(docs, {"a": [notice(at(2024, 5, 8, 9), kind="meeting")]})
    assert (wrong.found_forward, wrong.kind_correct, wrong.kind_accuracy) == (1, 0, 0.0)
    assert any("kind hotline ≠ meeting" in line for line in wrong.details)
    # Of two same-minute notices, the one with the gold kind is the best match.
    both = [notice(at(2024, 5, 8, 9), kind="meeting"), notice(at(2024, 5, 8, 9), kind="hotline")]
    assert score(docs, {"a": both}).kind_accuracy == 1.0
    # A right minute beats a right kind: the 15:00 hotline is not the match.
    timed = [notice(at(2024, 5, 8, 9), kind="meeting"), notice(at(2024, 5, 8, 15), kind="hotline")]
    assert score(docs, {"a": timed}).kind_accuracy == 0.0


def test_empty_predictions_give_zero_recall() -> None:
    result = score([doc("a", gold(date(2024, 5, 8)))], {})
    assert (result.forward_recall, result.forward_f1) == (0.0, 0.0)


def test_published_accuracy_counts_inferred_dates() -> None:
    docs = [doc("a"), doc("b")]
    result = score(docs, {}, published={"a": date(2024, 5, 6), "b": date(2024, 5, 5)})
    assert (result.published_checked, result.published_correct) == (2, 1)
    assert result.published_accuracy == 0.5
    assert any(line.startswith("b: published inferred 2024-05-05") for line in result.details)


GOLD_LINES = [
    {
        "id": "t1",
        "source": "test",
        "published": "2024-05-06",
        "published_basis": "metadata",
        "text": "本报讯 第8期“民生热线”将于5月8日上午9:00—11:00举行,市民可拨打电话参与。",
        "events": [
            {
                "title": "第8期“民生热线”",
                "kind": "hotline",
                "start": "2024-05-08T09:00",
                "end": "2024-05-08T11:00",
                "location": None,
                "forward": True,
                "evidence": "5月8日上午9:00—11:00",
            }
        ],
    },
    {
        "id": "t2",
        "source": "test",
        "published": "2024-05-07",
        "published_basis": "text",
        "text": "本报讯 5月7日,听证会报名截止日期延长至5月20日。",
        "events": [
            {"title": "报名截止", "kind": "deadline", "start": "2024-05-10", "end": None,
             "forward": True, "evidence": "5月10日", "superseded": True},
            {"title": "报名截止(延长)", "kind": "deadline", "start": "2024-05-20", "end": None,
             "forward": True, "evidence": "5月20日"},
        ],
    },
]


def write_gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in GOLD_LINES) + "\n\n",
        encoding="utf-8",
    )
    return path


def test_read_gold_parses_times_and_flags(tmp_path: Path) -> None:
    docs = read_gold(write_gold(tmp_path))
    assert [d.id for d in docs] == ["t1", "t2"]
    first = docs[0].events[0]
    assert first.start == datetime(2024, 5, 8, 9, 0) and first.end == datetime(2024, 5, 8, 11, 0)
    assert first.timed and first.end_day == date(2024, 5, 8)
    assert docs[1].published == date(2024, 5, 7) and docs[1].published_basis == "text"
    assert docs[1].events[0].superseded and not docs[1].events[1].superseded
    assert docs[1].events[1].start == date(2024, 5, 20) and not docs[1].events[1].timed


def test_parse_gold_names_the_bad_line() -> None:
    good = json.dumps(GOLD_LINES[0], ensure_ascii=False)
    with pytest.raises(GoldFormatError, match="line 2"):
        parse_gold([good, '{"id": "x", "text": "无日期"}'])
    with pytest.raises(GoldFormatError, match="line 1"):
        parse_gold(["not json"])


class FakeExtractor:
    """Stands in for extract_document: answers from a table, records what it was given."""

    def __init__(self, answers: Mapping[str, tuple[Notice, ...]], inferred: date) -> None:
        self.answers = answers
        self.inferred = inferred
        self.calls: dict[str, datetime | None] = {}

    def __call__(self, text: str, *, source: str, published: datetime | None = None,
                 meta: Mapping[str, str] | None = None) -> Document:
        self.calls[source] = published
        when = published or datetime(self.inferred.year, self.inferred.month, self.inferred.day,
                                     tzinfo=SHANGHAI)
        return Document(source, PublishedAt(when, "test"), (), self.answers.get(source, ()))


def test_eval_command_prints_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeExtractor(
        {
            "t1": (notice(at(2024, 5, 8, 9), at(2024, 5, 8, 11)),),
            "t2": (notice(date(2024, 5, 20), kind="deadline"), notice(date(2024, 6, 1), title="多余")),
        },
        inferred=date(2024, 5, 7),
    )
    monkeypatch.setattr(cmd_eval, "extract_document", fake)
    status = cli.main(["eval", str(write_gold(tmp_path)), "--details"])
    out = capsys.readouterr().out
    assert status == 0
    # Metadata dates are handed over at local midnight; text dates are left to infer.
    assert fake.calls == {"t1": at(2024, 5, 6), "t2": None}
    assert "forward precision 0.67  recall 1.00  F1 0.80" in out
    assert "minute recall 1.00  (1/1)" in out
    assert "span-end recall 1.00  (1/1)" in out
    assert "kind accuracy 1.00  (2/2)" in out
    assert "published-date accuracy 1.00  (1/1 inferred)" in out
    assert "t2: false pred [hotline] 多余 2024-06-01" in out


def test_eval_command_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cmd_eval, "extract_document", FakeExtractor({}, inferred=date(2024, 5, 1)))
    assert cli.main(["eval", str(write_gold(tmp_path)), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["forward_recall"] == 0.0 and payload["gold_forward"] == 2
    assert payload["published_checked"] == 1 and payload["published_correct"] == 0
    assert "details" not in payload


def test_eval_command_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["eval", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl: no such file" in capsys.readouterr().err


def test_eval_command_reports_extractor_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    def broken(text: str, **_: object) -> Document:
        raise RuntimeError("boom")

    monkeypatch.setattr(cmd_eval, "extract_document", broken)
    assert cli.main(["eval", str(write_gold(tmp_path))]) == 2
    assert "t1: extractor failed: RuntimeError: boom" in capsys.readouterr().err
