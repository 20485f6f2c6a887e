"""Golden feeds and digests: how they are produced, and where they live.

Two sets, each a tree of ``feeds/*.ics`` and ``digests/*.md|html``:

* ``handmade/`` — hand-made notices (``tests/feed_samples.py``) put straight
  into a store: day one (2023-04-26) is ingested and digested, day two adds
  a hearing notice, then feeds and the 2023-04-27 digest are written.
* ``seeds/`` — ``seeds/`` run through the real extractor with ``--as-of
  2023-04-26`` semantics (needs the extractor).

Regenerate both with ``python -m tests.golden --update`` and review the diff.
"""

from __future__ import annotations

import contextlib
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

from notices.model import SHANGHAI
from scheduler.config import Settings
from scheduler.pipeline import ingest, rebuild_feeds, write_digest
from scheduler.store.store import ArticleRecord, Store
from tests.feed_samples import AS_OF, NOW, make_notice, populate

GOLDEN_DIR = Path(__file__).resolve().parent
REPO_ROOT = GOLDEN_DIR.parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
SEEDS_AS_OF = date(2023, 4, 26)

DAY_TWO = NOW + timedelta(days=1)
HEARING = make_notice(
    uid="hearing-2023-05-05-gongjiao",
    kind="hearing",
    title="城区公交票价调整听证会",
    start=datetime(2023, 5, 5, 9, 30, tzinfo=SHANGHAI),
    end=None,
    location="市发展改革委三楼听证室",
    headline="公交票价调整听证会5月5日举行 即日起公开征集听证参加人",
    evidence="城区公交票价调整听证会定于5月5日上午9时30分在市发展改革委三楼听证室举行，欢迎市民报名旁听。",
    source="inbox/公交听证.txt",
    published=datetime(2023, 4, 26, 17, 0, tzinfo=SHANGHAI),
    published_basis="dateline",
    organizer="市发展改革委",
)


def collect(output: Path) -> dict[str, bytes]:
    """Every file under ``output`` as ``{relative posix path: bytes}``.

    The precompressed ``<feed>.ics.gz`` copies are left out: each must
    decompress to its feed (checked here), so the feed's golden covers it.
    """
    import gzip

    files = {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }
    for name in [name for name in files if name.endswith(".ics.gz")]:
        assert gzip.decompress(files.pop(name)) == files[name[: -len(".gz")]], f"{name} is not its feed"
    return files


def build_handmade_output(workdir: Path) -> dict[str, bytes]:
    """Two days of hand-made notices → feeds and two digests (see module docstring)."""
    output = workdir / "output"
    with Store.open(workdir / "state" / "notices.sqlite3") as store:
        populate(store, workdir, NOW)
        write_digest(store, output, AS_OF, NOW, settings=Settings())
        record = ArticleRecord(
            path=str((workdir / "inbox" / "公交听证.txt").resolve()),
            source="inbox/公交听证.txt",
            sha256="sha-公交听证",
            published=HEARING.published,
            published_basis="dateline",
            headlines=(HEARING.headline,),
        )
        store.ingest_article(record, [HEARING], DAY_TWO)
        rebuild_feeds(store, output, DAY_TWO, Settings())
        write_digest(store, output, AS_OF + timedelta(days=1), DAY_TWO, settings=Settings())
    return collect(output)


def build_seed_output(workdir: Path) -> dict[str, bytes]:
    """The seeds built as ``notices build seeds --as-of 2023-04-26`` would (needs the extractor)."""
    shutil.copytree(SEEDS_DIR, workdir / "seeds")
    now = datetime.combine(SEEDS_AS_OF, Settings().digest_time, SHANGHAI)
    with contextlib.chdir(workdir), Store.open(Path("state") / "notices.sqlite3") as store:
        report = ingest(store, ["seeds"], now)
        if report.skipped:
            raise RuntimeError(f"seeds skipped: {report.skipped}")
        rebuild_feeds(store, Path("output"), now, Settings())
        write_digest(store, Path("output"), SEEDS_AS_OF, now, settings=Settings())
    produced = collect(workdir / "output")
    produced.update(seed_notices())
    return produced


def seed_notices() -> dict[str, bytes]:
    """The extractor's notices for each seed page, as JSON Lines (no --published: inferred)."""
    import json

    from notices.extract import extract_document

    out: dict[str, bytes] = {}
    for page in sorted(SEEDS_DIR.glob("*.txt")):
        doc = extract_document(page.read_text(encoding="utf-8"), source=f"seeds/{page.name}")
        lines = [json.dumps(n.to_json(), ensure_ascii=False, sort_keys=True) for n in doc.notices]
        out[f"notices/{page.stem}.jsonl"] = ("\n".join(lines) + "\n").encode("utf-8")
    return out


def extractor_ready() -> bool:
    """Whether ``notices.extract.extract_document`` is implemented yet."""
    from notices.extract import extract_document

    try:
        extract_document(
            "4月26日上午9时，第70期“热线问政”举行。",
            source="probe",
            published=datetime(2023, 4, 25, 18, 0, tzinfo=SHANGHAI),
        )
    except NotImplementedError:
        return False
    return True
