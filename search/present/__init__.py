"""Presentation: records in, HTML / Markdown / CSV / terminal text / URLs out.

The only layer that renders, and the one where every untrusted value (document text, URL values, uploads) is
escaped: presentation.py writes all of the app's HTML, markdown.py escapes text for Streamlit's Markdown and
for .md downloads, messages.py builds the app's messages with it; charts.py the Vega-Lite charts (document text
as data only); labels.py holds the plain-text labels every face shares, export.py the downloads, url_state.py
the links, pages.py the records the app caches, terminal.py the CLI's text.
"""
