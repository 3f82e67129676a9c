"""Files are read in the encodings Chinese policy documents come in; a reading that looks garbled is refused."""

import codecs

import pytest
from helpers import write

from search.config import ROOT
from search.errors import IngestError
from search.ingest.files.loading import read_source


def _corpus_lines(name: str, numbers: list[int]) -> str:
    lines = (ROOT / "corpus" / name).read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[n].strip() for n in numbers) + "\n"


# Traditional (天津) and simplified (上海) policy text from the bundled corpus.
TIANJIN = _corpus_lines("002_c4da3a9c74431343.txt", [0, 1, 2, 3, 4, 6, 7, 8, 9, 10])
SHANGHAI = _corpus_lines("003_8068136c0a129969.txt", [0, 4, 6, 24, 26, 28, 30, 32, 34, 36, 38])

READABLE = {
    "utf-8": SHANGHAI.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + SHANGHAI.encode("utf-8"),
    "utf-16 little-endian with BOM": codecs.BOM_UTF16_LE + SHANGHAI.encode("utf-16-le"),
    "utf-16 big-endian with BOM": codecs.BOM_UTF16_BE + SHANGHAI.encode("utf-16-be"),
    "gbk": SHANGHAI.encode("gbk"),
    "gb18030, traditional text": TIANJIN.encode("gb18030"),
    "big5": TIANJIN.encode("big5"),
    "big5 as Windows writes it (cp950)": TIANJIN.encode("cp950"),
}


@pytest.mark.parametrize("encoding", sorted(READABLE))
def test_policy_text_is_read_in_every_supported_encoding(tmp_path, encoding):
    expected = TIANJIN if "traditional" in encoding or "big5" in encoding else SHANGHAI
    assert read_source(write(tmp_path, "doc.txt", READABLE[encoding])).text == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("甬港", "gbk"),
        ("办法", "gbk"),
        ("一、发展目标", "gbk"),
        ("关于印发《实施方案》的通知", "gbk"),
        ("上海市商务委员会等八部门关于印发《上海市推动服务外包加快转型升级的实施方案》的通知", "gbk"),
        ("天津市商務局", "big5"),
        ("各區人民政府:", "big5"),
        ("一、總體思路", "big5"),
        ("(此件主動公開)", "big5"),
    ],
)
def test_short_files_are_read_in_their_own_encoding(tmp_path, text, encoding):
    assert read_source(write(tmp_path, "short.txt", text.encode(encoding))).text == text


def test_big5_is_reported_as_the_encoding_read(tmp_path):
    assert read_source(write(tmp_path, "tianjin.txt", TIANJIN.encode("big5"))).encoding == "cp950"


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        # Big5 with a Hong Kong (HKSCS) character: not Big5 as we read it, and garbage as GB18030.
        ("hkscs.txt", (TIANJIN + "㐵\n").encode("big5hkscs")),
        ("japanese.txt", "サービスアウトソーシングの発展を支援するため、次の政策を実施する。".encode("shift_jis")),
    ],
)
def test_text_that_reads_as_garbage_is_refused(tmp_path, name, raw):
    path = write(tmp_path, name, raw)
    with pytest.raises(IngestError) as error:
        read_source(path)
    assert str(error.value).startswith(f"{path}: not valid UTF-8, and as GB18030 it reads as garbled text")
    assert "save it as UTF-8" in str(error.value)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (
            codecs.BOM_UTF8 + "服务外包".encode("gbk"),
            "UTF-8 byte-order mark but is not valid UTF-8 (invalid start byte at offset 3)",
        ),
        (
            codecs.BOM_UTF16_LE + "通知".encode("utf-16-le") + b"\x00",
            "UTF-16 byte-order mark but is not valid UTF-16 (truncated data",
        ),
    ],
)
def test_a_byte_order_mark_is_trusted_and_a_file_that_breaks_it_refused(tmp_path, raw, reason):
    path = write(tmp_path, "bom.txt", raw)
    with pytest.raises(IngestError) as error:
        read_source(path)
    assert str(path) in str(error.value) and reason in str(error.value)
