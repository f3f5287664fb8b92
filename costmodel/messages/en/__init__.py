"""Catalogues of one language (see costmodel/messages/__init__.py)."""
