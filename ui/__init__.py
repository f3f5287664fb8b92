"""Streamlit pages (one module per page) and shared widgets for app.py. No formulas: numbers come from costmodel."""
