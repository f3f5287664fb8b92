"""Start the app with everything its pages import already loaded: ``python app.py [streamlit options]``.

``streamlit run app.py`` imports the cost model, the page helpers and the parts of Streamlit and pandas they reach
during the first visitor's script run, so the first page waits for them (2 s on a 2-core machine: bench/RESULTS.md).
This launcher imports them -- and loads the hardware profiles, the presets, the published claims' results and the
Validation page's JSON files -- before the server answers, then hands over to Streamlit's own command line (every
``--server.*`` option works as with ``streamlit run``). The sessions' script threads run in this same process and
find the modules loaded; no two first sessions race on a lazy import either (ui/__init__.py).
"""
from __future__ import annotations

import gc
import importlib
import pkgutil
import sys
from pathlib import Path

SKIP = ("costmodel.__main__",)  # runs the command line when imported
# page helper modules of ui/ (the pages themselves are scripts: importing one would run it)
HELPERS = ("ui.labels", "ui.state", "ui.widgets", "ui.model_input", "ui.workload_input", "ui.tables", "ui.charts",
           "ui.membar", "ui.page", "ui.shareconfig", "ui.fleet_inputs", "ui.llamacpp")


# imported lazily by Streamlit or pandas during the first script run (measured there with cProfile: the emoji table's
# regex 0.27 s); pandas' Styler is not among them: status cells are coloured by the column config (ui/tables.py)
# (pandas and streamlit.dataframe_util come with the ui package itself: ui/__init__.py)
LIBRARIES = ("streamlit.emojis", "streamlit.material_icon_names", "pyarrow.pandas_compat",
             "streamlit.elements.lib.pandas_styler_utils")


def preload() -> None:
    """Import the cost model, the page helpers and the libraries they reach, load the profiles, presets, claims and
    validation files the pages read, and leave all of it to the server's lifetime (``gc.freeze``)."""
    from streamlit import delta_generator

    import costmodel

    for name in LIBRARIES:
        importlib.import_module(name)
    # Streamlit's once-per-process check for "not run with `streamlit run`" walks the whole call stack with
    # inspect.stack() (0.26 s in the first script run); this process is `streamlit run`, so the check is settled
    delta_generator._use_warning_has_been_displayed = True

    for info in pkgutil.walk_packages(costmodel.__path__, "costmodel."):
        if info.name not in SKIP:
            importlib.import_module(info.name)
    for name in HELPERS:
        importlib.import_module(name)
    costmodel.load_profiles()
    costmodel.preset_ids()
    try:
        importlib.import_module("ui.widgets").claim_results()  # the claims table of the Validation and Claims pages
    except Exception:  # noqa: BLE001 - not cached then: the page recomputes them and shows what failed
        pass
    try:  # the Validation page's committed runs and published-measurement report, parsed once per file version
        importlib.import_module("validation.results").list_results()
        importlib.import_module("validation.published").load_report()
    except Exception:  # noqa: BLE001 - not cached then: the page reads them and shows what failed
        pass
    # what is loaded now lives as long as the server (a collection here finds no garbage): kept out of the cyclic
    # collector's sight, a full collection during a script run walks only what the sessions made (0.1 s less each,
    # one every few reruns, on a 2-core machine)
    gc.freeze()


def main(app_path: str) -> None:
    """Preload, then run ``streamlit run <app_path> <the options given to this command>``."""
    from streamlit.web import cli

    preload()
    sys.argv = ["streamlit", "run", str(Path(app_path).resolve()), *sys.argv[1:]]
    sys.exit(cli.main())
