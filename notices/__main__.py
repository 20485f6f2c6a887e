"""``python -m notices`` runs the ``notices`` command (the same as the console script)."""

import sys

from scheduler.cli import main

sys.exit(main())
