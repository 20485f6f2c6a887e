"""``python -m scheduler.cli`` runs the ``notices`` command (as ``python -m scheduler`` does)."""

import sys

from scheduler.cli import main

sys.exit(main())
