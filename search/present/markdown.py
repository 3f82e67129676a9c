"""Markdown from untrusted text (URL values, corpus text, file names, errors quoting them): shown as written.

Two readers, two strengths. Streamlit renders Markdown and nobody reads its source, so `escape_markdown`
escapes everything that could be syntax. A downloaded .md file is read raw as often as rendered, so
`escape_markdown_file` escapes only what could become a link, HTML, code, emphasis, a table cell or a block,
and leaves `(2022-2025年)` or `2.5亿美元` as they are.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation mark, and renders the mark alone.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GFM links bare URLs and e-mail addresses after escapes are resolved, so `https\:\/\/evil\.example` is
# still a link; an invisible word joiner inside `https://`, `www.` or before `@` is not (checked in Chromium).
_BARE_LINK = re.compile(r"(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"

# In a file: the marks that open links, images, HTML, code, emphasis, strikethrough, math and table cells…
_INLINE_SYNTAX = re.compile(r"([\\`*_~\[\]<>|$&])")
# …and at a line's start, headings, lists and rules (`>` is escaped above): `# 标题`, `- 项`, `=`, `1. 项`;
# `1.维修维护服务` (no space after the number) is no list item and stays as it is.
_BLOCK_START = re.compile(r"^([ \t]*)([#+=-]|\d+(?=[.)](?:\s|$)))", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """For Streamlit (st.warning, st.caption, headings, labels…): the value is shown, never run as Markdown."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", _BARE_LINK.sub(WORD_JOINER, text))


def escape_markdown_file(text: str) -> str:
    """For a .md download: no link, HTML or formatting comes out of the text, and it still reads well raw."""
    escaped = _INLINE_SYNTAX.sub(r"\\\1", _BARE_LINK.sub(WORD_JOINER, text))
    return _BLOCK_START.sub(lambda m: m.group(1) + _escape_block_marker(m.group(2)), escaped)


def _escape_block_marker(marker: str) -> str:
    # `1.` becomes `1\.`: the backslash goes before the punctuation, CommonMark escapes nothing else.
    return f"\\{marker}" if not marker.isdigit() else marker + "\\"
