"""Word list numbers (drawn by Word, not typed) reach the chunker as the headings they look like."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from search.ingest.files.word import docx_text
from search.ingest.files.word_numbering import chinese_number, format_number

# A government outline: 一、 / （一） / 1. as Word's three list levels, numbered by Word itself.
_OUTLINE = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>"""


def outline_docx(items: list[tuple[int | None, str]]) -> bytes:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_OUTLINE))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in items:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_numbered_outline_becomes_typed_headings():
    raw = outline_docx(
        [
            (None, "某市服务外包实施方案"),
            (0, "总体要求"),
            (1, "指导思想。推动服务外包发展。"),
            (1, "发展目标。到2025年……"),
            (0, "主要任务"),
            (1, "保税维修。"),
            (2, "飞机维修。"),
            (2, "船舶维修。"),
            (3, "要点"),
        ]
    )
    assert docx_text(Path("a.docx"), raw).split("\n") == [
        "某市服务外包实施方案",
        "一、总体要求",
        "（一）指导思想。推动服务外包发展。",
        "（二）发展目标。到2025年……",
        "二、主要任务",
        "（一）保税维修。",  # a deeper level restarts when a higher one moves on
        "1.飞机维修。",
        "2.船舶维修。",
        "要点",  # a bullet is no heading
    ]


def test_paragraphs_outside_lists_keep_their_text_unchanged():
    assert docx_text(Path("a.docx"), outline_docx([(None, "一、已经手写的编号"), (None, "正文。")])).split("\n") == [
        "一、已经手写的编号",
        "正文。",
    ]


def test_chinese_and_other_number_formats():
    assert [chinese_number(n) for n in (1, 10, 12, 20, 35, 99, 100)] == [
        "一",
        "十",
        "十二",
        "二十",
        "三十五",
        "九十九",
        "100",
    ]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "lowerLetter") == "b" and format_number(4, "decimal") == "4"
