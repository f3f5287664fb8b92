"""Streamlit pages (one module per page) and shared widgets for app.py. No formulas: numbers come from costmodel.

The heavy libraries the pages use are imported here, once per server process, while the interpreter holds this
package's import lock: the first sessions of a fresh server run app.py in parallel script threads, and lazy
imports racing across them once left a session with a partially initialized ``pandas`` ("Internal error").
"""
import pandas  # noqa: F401
import streamlit.dataframe_util  # noqa: F401  (imports pandas/pyarrow paths used by st.dataframe)
