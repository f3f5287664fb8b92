"""Labels of the Streamlit pages, one module per language (see costmodel/messages/__init__.py for the registry)."""
