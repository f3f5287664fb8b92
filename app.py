"""kvcost Streamlit app (placeholder until the UI lands)."""
import streamlit as st

st.set_page_config(page_title="kvcost", layout="wide")
st.title("kvcost")
st.write("Analytic KV-cache and inference cost model. The full UI is under construction; "
         "use `python -m costmodel --help` meanwhile.")
