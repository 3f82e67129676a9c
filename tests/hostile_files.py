"""Hostile but small files, made in memory: .docx and PDF bombs, a PDF whose page tree lies."""

from __future__ import annotations

import io
import zipfile
import zlib


def docx_with_body(paragraphs: int, text: str = "", padding: int = 0) -> bytes:
    """A valid .docx whose body holds `paragraphs` paragraphs of `text` (empty ones compress about 1,000x),
    then `padding` bytes of blank space inside the body."""
    paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" if text else "<w:p/>"
    return docx_with_xml(paragraph * paragraphs + " " * padding)


def docx_with_xml(body: str) -> bytes:
    """A valid .docx (python-docx's blank document) whose body is `body`, WordprocessingML as written."""
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, tail = data.decode().partition("<w:body>")
                data = (head + "<w:body>" + body + tail).encode()
            archive.writestr(item.filename, data)
    return out.getvalue()


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (numbered from 1, the first the catalog), with a correct cross-reference."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_claiming_pages(count: int) -> bytes:
    """A PDF of one page whose page tree says it has `count`."""
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [3 0 R] /Count {count} >>".encode(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]
    )


def pdf_with_content(mebibytes: float) -> bytes:
    """A one-page PDF whose compressed content stream inflates to `mebibytes` MiB of text operators."""
    compressor = zlib.compressobj(9)
    line = b"BT /F1 12 Tf 72 712 Td (A) Tj ET\n"
    repeats = max(1, int(mebibytes * 2**20) // len(line))
    block = line * min(repeats, 30_000)
    parts = [compressor.compress(block) for _ in range(max(1, repeats // (len(block) // len(line))))]
    data = b"".join(parts) + compressor.flush()
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
