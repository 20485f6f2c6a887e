"""``python -m tests.golden [--update]``: check (or rewrite) the golden feeds and digests."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.golden import GOLDEN_DIR, build_handmade_output, build_seed_output, extractor_ready


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite the golden files")
    args = parser.parse_args(argv)
    sets: list[tuple[str, Callable[[Path], dict[str, bytes]]]] = [("handmade", build_handmade_output)]
    if extractor_ready():
        sets.append(("seeds", build_seed_output))
    else:
        print("seeds: skipped (the extractor is not implemented yet)", file=sys.stderr)
    status = 0
    for name, build in sets:
        with tempfile.TemporaryDirectory() as scratch:
            produced = build(Path(scratch))
        target = GOLDEN_DIR / name
        if args.update:
            if target.exists():
                shutil.rmtree(target)
            for relative, data in produced.items():
                path = target / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            print(f"{name}: wrote {len(produced)} files to {target}")
            continue
        existing = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
        differing = sorted(r for r, d in produced.items() if not (target / r).exists() or (target / r).read_bytes() != d)
        extra = sorted(existing - set(produced))
        for relative in differing + extra:
            print(f"{name}: {relative} differs", file=sys.stderr)
        if differing or extra:
            status = 1
        else:
            print(f"{name}: {len(produced)} files match")
    return status


if __name__ == "__main__":
    sys.exit(main())
