"""``python -m bench``: run every ``bench/bench_*.py`` module's ``main()`` in turn.

Each module runs in its own interpreter so that its peak-memory figure is its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for path in sorted(HERE.glob("bench_*.py")):
        module = f"bench.{path.stem}"
        print(f"== {module}", flush=True)
        code = f"import {module} as m; m.main()"
        done = subprocess.run([sys.executable, "-c", code], cwd=HERE.parent)
        if done.returncode != 0:
            print(f"{module}: failed with status {done.returncode}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
