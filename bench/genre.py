"""A generated folder in the genre: notices, news articles, long reports and whole pages.

Our own sentences in the style of local news and government notices (not
the dev corpus), with varied sizes: short 通知/公告 of a few hundred
characters, news articles of one to five thousand, long work reports of
tens of thousands, and now and then a newspaper page of dozens of short
articles.  Every file states its publication time (front matter or a
``发布时间：`` line) and most hold forward-looking events, so extraction
does its full work.  ``dense=N`` makes every file a news article with about
N events (the 100,000-notice build).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

FIRST_DAY = date(2024, 4, 1)

_AREAS = ["城南片区", "城北片区", "华新开发区", "雁峰区先锋路", "石鼓区中山北路", "蒸湘区解放大道",
          "珠晖区东风路", "南岳区祝融路", "高新区长丰大道", "衡南县云集街道", "耒阳市蔡子池街道",
          "常宁市宜阳街道", "衡阳县西渡镇", "衡山县开云镇", "祁东县洪桥街道", "松木经开区"]
_BODIES = ["市自来水公司", "国网衡阳供电公司", "市交通运输局", "市卫生健康委", "市教育局",
           "市文化旅游广电体育局", "市住房和城乡建设局", "市市场监督管理局"]
_EVENTS = [
    "因管网改造，{body}定于{m}月{d}日{h}:00至17:30对{area}{cn}号管段沿线暂停供水，请居民提前储水。",
    "因线路检修，{m}月{d}日{h}时至18时{area}{cn}号台区将停电，届时请做好准备。",
    "第{cn}期“热线问政”将于{m}月{d}日（星期{w}）上午{h}时举行，{body}负责人将在线接听市民来电。",
    "{area}第{cn}次防汛工作调度会定于{m}月{d}日下午{h2}时在{place}召开。",
    "“湘江印象{cn}”书画展将于{m}月{d}日至{m2}月{d2}日在{place}展出。",
    "{body}定于{m}月{d}日上午{h}时30分在{place}举行居民用水价格调整听证会。",
    "{m}月{d}日起，{area}{cn}标段实行交通管制，请过往车辆绕行。",
    "“{cn}批公益性岗位”报名时间为{m}月{d}日至{m2}月{d2}日，逾期不予受理。",
    "承办单位接到“{cn}号工单”后，须在{k}个工作日内办结并反馈。",
    "“健康进社区{cn}”义诊活动将于{m}月{d}日上午在{place}举行，届时专家免费坐诊。",
    "第{cn}届全民健身运动会开幕式定于{m}月{d}日上午{h}时在{place}举行。",
    "《{cn}号征求意见稿》征求意见截止到{m}月{d}日，欢迎社会各界提出意见建议。",
]
_BUILDINGS = ["市政府", "市民中心", "区政务服务中心", "市博物馆", "市体育中心", "市发展改革委", "市图书馆",
              "区人民医院", "市文化馆", "市会展中心"]
_ROOMS = ["会议室", "报告厅", "展厅", "听证室", "多功能厅"]
_DIGITS = "零一二三四五六七八九"
_FILLER = [
    "会议强调，各级各部门要切实提高政治站位，压实工作责任，确保各项任务落地见效。",
    "今年一季度，全市规模以上工业增加值增长5.8%，经济运行稳中有进、持续向好。",
    "据了解，该项目总投资约2000万元，建成后将惠及周边3万余名居民。",
    "要加快推进重点项目建设，持续优化营商环境，不断增强群众获得感、幸福感、安全感。",
    "市民如有疑问，可拨打12345政务服务便民热线咨询，相关部门将及时受理、限时办结。",
    "近年来，我市坚持以人民为中心的发展思想，扎实办好一批民生实事。",
    "有关部门提醒广大市民合理安排出行和用水，注意安全。",
    "下一步，将进一步完善工作机制，强化督查考核，推动各项工作取得实效。",
]
_HEADLINES = ["关于{area}临时停水的通知", "{area}{m}月{d}日停电公告", "第{n}期“热线问政”本周举行",
              "{area}将召开防汛工作调度会", "书画展{m}月{d}日开展", "关于举行居民用水价格调整听证会的公告",
              "全市安全生产工作会议召开", "{body}发布近期工作安排"]
_DATELINES = ["本报讯（记者 王{n}）", "衡阳晚报讯（全媒体记者 陈{n} 通讯员 李{n}）", "本报讯（通讯员 赵{n}）"]


@dataclass(frozen=True)
class Folder:
    """What ``make_folder`` wrote.

    Example: Folder(files=1700, chars=5_012_345, kinds={"notice": 760, "news": 780, "report": 130, "page": 30}).
    """

    files: int
    chars: int
    kinds: dict[str, int]


def _values(rng: random.Random, published: date) -> dict[str, object]:
    day = published + timedelta(days=rng.randint(1, 60))
    end = day + timedelta(days=rng.randint(2, 20))
    number = rng.randint(1, 9999)
    place = f"{rng.choice(_BUILDINGS)}{_chinese(rng.randint(1, 30))}号{rng.choice(_ROOMS)}"
    return {"m": day.month, "d": day.day, "m2": end.month, "d2": end.day, "n": number, "cn": _chinese(number),
            "h": rng.randint(8, 11), "h2": rng.randint(2, 5), "k": rng.randint(2, 15),
            "w": "一二三四五六日"[day.weekday()], "area": rng.choice(_AREAS), "place": place,
            "body": rng.choice(_BODIES)}


def _chinese(number: int) -> str:
    """A number in Chinese digits, one by one (no digits, so titles stay apart in notice identities)."""
    return "".join(_DIGITS[int(ch)] for ch in str(number))


def _paragraph(rng: random.Random, published: date, events: int, fillers: int) -> str:
    parts = [rng.choice(_EVENTS).format(**_values(rng, published)) for _ in range(events)]
    parts += [rng.choice(_FILLER) for _ in range(fillers)]
    rng.shuffle(parts)
    return "".join(parts)


def _stamp(rng: random.Random, published: date, body: str) -> str:
    when = f"{published.isoformat()} {rng.randint(7, 19):02d}:{rng.choice((0, 15, 30, 45)):02d}"
    if rng.random() < 0.6:
        return f"---\npublished: {when}\n---\n{body}"
    title, _, rest = body.partition("\n")
    return f"{title}\n发布时间：{when}  来源：衡阳日报\n{rest}"


def _article(rng: random.Random, published: date, paragraphs: int, events: int) -> str:
    values = _values(rng, published)
    lines = [rng.choice(_HEADLINES).format(**values)]
    first = rng.choice(_DATELINES).format(**values)
    for number in range(paragraphs):
        share = events // paragraphs + (1 if number < events % paragraphs else 0)
        text = _paragraph(rng, published, share, rng.randint(2, 6))
        lines.append(first + text if number == 0 else text)
    return "\n".join(lines) + "\n"


def _page(rng: random.Random, published: date, articles: int) -> str:
    parts = []
    for _ in range(articles):
        values = _values(rng, published)
        parts.append(f"{rng.choice(_HEADLINES).format(**values)}\n{rng.choice(_DATELINES).format(**values)}"
                     f"{_paragraph(rng, published, rng.randint(1, 2), rng.randint(1, 3))}\n\n")
    return "".join(parts)


def make_text(rng: random.Random, dense: int = 0) -> tuple[str, str]:
    """One file's text and its kind (notice, news, report or page).

    Example: make_text(random.Random(1)) → ("---\\npublished: 2024-04-18 09:30\\n---\\n关于城南片区…", "notice").
    """
    published = FIRST_DAY + timedelta(days=rng.randint(0, 60))
    if dense:
        return _stamp(rng, published, _article(rng, published, max(2, dense // 3), dense)), "news"
    roll = rng.random()
    if roll < 0.45:
        kind, body = "notice", _article(rng, published, rng.randint(1, 2), rng.randint(1, 3))
    elif roll < 0.90:
        kind, body = "news", _article(rng, published, rng.randint(3, 14), rng.randint(0, 6))
    elif roll < 0.98:
        kind, body = "report", _article(rng, published, rng.randint(40, 160), rng.randint(4, 16))
    else:
        kind, body = "page", _page(rng, published, rng.randint(20, 60))
    return _stamp(rng, published, body), kind


def make_folder(root: Path, target_chars: int = 0, *, files: int = 0, dense: int = 0, seed: int = 7) -> Folder:
    """Write generated files under ``root`` (in sub-folders of 500) until either limit is reached.

    Example: make_folder(Path("/tmp/genre"), 5_000_000) → Folder(files≈1700, chars≈5,000,000, …).
    """
    rng = random.Random(seed)
    count = chars = 0
    kinds: dict[str, int] = {}
    while (target_chars and chars < target_chars) or (files and count < files):
        text, kind = make_text(rng, dense)
        folder = root / f"{count // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{count:05d}_{kind}.txt").write_text(text, encoding="utf-8")
        count += 1
        chars += len(text)
        kinds[kind] = kinds.get(kind, 0) + 1
    return Folder(count, chars, kinds)
