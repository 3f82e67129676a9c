"""Presentation: records in, HTML / Markdown / CSV / terminal text / URLs out.

The only layer that renders; every untrusted value (document text, URL values, uploads) is escaped here.
"""
