"""Escaping untrusted text for Markdown: shown as written in the app, readable in a downloaded file."""

import re

from search.present.markdown import WORD_JOINER, escape_markdown, escape_markdown_file

PHISHING = "[Log in again](https://evil.example)"


def test_a_markdown_link_from_a_link_is_escaped_bracket_by_bracket():
    escaped = escape_markdown(PHISHING)
    assert escaped.startswith(r"\[Log in again\]\(https\:")
    assert not re.search(r"(?<!\\)[\[\]()]", escaped)


def test_a_bare_url_or_address_is_broken_by_an_invisible_word_joiner():
    # Backslashes alone do not stop GFM from linking these; a word joiner inside them does.
    for value, broken in [
        ("https://evil.example", "https:" + WORD_JOINER + "//"),
        ("HTTP://evil.example", "HTTP:" + WORD_JOINER + "//"),
        ("www.evil.example", "www" + WORD_JOINER + "."),
        ("admin@evil.example", "admin" + WORD_JOINER + "@"),
    ]:
        assert broken in escape_markdown(value).replace("\\", "")


def test_every_ascii_punctuation_mark_is_escaped_for_streamlit():
    marks = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    assert escape_markdown(marks).replace(WORD_JOINER, "") == "".join("\\" + m for m in marks)


def test_chinese_text_and_its_fullwidth_punctuation_pass_unchanged():
    text = "支持宜昌开展飞机保税维修业务，（一）提升政策；“两头在外”。"
    assert escape_markdown(text) == text
    assert escape_markdown_file(text) == text


def test_a_downloaded_file_keeps_numbers_dates_and_brackets_readable():
    text = "宜昌市建设中国服务外包示范城市实施方案(2022-2025年)，目标2.5亿美元，19.拓展保税监管范围"
    assert escape_markdown_file(text) == text


def test_a_downloaded_file_escapes_links_html_code_emphasis_and_table_pipes():
    escaped = escape_markdown_file(PHISHING + " <img src=x onerror=alert(7)> `code` *a* _b_ a|b")
    assert r"\[Log in again\](https:" + WORD_JOINER + "//evil.example)" in escaped
    assert r"\<img src=x onerror=alert(7)\>" in escaped
    assert r"\`code\` \*a\* \_b\_ a\|b" in escaped
    assert not re.search(r"(?<!\\)[\[<`*_|]", escaped)


def test_a_downloaded_file_escapes_headings_lists_and_rules_at_a_line_start_only():
    text = "# 标题\n- 项目\n  + 子项\n1. 第一\n2) 第二\n===\n1.维修维护服务\n年增长10% - 20%"
    assert escape_markdown_file(text).splitlines() == [
        r"\# 标题",
        r"\- 项目",
        r"  \+ 子项",
        r"1\. 第一",
        r"2\) 第二",
        r"\===",
        "1.维修维护服务",
        "年增长10% - 20%",
    ]
