"""The front page: every feed with its subscribe links and QR code, and the latest digests.

Written as ``output/index.html`` (so nginx or a CDN can serve it like the
feeds) and served by ``notices serve`` at ``/``.  One self-contained page:
inline style, inline SVG QR codes made with ``qrcode``, no script, no
external assets; one column on a phone (390 px), a grid on a desktop.

Subscribe links are absolute (``base_url``, else ``http://host:port``): an
``https://`` (or ``http://``) address to paste and a ``webcal://`` one that
opens the subscription dialog; the QR code holds the ``webcal://`` address
(the iPhone camera and Android's ICSx⁵ open it).  Links to the files
themselves are relative, so the page works wherever ``output/`` is served.
Pure apart from ``upcoming_in_store`` (counts read from the store's feed
rows with aggregate queries, so 100,000 notices are not loaded to count
them) and ``write_front_page``, which lists the digests on disk and writes
the file when its bytes change.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notices.model import SHANGHAI
from scheduler.config import Settings
from scheduler.publish.feedsets import describe, last_day, select
from scheduler.publish.html_page import page_start
from scheduler.store.values import StoredNotice

if TYPE_CHECKING:
    from scheduler.publish.feedcache import StoreView
    from scheduler.store.store import Store

INDEX_FILE = "index.html"
PAGE_TITLE = "本地通知日历"
LATEST_DIGESTS = 7
FONT_STACK = ('"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",'
              '"Microsoft YaHei",system-ui,sans-serif')
_DIGEST_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})\.html")


@dataclass(frozen=True)
class FeedCard:
    """One feed as the front page shows it.

    Example: FeedCard(file_name="hotline.ics", title="本地通知·热线问政", description="…", upcoming=1,
    url="https://notices.example.org/feeds/hotline.ics", webcal="webcal://notices.example.org/feeds/hotline.ics").
    """

    file_name: str
    title: str
    description: str
    upcoming: int
    url: str
    webcal: str

    @property
    def href(self) -> str:
        """The file, relative to the page. Example: "feeds/hotline.ics"."""
        return f"feeds/{self.file_name}"


@dataclass(frozen=True)
class FrontPage:
    """Everything on the page.

    Example: FrontPage(cards=(全部, 蒸湘区停水停电, 热线问政, …), digests=(2023-04-27, 2023-04-26)).
    """

    cards: tuple[FeedCard, ...]
    digests: tuple[date, ...]
    as_of: date


@dataclass(frozen=True)
class Upcoming:
    """How many events each feed still has ahead (not over on the page's day), and every stored kind.

    Example: Upcoming(everything=2, by_kind={"deadline": 1, "meeting": 1}, by_feed={"zhengxiang.ics": 0},
    kinds=frozenset({"hotline", "deadline", "meeting"})) on 2023-04-27 (the 4月26日 热线问政 is over).
    """

    everything: int
    by_kind: Mapping[str, int]
    by_feed: Mapping[str, int]
    kinds: frozenset[str]


def count_upcoming(stored: Iterable[StoredNotice], now: datetime, settings: Settings) -> Upcoming:
    """The counts the cards show, from whole notices (withdrawn and past ones included).

    Example: count_upcoming(store.stored_notices(include_withdrawn=True), 2023-04-27T07:00+08:00,
    Settings()).by_kind["deadline"] → 1 (5月4日办结截止).
    """
    from scheduler.publish.ics import select_for_feed

    everything = list(stored)
    today = now.astimezone(SHANGHAI).date()
    ahead = [item for item in select_for_feed(everything, now, settings.feed_past_days)
             if last_day(item.notice) >= today]
    by_kind = Counter(item.notice.kind for item in ahead)
    by_feed = {spec.file_name: len(select(spec, ahead, settings.named_sources)) for spec in settings.feeds}
    return Upcoming(len(ahead), dict(by_kind), by_feed, frozenset(item.notice.kind for item in everything))


def upcoming_in_store(
    store: Store, now: datetime, settings: Settings, view: StoreView | None = None
) -> Upcoming:
    """The same counts as ``count_upcoming``, read with aggregate queries over the feed rows.

    Whole notices are read only for the ``[[feeds]]`` (and then only those
    still ahead), or when some notice has no feed row yet; a ``view`` that
    already read the store is used as it is.

    Example: upcoming_in_store(store, 2023-04-27T07:00+08:00, Settings()).everything → 2.
    """
    if view is not None and view.loaded:
        return count_upcoming(view.stored, now, settings)
    if not store.feed_rows_complete():  # rows not made yet (build writes the page while workers render)
        stored = view.stored if view is not None else store.stored_notices(include_withdrawn=True)
        return count_upcoming(stored, now, settings)
    today = now.astimezone(SHANGHAI).date()
    first = max(today, today - timedelta(days=settings.feed_past_days)).isoformat()
    by_kind = store.upcoming_by_kind(first)
    by_feed: dict[str, int] = {}
    if settings.feeds:
        ahead = store.stored_notices(uids=store.listed_uids(first))
        by_feed = {spec.file_name: len(select(spec, ahead, settings.named_sources)) for spec in settings.feeds}
    return Upcoming(sum(by_kind.values()), by_kind, by_feed, frozenset(store.feed_kinds()))


def feed_cards(upcoming: Upcoming, settings: Settings, kinds: Mapping[str, Any]) -> tuple[FeedCard, ...]:
    """``all.ics``, then the ``[[feeds]]`` in their order, then one card per kind.

    Example: feed_cards(upcoming_in_store(store, now, Settings()), Settings(), kinds)[0].title → "本地通知·全部".
    """
    from scheduler.publish.ics import calendar_description, calendar_title, feed_name

    base = settings.public_base_url
    labels = {name: info.label for name, info in kinds.items()}

    def card(file_name: str, title: str, description: str, count: int) -> FeedCard:
        url = f"{base}/feeds/{file_name}"
        return FeedCard(file_name, title, description, count, url, "webcal://" + url.split("://", 1)[1])

    past = settings.feed_past_days
    cards = [card("all.ics", calendar_title(None, kinds), calendar_description(None, kinds, past),
                  upcoming.everything)]
    for spec in settings.feeds:
        cards.append(card(spec.file_name, spec.title, describe(spec, labels), upcoming.by_feed.get(spec.file_name, 0)))
    for kind in sorted(upcoming.kinds | set(kinds)):
        cards.append(card(f"{feed_name(kind)}.ics", calendar_title(kind, kinds),
                          calendar_description(kind, kinds, past), upcoming.by_kind.get(kind, 0)))
    return tuple(cards)


def digest_days(output: Path, limit: int = LATEST_DIGESTS) -> tuple[date, ...]:
    """The newest digests written under ``output/digests`` (newest first).

    Example: digest_days(Path("output")) → (date(2023, 4, 27), date(2023, 4, 26)).
    """
    try:
        names = [entry.name for entry in (Path(output) / "digests").iterdir()]
    except OSError:
        return ()
    days = sorted({m[1] for name in names if (m := _DIGEST_NAME.fullmatch(name))}, reverse=True)
    return tuple(date.fromisoformat(day) for day in days[:limit])


def write_front_page(
    output: Path,
    store: Store,
    now: datetime,
    settings: Settings,
    kinds: Mapping[str, Any],
    *,
    view: StoreView | None = None,
) -> list[Path]:
    """Write ``output/index.html`` if its bytes changed; returns it when written.

    The counts come from ``upcoming_in_store`` (aggregate queries, not every notice).

    Example: write_front_page(Path("output"), store, now, Settings(), kinds) →
    [output/index.html] the first time, [] when nothing changed.
    """
    from scheduler.publish.files import write_if_changed

    counts = upcoming_in_store(store, now, settings, view)
    page = FrontPage(feed_cards(counts, settings, kinds), digest_days(output), now.astimezone(settings.zone).date())
    target = Path(output) / INDEX_FILE
    return [target] if write_if_changed(target, render_index(page).encode("utf-8")) else []


def render_index(page: FrontPage) -> str:
    """The page as HTML text.

    Example: render_index(page) → "<!DOCTYPE html>…<h2>本地通知·热线问政</h2>…<svg …>…".
    """
    e = html.escape
    parts = [
        *page_start(PAGE_TITLE, _CSS),
        '<p class="intro">本地新闻和公告里预告的活动、会议、停水停电和截止日期，按日历订阅后自动更新。'
        "在 iPhone 或 Mac 上点“订阅”；安卓手机用相机或 ICSx⁵ 扫二维码；"
        "电脑上的日历（Google 日历、Outlook、Thunderbird）选“通过网址添加”，粘贴订阅地址。</p>",
        f'<p class="asof">更新于 {page.as_of.isoformat()}</p>',
        '<section class="feeds">',
    ]
    for card in page.cards:
        parts += [
            '<article class="feed">',
            f"<h2>{e(card.title)}</h2>",
            f'<p class="desc">{e(card.description)}</p>',
            f'<p class="count">即将到来：<strong>{card.upcoming}</strong> 项</p>',
            f'<p class="links"><a class="subscribe" href="{e(card.webcal)}">订阅</a> '
            f'<a href="{e(card.href)}" download>下载 .ics</a></p>',
            f'<p class="url">订阅地址：<a href="{e(card.url)}">{e(card.url)}</a></p>',
            f'<figure class="qr">{qr_svg(card.webcal, card.title)}'
            "<figcaption>手机扫码订阅</figcaption></figure>",
            "</article>",
        ]
    parts.append("</section>")
    parts += ['<section class="digests">', "<h2>每日摘要</h2>"]
    if page.digests:
        parts.append("<ul>")
        for day in page.digests:
            stem = f"digests/{day.isoformat()}"
            parts.append(f'<li><a href="{stem}.html">{_long_date(day)}</a> '
                         f'<a class="md" href="{stem}.md">Markdown</a></li>')
        parts.append("</ul>")
    else:
        parts.append("<p>还没有摘要。</p>")
    parts += ["</section>", "</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


@lru_cache(maxsize=512)
def qr_svg(data: str, label: str) -> str:
    """An inline SVG QR code for ``data`` (no fixed size: the page's style sizes it).

    Example: qr_svg("webcal://notices.example.org/feeds/hotline.ics", "本地通知·热线问政") →
    '<svg viewBox="0 0 41 41" … role="img" aria-label="…"><path d="M4,4H5…"/></svg>'.
    """
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    text: str = image.to_string(encoding="unicode")
    # The page's style sizes the code; ids would repeat once per feed.
    text = re.sub(r'\s(?:width|height|id)="[^"]*"', "", text)
    aria = html.escape(f"{label} 的订阅二维码：{data}", quote=True)
    return text.replace("<svg ", f'<svg role="img" aria-label="{aria}" ', 1)


def _long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{'一二三四五六日'[day.weekday()]}）"


_CSS = (
    f"body{{font-family:{FONT_STACK};margin:0;background:#f7f7f5;color:#222;line-height:1.6}}"
    "main{max-width:72em;margin:0 auto;padding:1em}"
    "h1{font-size:1.6em;margin:.3em 0}.intro{max-width:46em}.asof{color:#666;font-size:.9em}"
    ".feeds{display:grid;grid-template-columns:repeat(auto-fill,minmax(17em,1fr));gap:1em}"
    ".feed{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1em;min-width:0}"
    ".feed h2{font-size:1.15em;margin:0 0 .3em}.desc{color:#444;margin:.2em 0}"
    ".count{margin:.2em 0}.url{font-size:.85em;color:#555;overflow-wrap:anywhere}"
    ".links a{margin-right:.8em}"
    ".subscribe{display:inline-block;background:#1a5fb4;color:#fff;border-radius:4px;"
    "padding:.25em .9em;text-decoration:none}"
    ".qr{margin:.5em 0 0;text-align:center}"
    ".qr svg{width:9.5em;height:9.5em;max-width:100%;background:#fff}"
    ".qr figcaption{font-size:.8em;color:#666}"
    ".digests ul{padding-left:1.2em}.md{font-size:.85em;margin-left:.6em}"
    "@media (max-width:30em){main{padding:.6em}.feeds{grid-template-columns:1fr}}"
)
