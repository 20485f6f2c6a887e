"""``python -m scheduler`` runs the ``notices`` command."""

import sys

from scheduler.cli import main

sys.exit(main())
