"""`python3 -m fpbench` (with bench/ on the path): see cli.py."""

import sys

from .cli import main

sys.exit(main())
