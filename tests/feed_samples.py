"""Hand-made notices and articles for the store, feed, digest and build tests.

All texts are written for these tests in the style of a city evening paper;
the day of reference is 2023-04-26 (a Wednesday, before the 五一 holiday).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from notices.extract import Document
from notices.model import SHANGHAI, Article, Notice, PublishedAt
from scheduler.store.store import ArticleRecord, Store

AS_OF = date(2023, 4, 26)
NOW = datetime(2023, 4, 26, 7, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int, minute: int = 0, month: int = 4) -> datetime:
    """A Shanghai time in 2023."""
    return datetime(2023, month, day, hour, minute, tzinfo=SHANGHAI)


def make_notice(**fields: Any) -> Notice:
    """A forward hotline notice, with any field overridden."""
    base = Notice(
        uid="hotline-2023-04-26-70",
        kind="hotline",
        title="第70期“热线问政”",
        start=at(26, 9),
        end=at(26, 11),
        all_day=False,
        forward=True,
        published=at(26, 0),
        published_basis="text-today",
        source="inbox/热线问政.txt",
        headline="第70期“热线问政”今日开通 市场监管局长接听来电",
        evidence="4月26日上午9时至11时，市市场监管局负责人做客12345热线，现场接听市民来电。",
        span=(40, 78),
        organizer="12345政务服务便民热线",
    )
    return replace(base, **fields)


HOTLINE = make_notice()
DEADLINE = make_notice(
    uid="deadline-2023-05-04-gongdan",
    kind="deadline",
    title="承办单位办结“热线问政”工单",
    start=date(2023, 5, 4),
    end=None,
    all_day=True,
    evidence="对当天受理的诉求，各承办单位须在3个工作日内办结，并书面答复来电市民。",
    span=(80, 118),
    organizer=None,
    rule="3个工作日内办结，依法定节假日顺延",
)
MEETING = make_notice(
    uid="meeting-2023-04-27-fangxun",
    kind="meeting",
    title="全市防汛抗旱工作调度会",
    start=at(27, 15),
    end=None,
    location="市政府第一会议室，三楼",
    headline="防汛调度会明日召开",
    evidence="全市防汛抗旱工作调度会定于4月27日下午3时在市政府第一会议室召开，各县市区设分会场。",
    source="inbox/防汛.txt",
    published=at(25, 18),
    published_basis="dateline",
    organizer=None,
)
OUTAGE = make_notice(
    uid="outage-2023-04-29-tingshui",
    kind="outage",
    title="蒸湘区部分片区停水",
    start=date(2023, 4, 29),
    end=date(2023, 4, 30),
    all_day=True,
    location="蒸湘路、船山大道沿线；华新开发区",
    headline="因管网改造 蒸湘区部分片区4月29日至30日停水",
    evidence="因供水管网改造施工，4月29日至30日蒸湘路、船山大道沿线及华新开发区将暂停供水，请居民提前储水。",
    source="inbox/停水.txt",
    published=at(25, 9),
    published_basis="front-matter",
    organizer="市自来水公司",
)
EXHIBITION = make_notice(
    uid="exhibition-2023-05-01-laozhaopian",
    kind="exhibition",
    title="“湘江记忆”老照片展",
    start=date(2023, 5, 1),
    end=date(2023, 5, 1),
    all_day=True,
    location="市博物馆二楼临展厅",
    headline="“湘江记忆”老照片展五一开展",
    evidence="“湘江记忆”老照片展将于5月1日在市博物馆二楼临展厅开展，市民可凭身份证免费参观。",
    source="inbox/展览.txt",
    published=at(24, 10),
    published_basis="dateline",
    organizer=None,
    url="https://www.example.gov.cn/news/2023/0424/zhanlan.html",
)
LONG_EVENT = make_notice(
    uid="activity-2023-04-28-yizhen",
    kind="activity",
    title="“服务百姓健康行动”大型义诊活动暨家庭医生签约服务进社区宣传活动（雁峰区白沙洲街道站）",
    start=at(28, 8, 30),
    end=at(28, 11, 30),
    location="雁峰区白沙洲街道社区卫生服务中心门前广场，含儿科、眼科、口腔科等十余个科室",
    headline="义诊进社区 专家到家门",
    evidence="4月28日上午8时30分至11时30分，市中心医院、市中医医院等单位的专家将在白沙洲街道开展义诊，现场免费测量血压、血糖，并提供用药咨询。",
    source="inbox/义诊.txt",
    published=at(25, 16),
    published_basis="dateline",
    organizer=None,
)
PAST_REPORT = make_notice(
    uid="meeting-2023-04-20-changwu",
    kind="meeting",
    title="市政府常务会议",
    start=at(20, 15),
    end=None,
    forward=False,
    headline="市政府召开常务会议",
    evidence="4月20日下午，市长主持召开市政府常务会议，研究部署近期重点工作。",
    source="inbox/常务会.txt",
    published=at(21, 8),
    published_basis="dateline",
    organizer=None,
)
OLD_FORWARD = make_notice(
    uid="hearing-2023-03-01-shuijia",
    kind="hearing",
    title="居民生活用水价格调整听证会",
    start=at(1, 9, month=3),
    end=at(1, 12, month=3),
    location="市发展改革委听证室",
    headline="我市将召开居民用水价格听证会",
    evidence="居民生活用水价格调整听证会定于3月1日上午9时在市发展改革委听证室举行。",
    source="inbox/听证.txt",
    published=at(20, 9, month=2),
    published_basis="dateline",
    organizer=None,
)
RECENT_PAST = make_notice(
    uid="ceremony-2023-04-10-jiepai",
    kind="ceremony",
    title="市青少年科技活动中心揭牌仪式",
    start=at(10, 10),
    end=None,
    location="市青少年科技活动中心",
    headline="市青少年科技活动中心下周一揭牌",
    evidence="市青少年科技活动中心揭牌仪式定于4月10日上午10时举行。",
    source="inbox/揭牌.txt",
    published=at(6, 9),
    published_basis="dateline",
    organizer=None,
)

SAMPLE_NOTICES: tuple[Notice, ...] = (
    HOTLINE, DEADLINE, MEETING, OUTAGE, EXHIBITION, LONG_EVENT, PAST_REPORT, OLD_FORWARD, RECENT_PAST,
)


@dataclass(frozen=True)
class SampleArticle:
    """One hand-made input file and the notices an extractor would find in it."""

    name: str
    published: datetime
    basis: str
    headline: str
    notices: tuple[Notice, ...]

    def record(self, root: Path) -> ArticleRecord:
        return ArticleRecord(
            path=str((root / "inbox" / self.name).resolve()),
            source=f"inbox/{self.name}",
            sha256=f"sha-{self.name}",
            published=self.published,
            published_basis=self.basis,
            headlines=(self.headline,),
        )


def sample_articles() -> tuple[SampleArticle, ...]:
    """Articles grouping the sample notices by source; the hotline appears in two of them."""
    grouped: dict[str, list[Notice]] = {}
    for notice in SAMPLE_NOTICES:
        grouped.setdefault(notice.source.removeprefix("inbox/"), []).append(notice)
    articles = []
    for name, notices in sorted(grouped.items()):
        first = notices[0]
        articles.append(SampleArticle(name, first.published, first.published_basis, first.headline, tuple(notices)))
    # A follow-up report the next morning repeats the hotline session: same uid, second source.
    repeat = replace(
        HOTLINE,
        source="inbox/热线问政续.txt",
        headline="今天上午 市场监管局长接听“热线问政”来电",
        evidence="今天上午9时至11时，第70期“热线问政”在12345热线举行，市民可拨打电话反映诉求。",
        published=at(26, 6, 30),
        published_basis="dateline",
    )
    articles.append(SampleArticle("热线问政续.txt", repeat.published, "dateline", repeat.headline, (repeat,)))
    return tuple(articles)


def populate(store: Store, root: Path, now: datetime = NOW) -> None:
    """Ingest every sample article straight into the store (no extractor involved)."""
    for article in sample_articles():
        store.ingest_article(article.record(root), article.notices, now)


# -- a stand-in extractor for pipeline and CLI tests -----------------------------


def article_text(published: datetime, basis: str, headline: str, notices: Sequence[Notice]) -> str:
    """An input file the fake extractor understands (JSON)."""
    payload = {
        "published": published.isoformat(),
        "basis": basis,
        "headline": headline,
        "notices": [n.to_json() for n in notices],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def fake_extract_document(
    text: str,
    *,
    source: str,
    published: datetime | None = None,
    meta: Mapping[str, str] | None = None,
) -> Document:
    """Read the JSON written by :func:`article_text`; the notices take ``source`` as their source."""
    payload = json.loads(text)
    when = datetime.fromisoformat(payload["published"])
    headline = payload["headline"]
    notices = tuple(
        replace(Notice.from_json(item), source=source, headline=headline, published=when)
        for item in payload["notices"]
    )
    article = Article(headline=headline, dateline="", body=text, start=0, end=len(text), body_start=0)
    return Document(
        source=source,
        published=PublishedAt(when=when, basis=payload["basis"]),
        articles=(article,),
        notices=notices,
    )


def write_inbox(root: Path) -> Path:
    """Write every sample article as a JSON input file under ``root/inbox``; returns the folder."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for article in sample_articles():
        text = article_text(article.published, article.basis, article.headline, article.notices)
        (inbox / article.name).write_text(text, encoding="utf-8")
    return inbox
