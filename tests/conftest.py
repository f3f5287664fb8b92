import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# the real-browser tests' shared fixtures (one server and one chromium per test module that asks for them)
from browserkit import browser, server  # noqa: E402, F401
