"""``python -m skill.simulator``: the voice simulator's command line."""

import sys

from skill.simulator.cli import main

sys.exit(main())
