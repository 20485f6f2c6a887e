"""The compiled-regex cache of the ``notices`` command: same matches, read back, never in the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scheduler.cli.regex_cache import cache_path

# Run in a child interpreter: installing the cache patches this process's re module.
_CHILD = r"""
import json, re, sys
from pathlib import Path
from scheduler.cli import regex_cache
if sys.argv[1] != "plain":
    regex_cache.install(Path(sys.argv[1]))
patterns = [
    (r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]", 0),
    (r"(?i)(?:上午|下午)?\s*(\d{1,2})[:：](\d{2})\s*(am|pm)?", 0),
    (r"^第[一二三四五六七八九十]+条", re.M),
]
text = "市自来水公司定于5月9日上午9:30停水，第二条\n第三条 下午2:00 PM恢复"
out = []
for source, flags in patterns:
    p = re.compile(source, flags)
    out.append([p.flags, p.groups, sorted(p.groupindex.items()),
                [(m.span(), m.groups()) for m in p.finditer(text)]])
from notices import lexicon, rules
guard = rules._guard_pattern()  # built from the rules' pattern analyses
parsed = lexicon._parsed.cache_info().misses  # patterns the analyses had to parse
regex_cache.save()
print(json.dumps({"added": regex_cache._state.added, "known": len(regex_cache._state.table), "out": out,
                  "guard": guard, "parsed": parsed}))
"""


def _child(cache: Path | str) -> dict:
    import json

    done = subprocess.run([sys.executable, "-c", _CHILD, str(cache)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    return json.loads(done.stdout)


def test_patterns_read_back_match_as_freshly_compiled(tmp_path: Path) -> None:
    cache = tmp_path / "re.marshal"
    plain = _child("plain")
    first = _child(cache)
    assert cache.exists() and first["known"] >= 3
    second = _child(cache)
    assert first["out"] == plain["out"]
    assert second["out"] == plain["out"]
    # 5月9日 with its month and day groups, 9:30 and 2:00 PM with their groups
    assert first["out"][0][3] == [[[8, 12], ["5", "9"]]]
    assert [groups for _, groups in first["out"][1][3]] == [["9", "30", None], ["2", "00", "PM"]]
    assert first["out"][2][3] == [[[25, 28], []]]  # 第三条 at a line start, not 第二条


def test_second_run_compiles_nothing_new(tmp_path: Path) -> None:
    cache = tmp_path / "re.marshal"
    first = _child(cache)
    written = cache.stat().st_mtime_ns
    again = _child(cache)
    assert again["added"] == 0
    assert first["parsed"] > 50 and again["parsed"] == 0  # the rules' analyses were read back
    assert again["guard"] == first["guard"] == _child("plain")["guard"]
    assert cache.stat().st_mtime_ns == written  # nothing new, nothing written


def test_unreadable_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "re.marshal"
    cache.write_bytes(b"not a cache at all")
    reference = _child("plain")
    assert _child(cache)["out"] == reference["out"]
    assert _child(cache)["added"] == 0  # the broken file was replaced by a good one


def test_cache_path_follows_environment() -> None:
    assert cache_path({"NOTICES_REGEX_CACHE": "off", "HOME": "/home/ann"}) is None
    assert cache_path({"NOTICES_REGEX_CACHE": "/srv/re.bin"}) == Path("/srv/re.bin")
    under_xdg = cache_path({"XDG_CACHE_HOME": "/var/cache/ann"})
    assert under_xdg is not None and under_xdg.parent == Path("/var/cache/ann/notices")
    assert under_xdg.name.startswith(f"re-{sys.implementation.cache_tag}-")
    in_home = cache_path({"HOME": "/home/ann"})
    assert in_home is not None and in_home.parent == Path("/home/ann/.cache/notices")
    assert cache_path({"HOME": "relative/home"}) is None  # never a cache in the working folder
