"""kvcost Streamlit app: the router. Pages live in ``ui/`` (one module each); all numbers come from ``costmodel``.

Run: ``python app.py`` (preloads what the pages import: ``ui/serve.py``; ``streamlit run app.py`` works too). State
of every page is in the URL (``?lang=ja&model=...``), see ``ui/state.py``.
"""
import logging

import streamlit as st
from streamlit import runtime

if __name__ == "__main__" and not runtime.exists():  # `python app.py`: load the pages' imports, then serve
    from ui import serve

    serve.main(__file__)

from ui import state
from ui.labels import LANG_NAMES, LANGS, md, t

st.set_page_config(page_title="kvcost", page_icon="🧮", layout="wide")
state.init_lang()
with st.sidebar:
    st.radio(t("app.lang", state.lang()) + " / Language", LANGS, key=state.LANG_KEY, format_func=LANG_NAMES.get,
             horizontal=True)
L = state.lang()

PAGES = {
    "app.section.model": [("ui/fit.py", "fit", "page.fit", ":material/memory:"),
                          ("ui/compare.py", "compare", "page.compare", ":material/compare_arrows:"),
                          ("ui/roofline.py", "roofline", "page.roofline", ":material/show_chart:")],
    "app.section.evidence": [("ui/validation.py", "validation", "page.validation", ":material/fact_check:"),
                             ("ui/claims.py", "claims", "page.claims", ":material/gavel:")],
    "app.section.cost": [("ui/fleet.py", "fleet", "page.fleet", ":material/payments:")],
}
HOME = "fit"  # the page served at "/"; Streamlit serves a default page only there, so "/fit" is a hidden alias of it
nav = st.navigation({t(section, L): [st.Page(path, title=t(title, L), url_path=url + "-home" if url == HOME else url,
                                             icon=icon, default=url == HOME)
                                     for path, url, title, icon in pages]
                     for section, pages in PAGES.items()}
                    | {"": [st.Page(path, title=t(title, L), url_path=url, icon=icon, visibility="hidden")
                            for pages in PAGES.values() for path, url, title, icon in pages if url == HOME]})
with st.sidebar:
    st.caption(t("app.tagline", L))
    st.caption(t("app.footer", L))
try:
    nav.run()
except Exception as exc:  # noqa: BLE001 - a bug must not show a traceback to the user; it goes to the log
    logging.getLogger("kvcost").exception("page failed")
    detail = str(exc).splitlines()[0][:80] if str(exc) else ""
    st.error(t("err.unexpected", L).format(kind=type(exc).__name__, msg=md(detail)))
