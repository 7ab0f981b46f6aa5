"""HamTrack: a private, local tracker for hamstring and low-back rehabilitation.

This package is the functional core: plain functions and frozen values over pandas and SQLite,
with no user interface. The Streamlit screens live in `streamlit_app.py` and `pages/`.
"""

__version__ = "0.1.0"
