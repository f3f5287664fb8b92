"""``python -m costmodel ...``: the same command line as the ``kvcost`` console script (see cli.py)."""
import sys

from .cli import main

sys.exit(main(prog="python -m costmodel"))
