"""A library of many cities' policies, made from the bundled documents, for measuring the pipeline at scale.

Each generated document is one bundled policy rewritten for another city: the source city's name is replaced
(in the text, so the loader attributes it to the new city, and in the file's path), figures with a unit
(`50家`, `3亿美元`, `20%`) are scaled, years are shifted, and documents that call themselves 实施方案 become one
of a few other kinds. So no two copies are byte-identical and a query can still filter by city, document type
and date. Document `i` depends only on the seed and `i`, so a smaller library is a prefix of a larger one and
"one more document" is simply the next one.

Limits, worth knowing when reading figures: the vocabulary stays that of five documents (BM25 posting lists
are longer and fewer than in a real library), and every city's clauses have near-identical siblings.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Real Chinese cities with service-outsourcing policies (national demonstration cities first), excluding the
# five bundled cities, whose copies would be indistinguishable from the originals, and three that jieba does
# not cut as one word with 市 (盐城, 襄阳, 运城), so the loader's city detection misses them.
CITIES = (  # noqa: SIM905 (a dozen names a line reads better than one a line)
    "北京 大连 南京 苏州 无锡 杭州 合肥 南昌 厦门 济南 青岛 郑州 武汉 长沙 广州 深圳 南宁 "
    "海口 成都 贵阳 昆明 西安 兰州 银川 哈尔滨 长春 沈阳 石家庄 太原 呼和浩特 福州 宁波 温州 "
    "佛山 东莞 珠海 南通 镇江 常州 扬州 徐州 泰州 淮安 连云港 宿迁 绍兴 嘉兴 湖州 金华 台州 "
    "舟山 衢州 丽水 芜湖 蚌埠 马鞍山 安庆 滁州 九江 赣州 上饶 泉州 漳州 莆田 烟台 威海 潍坊 "
    "淄博 临沂 济宁 日照 洛阳 新乡 许昌 南阳 荆州 黄石 十堰 株洲 湘潭 岳阳 衡阳 常德 中山 "
    "惠州 江门 汕头 湛江 肇庆 柳州 桂林 北海 三亚 绵阳 德阳 宜宾 泸州 南充 遵义 曲靖 玉溪 "
    "宝鸡 咸阳 天水 西宁 唐山 保定 廊坊 秦皇岛 邯郸 沧州 包头 鄂尔多斯 鞍山 锦州 营口 吉林 "
    "大庆 齐齐哈尔 牡丹江 乌鲁木齐 克拉玛依 拉萨 晋中 长治 临汾 朔州 开封 焦作 宜春 吉安 景德镇 "
).split()

# (file in corpus/, the city it is about)
SOURCES = (
    ("000_0f547d556893953a.txt", "宜昌"),
    ("001_8fc9245e4c94aa29.txt", "大同"),
    ("002_c4da3a9c74431343.txt", "天津"),
    ("003_8068136c0a129969.txt", "上海"),
    ("004_e84f59bfac9362f6.txt", "重庆"),
)

# A 实施方案 may come out as one of these, so the library holds a few document types.
PLAN_TYPES = ("实施方案", "行动方案", "工作方案", "实施细则")
# A figure the text gives a unit to; `第3条`, `1.` headings and dates are left alone so the outline survives.
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=\s*(?:亿|万|家|个|%|％|人|名|所|项|平方米|元|美元|倍|次))")
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?=\s*(?:年|-|—|–|〕|\]|）|\)))")


@dataclass(frozen=True)
class GeneratedDocument:
    relative: Path  # path inside the library's corpus folder
    city: str
    source: str
    text: str


def generate_document(index: int, corpus_dir: Path, seed: int = 0) -> GeneratedDocument:
    """Document `index` of the library: a source policy (taken in turn) rewritten for a city (taken in turn)."""
    source_name, source_city = SOURCES[index % len(SOURCES)]
    city = CITIES[(index // len(SOURCES)) % len(CITIES)]
    variant = index // (len(SOURCES) * len(CITIES))  # the same city and source again: another year, other figures
    rng = random.Random(f"{seed}/{index}")
    text = _read(corpus_dir / source_name)
    text = text.replace(source_city, city)
    years = variant % 4
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + years), text)
    text = _FIGURE.sub(lambda m: _scaled(m.group(1), rng), text)
    text = text.replace("实施方案", rng.choice(PLAN_TYPES))
    relative = Path(city) / f"{Path(source_name).stem.split('_')[0]}-{variant:03d}.txt"
    return GeneratedDocument(relative, city, source_name, text)


@lru_cache(maxsize=len(SOURCES))
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _scaled(figure: str, rng: random.Random) -> str:
    """The figure times 0.6-1.6, keeping its decimals, so an answer's figure differs between cities."""
    value = float(figure) * rng.uniform(0.6, 1.6)
    decimals = len(figure.split(".")[1]) if "." in figure else 0
    return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))


def write_library(target: Path, documents: int, corpus_dir: Path, seed: int = 0) -> list[GeneratedDocument]:
    """The first `documents` generated documents written under `target` (created; must be new or empty)."""
    written = []
    for index in range(documents):
        document = generate_document(index, corpus_dir, seed)
        write_document(target, document)
        written.append(document)
    return written


def write_document(target: Path, document: GeneratedDocument) -> Path:
    path = target / document.relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document.text, encoding="utf-8")
    return path


def documents_for(clauses: int, clauses_per_source: dict[str, int]) -> int:
    """How many documents, taken in turn from the sources, hold at least `clauses` clauses."""
    total = documents = 0
    while total < clauses:
        total += clauses_per_source[SOURCES[documents % len(SOURCES)][0]]
        documents += 1
    return documents
