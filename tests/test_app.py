"""The Streamlit app's main flows, run headless with Streamlit's AppTest."""

import datetime
import html
import json
import re
import shutil
import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

import search.service
from search.config import ROOT, load_settings
from search.present.markdown import escape_markdown
from search.present.messages import searched_as
from search.present.url_state import EARLIEST_DATE
from search.service import PolicySearch, Stage, Update

APP = str(ROOT / "app.py")
PHISHING = "[Log in again](https://evil.example)"
GOOD_UPLOAD = "朔州市服务外包实施方案\n一、主要任务\n（一）保税维修。支持朔州开展飞机保税维修业务。\n（二）人才。建设人才培训基地。\n"


@pytest.fixture
def app_env(monkeypatch, built_settings, searcher, tmp_path):
    """A private copy of the corpus and of the session's index, so uploads cannot touch the real ones."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(built_settings.corpus_dir, corpus)
    shutil.copytree(built_settings.index_dir, index)
    monkeypatch.setenv("POLICY_SEARCH_CORPUS", str(corpus))
    monkeypatch.setenv("POLICY_SEARCH_INDEX", str(index))
    return corpus, index


def run_app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def results(at: AppTest) -> list[str]:
    """Each search result's HTML, from the one block that holds them all: its card, then its context."""
    return [part for block in at.html for part in block.value.split('<div class="ps-result">')[1:]]


def cards(at: AppTest) -> list[str]:
    return [result.split("<details")[0] for result in results(at)]


def sources(at: AppTest) -> str:
    """An answer's sources: one <details> per citation, its label the summary."""
    [block] = [h.value for h in at.html if 'class="ps-source"' in h.value]
    return block


def card_cities(at: AppTest) -> set[str]:
    return {card.split('data-city="')[1].split('"')[0] for card in cards(at)}


def comparison(at: AppTest) -> str:
    [table] = [h.value for h in at.html if 'class="ps-compare"' in h.value]
    return table


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.session_state["upload-open"] = True  # the panel is drawn only while open
    at.run().sidebar.file_uploader[0].set_value([(name, data, "text/plain") for name, data in files]).run()
    return at.sidebar.button(key="add-uploads").click().run()


def corpus_files(corpus) -> list[str]:
    return sorted(p.name for p in corpus.iterdir())


def test_url_search_with_city_filter_shows_only_that_city(app_env):
    at = run_app(q="保税维修", city="上海")
    assert not at.exception
    found = cards(at)
    assert found and all('data-city="上海"' in card for card in found)
    assert at.session_state["cities"] == ["上海"]
    assert at.session_state["query"] == "保税维修"


def test_url_restores_mode_query_and_top_k_and_writes_them_back(app_env):
    at = run_app(q="人才培训", mode="compare", k="3")
    assert at.session_state["mode"] == "compare" and at.session_state["top_k"] == 3
    assert comparison(at)
    assert at.query_params["q"] == "人才培训" and at.query_params["mode"] == "compare"


def test_search_results_are_cards_with_city_document_path_and_departments(app_env):
    at = run_app(q="保税维修")
    found = cards(at)
    assert len(found) == 10
    assert {c.split('data-city="')[1].split('"')[0] for c in found} >= {"宜昌", "上海", "天津", "重庆"}
    yichang = found[0]
    assert "宜昌市建设中国服务外包示范城市实施方案" in yichang and "2.维修维护服务" in yichang
    assert "<mark>" in yichang and "市商务局" in yichang
    assert all('<details class="ps-more"><summary>在原文中查看 View in document</summary>' in r for r in results(at))


def test_ask_mode_shows_summary_quotes_and_citations(app_env):
    at = run_app(q="各城市如何支持保税维修？", mode="ask")
    assert at.subheader[0].value.startswith("4个城市有相关规定")
    labels = re.findall(r"<summary>(.*?)</summary>", sources(at))
    assert labels[0].startswith("[1] ") and len(labels) >= 4


def test_ask_mode_says_when_nothing_matches(app_env):
    at = run_app(q="今天天气怎么样", mode="ask")
    assert any("未找到相关条款" in i.value for i in at.info)


def test_an_english_question_shows_how_it_was_searched_even_without_an_answer(app_env):
    at = run_app(q="How do I renew my passport?", mode="ask")
    assert any(searched_as("no Chinese term for: renew, passport") == c.value for c in at.caption)
    assert any("未找到相关条款" in i.value for i in at.info)
    at = run_app(q="bonded maintenance")
    assert any("searched as：保税维修" in c.value for c in at.caption)


def test_empty_query_gets_a_hint_not_a_traceback(app_env):
    at = run_app(q="   ")
    assert not at.exception
    assert any("输入关键词或问题" in i.value for i in at.info)


def test_unknown_city_in_link_is_reported_and_ignored(app_env):
    at = run_app(q="人才", city="北京")
    assert any("北京" in w.value for w in at.warning)
    assert cards(at)


def test_filter_combination_without_results_gets_a_message(app_env):
    at = run_app(q="保税维修", city="大同", type="答复函")
    assert any("没有匹配的条款" in i.value for i in at.info)


def test_a_query_with_operators_is_shown_as_read_and_an_emptied_result_says_why(app_env):
    at = run_app(q='"保税维修" -保税 city:重庆 | city:宜昌')
    assert not at.exception
    reading = "检索式 Read as：短语 保税维修 · 排除 保税 · 城市 重庆 · 城市 宜昌"
    assert any(c.value.startswith(reading) for c in at.caption)
    note = escape_markdown("city:重庆 applies to every hit, not as one alternative")
    assert any(note in c.value for c in at.caption)
    assert any(escape_markdown("holds what -保税 excludes") in i.value for i in at.info) and not cards(at)


def test_a_date_order_in_a_link_is_restored_and_orders_the_cards(app_env):
    at = run_app(q="人才培训", sort="newest")
    assert at.session_state["sort"] == "newest" and at.query_params["sort"] == "newest"
    dates = [re.findall(r"· (\d{4}-\d\d-\d\d)</div>", card) for card in cards(at)]
    dated = [found[0] for found in dates if found]
    assert dated == sorted(dated, reverse=True) and not any(dates[len(dated) :])  # undated last
    at.selectbox(key="sort").set_value("oldest").run()
    assert at.query_params["sort"] == "oldest"


def test_history_button_reruns_an_earlier_search(app_env):
    at = run_app(q="保税维修")
    at.session_state["history-open"] = True  # drawn only while open
    at.text_input(key="query").set_value("人才培训")
    at.button[0].click().run()  # the form's submit button
    assert at.session_state["query"] == "人才培训"
    history = [b for b in at.button if b.key and b.key.startswith("history-")]
    assert [b.label for b in history] == ["检索 · 人才培训", "检索 · 保税维修"]
    history[1].click().run()
    assert at.session_state["query"] == "保税维修"


def test_upload_of_a_good_and_a_bad_file(app_env):
    corpus, _ = app_env
    before = corpus_files(corpus)
    at = upload(
        run_app(), ("../../evil name.txt", GOOD_UPLOAD.encode("utf-8")), ("broken.txt", b"\x81\x30\xff\xfe\xff")
    )
    [error] = [e.value for e in at.sidebar.error]
    assert error.startswith(escape_markdown("broken.txt: not valid UTF-8 or GB18030"))
    [success] = [s.value for s in at.sidebar.success]
    assert escape_markdown("evil_name.txt") in success and "朔州" in success and "条款 Clauses：3" in success
    assert corpus_files(corpus) == sorted(before + ["evil_name.txt", "evil_name.txt.meta.json"])  # marked an upload
    assert 'data-city="朔州"' in cards(run_app(q="朔州 飞机保税维修"))[0]


def test_a_link_in_a_url_value_is_shown_as_text_not_as_a_link(app_env):
    at = run_app(q=PHISHING, city=PHISHING)
    # The other warning: none of the query's words occur in the corpus (an English query nothing renders).
    [warning] = [w.value for w in at.warning if "Unknown or invalid filter" in w.value]
    assert escape_markdown(PHISHING) in warning and "[Log in again](" not in warning
    at.session_state["history-open"] = True
    at.run()
    [history] = [b.label for b in at.button if b.key and b.key.startswith("history-")]
    assert history == "检索 · " + escape_markdown(PHISHING[:24])


@pytest.fixture
def hostile_city(app_env):
    """Yichang's plan with its city corrected to markup and a link, as the correction form would save it."""
    corpus, _ = app_env
    city = "<img src=x>[x](y)"  # markup and a link, within the 20 characters an override's city may have
    [yichang] = [p for p in corpus.iterdir() if "宜昌市建设中国服务外包示范城市" in p.read_text(encoding="utf-8")[:200]]
    yichang.with_name(yichang.name + ".meta.json").write_text(json.dumps({"city": city}), encoding="utf-8")
    return city


def test_compare_view_escapes_a_city_name_with_markup(hostile_city):
    table = comparison(run_app(q="保税维修", mode="compare"))
    assert "<img" not in table
    assert f'<span class="ps-badge">{html.escape(hostile_city)}</span>' in table


def test_ask_mode_escapes_a_city_name_in_its_headings_and_source_labels(hostile_city):
    at = run_app(q="各城市如何支持保税维修？", mode="ask")
    assert f"#### {escape_markdown(hostile_city)}" in [m.value for m in at.markdown]
    assert html.escape(hostile_city) in sources(at) and "<img" not in sources(at)


def test_compare_mode_shows_each_citys_best_provision_once(app_env, searcher):
    table = comparison(run_app(q="保税维修", mode="compare"))
    rows = re.findall(r'<tr data-city="([^"]*)" data-clause="([^"]*)">', table)
    best: dict[str, str] = {}
    for hit in searcher.search("保税维修", top_k=searcher.settings.compare_pool).hits:
        best.setdefault(hit.clause.city or "", hit.clause.id)
    assert rows == list(best.items())
    assert {"宜昌", "上海", "天津", "重庆"} <= {city for city, _ in rows}
    assert table.count("<mark>") >= len(rows)


def test_view_in_document_shows_the_clause_among_its_neighbours_itself_marked(app_env, searcher):
    at = run_app(q="保税维修")
    clause_id = cards(at)[0].split('data-clause="')[1].split('"')[0]
    context = results(at)[0].split("</summary>")[1]
    blocks = re.findall(r'<div class="(ps-ctx[^"]*)"><div class="ps-path">.*?</div><div>(.*?)</div></div>', context)
    every = list(searcher.index.clauses)
    [target] = [c for c in every if c.id == clause_id]
    document = [c for c in every if c.doc_id == target.doc_id]
    at_target = document.index(target)
    expected = document[max(0, at_target - 2) : at_target + 3]  # two clauses either side, in document order
    assert [text for _, text in blocks] == [html.escape(c.text).replace("\n", "<br>") for c in expected]
    assert [css == "ps-ctx ps-ctx-target" for css, _ in blocks] == [c is target for c in expected]


def test_document_filter_in_a_link_restricts_results_to_that_document(app_env):
    title = "上海市商务委员会等八部门关于印发《上海市推动服务外包加快转型升级的实施方案》的通知"
    at = run_app(q="保税维修", doc=title)
    assert at.session_state["documents"] == [title]
    assert cards(at) and all(title in card for card in cards(at))


def test_dates_in_a_link_restrict_results_and_fill_the_date_pickers(app_env):
    later = run_app(q="保税维修", **{"from": "2021-01-01"})
    assert later.sidebar.date_input(key="date_from").value == datetime.date(2021, 1, 1)
    assert card_cities(later) == {"重庆", "宜昌"}  # documents of 2021-04-02 and 2022-05-07
    earlier = run_app(q="保税维修", to="2020-12-31")
    assert earlier.sidebar.date_input(key="date_to").value == datetime.date(2020, 12, 31)
    assert card_cities(earlier) == {"天津", "上海"}  # 2020-07-24 and 2020-11-23


def test_an_early_date_in_a_link_is_restored_not_a_crash(app_env):
    at = run_app(q="保税维修", **{"from": "1989-12-31"})
    assert not at.exception and not at.warning
    assert at.sidebar.date_input(key="date_from").value == datetime.date(1989, 12, 31)
    assert card_cities(at) >= {"重庆", "宜昌", "天津", "上海"}
    at = run_app(q="保税维修", **{"from": "1800-01-01"})
    assert not at.exception and at.sidebar.date_input(key="date_from").value == EARLIEST_DATE
    assert cards(at)


def test_a_date_in_a_link_that_is_no_date_is_reported_and_ignored(app_env):
    at = run_app(q="保税维修", to="yesterday", **{"from": "2020-13-45"})
    [warning] = [w.value for w in at.warning]
    assert escape_markdown("from=2020-13-45") in warning and escape_markdown("to=yesterday") in warning
    assert at.session_state["date_from"] is None and len(cards(at)) == 10


def test_city_filter_labels_show_each_citys_clause_count(app_env, searcher):
    options = run_app().sidebar.multiselect(key="cities").options
    counts = searcher.city_counts()
    by_count = sorted(counts, key=lambda city: (-counts[city], city))  # most clauses first
    assert options == [f"{city}（{counts[city]}）" for city in by_count]
    assert all(re.fullmatch(r"\w+（[1-9]\d*）", option) for option in options)


def test_an_upload_over_the_size_limit_is_refused_and_nothing_saved(app_env):
    corpus, _ = app_env
    before = corpus_files(corpus)
    at = upload(run_app(), ("big.txt", "政策".encode() * (5 * 2**20 // 6 + 1)))
    assert [e.value for e in at.sidebar.error] == [escape_markdown("big.txt: 5.0 MiB is over the 5 MiB limit")]
    assert not at.sidebar.success and corpus_files(corpus) == before


def test_uploading_a_file_name_twice_keeps_both(app_env):
    corpus, _ = app_env
    at = upload(run_app(), ("x.txt", GOOD_UPLOAD.encode("utf-8")))
    at = upload(at, ("x.txt", GOOD_UPLOAD.replace("朔州", "忻州").encode("utf-8")))
    [success] = [s.value for s in at.sidebar.success]
    assert success.startswith(escape_markdown("x.txt → x-2.txt"))
    assert {"x.txt", "x-2.txt"} <= set(corpus_files(corpus))
    assert "忻州" in (corpus / "x-2.txt").read_text(encoding="utf-8")


def test_when_indexing_an_upload_fails_the_saved_files_are_removed(app_env, monkeypatch):
    corpus, _ = app_env
    before = corpus_files(corpus)
    at = run_app()

    def failing_build(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("search.service.ensure_index", failing_build)
    at = upload(at, ("x.txt", GOOD_UPLOAD.encode("utf-8")))
    assert [e.value for e in at.sidebar.error] == [
        escape_markdown("indexing the uploads failed, nothing was added: disk full")
    ]
    assert corpus_files(corpus) == before


def test_a_corrected_city_is_saved_beside_the_file_and_found_in_results(app_env):
    corpus, _ = app_env
    at = upload(run_app(), ("x.txt", GOOD_UPLOAD.encode("utf-8")))
    [city] = [t for t in at.sidebar.text_input if t.label == "更正城市 Correct city"]
    assert city.value == "朔州"
    city.set_value("忻州")
    [save] = [b for b in at.sidebar.button if b.label == "保存更正 Save correction"]
    at = save.click().run()
    assert not at.exception
    saved = json.loads((corpus / "x.txt.meta.json").read_text(encoding="utf-8"))
    assert saved.pop("uploaded") and saved == {"city": "忻州", "title": "朔州市服务外包实施方案"}
    assert 'data-city="忻州"' in cards(run_app(q="忻州 飞机保税维修"))[0]


class SlowBuild:
    """Stands in for the index build: reports progress like the real one (where Streamlit would stop a
    closed tab's script) until released, then puts the session's prebuilt index in place."""

    def __init__(self, prebuilt, target):
        self.prebuilt, self.target = prebuilt, target
        self.calls = 0
        self.release = threading.Event()

    def update(self, settings, progress=None):
        self.calls += 1
        for step in range(600):
            if self.release.wait(0.05):
                break
            progress(Stage.EMBEDDING, step, 600)
        shutil.copytree(self.prebuilt, self.target, dirs_exist_ok=True)
        return Update(None)


@pytest.fixture
def empty_index_env(monkeypatch, built_settings, searcher, tmp_path):
    """A copy of the corpus with no index yet; the 'build' is a SlowBuild the test releases."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(built_settings.corpus_dir, corpus)
    monkeypatch.setenv("POLICY_SEARCH_CORPUS", str(corpus))
    monkeypatch.setenv("POLICY_SEARCH_INDEX", str(index))
    build = SlowBuild(built_settings.index_dir, index)
    monkeypatch.setattr(PolicySearch, "update", lambda library, progress=None: build.update(library.settings, progress))
    return build


def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_two_visitors_of_an_empty_index_share_one_build(empty_index_env):
    build = empty_index_env
    pages: list[AppTest] = []
    visits = [threading.Thread(target=lambda: pages.append(run_app(q="保税维修"))) for _ in range(2)]
    visits[0].start()
    wait_for(lambda: build.calls == 1)
    visits[1].start()
    time.sleep(2)  # the second visitor arrives while the first build runs
    build.release.set()
    for visit in visits:
        visit.join(timeout=120)
    assert build.calls == 1
    assert len(pages) == 2 and all(len(cards(page)) == 10 for page in pages)


def test_closing_the_only_tab_during_the_first_build_does_not_stop_it(empty_index_env):
    build = empty_index_env
    with pytest.raises(RuntimeError, match="timed out"):
        AppTest.from_file(APP, default_timeout=2).run()  # the session's script is stopped, as when a tab closes
    assert build.calls == 1
    build.release.set()
    wait_for(lambda: (build.target / "CURRENT").exists())
    at = run_app(q="保税维修")  # the next visitor finds the index built and starts no build
    assert build.calls == 1 and len(cards(at)) == 10


def test_an_upload_whose_tab_closes_while_indexing_is_still_added(app_env, monkeypatch):
    corpus, index = app_env
    release = threading.Event()
    real_ensure_index = search.service.ensure_index

    def slow_ensure_index(settings, encoder, progress=None, notes=None, **options):
        for step in range(600):
            if release.wait(0.05):
                break
            progress(Stage.EMBEDDING, step, 600)
        return real_ensure_index(settings, encoder, progress, notes, **options)

    monkeypatch.setattr("search.service.ensure_index", slow_ensure_index)
    at = run_app()
    at.session_state["upload-open"] = True
    at.run().sidebar.file_uploader[0].set_value([("x.txt", GOOD_UPLOAD.encode("utf-8"), "text/plain")]).run()
    with pytest.raises(RuntimeError, match="timed out"):
        at.sidebar.button(key="add-uploads").click().run(timeout=2)
    release.set()
    settings = load_settings(corpus_dir=corpus, index_dir=index)
    wait_for(lambda: PolicySearch(settings).status() == "ok", timeout=120)
    assert "x.txt" in corpus_files(corpus)
    assert 'data-city="朔州"' in cards(run_app(q="朔州 飞机保税维修"))[0]


def test_the_sidebar_shows_when_the_index_was_built_its_size_and_counts(app_env):
    _, index = app_env
    manifest = json.loads((index / (index / "CURRENT").read_text() / "manifest.json").read_text(encoding="utf-8"))
    [caption] = [c.value for c in run_app().sidebar.caption if "索引 Index" in c.value]
    assert escape_markdown(manifest["built_at"].replace("T", " ")) in caption
    assert f"{manifest['counts']['documents']} 个文件" in caption
    assert f"{manifest['counts']['clauses']} 条条款" in caption
    assert re.search(r"\d+\\\.\d MiB", caption)


def test_a_rerun_that_asks_the_same_again_reuses_the_results(app_env, monkeypatch):
    searches = []
    real_search = PolicySearch.search

    def counted_search(self, query, *args, **kwargs):
        searches.append(query)
        return real_search(self, query, *args, **kwargs)

    monkeypatch.setattr(PolicySearch, "search", counted_search)
    at = run_app(q="保税维修 人才培训")
    first = cards(at)
    at.button[0].click().run()  # the same query submitted again
    assert cards(at) == first and searches.count("保税维修 人才培训") == 1


# Prefecture-level cities, as a library at issue 9's size would have them (a real 64-city build takes minutes).
MANY_CITIES = (
    "北京 天津 石家庄 唐山 太原 大同 呼和浩特 包头 沈阳 大连 长春 吉林 哈尔滨 齐齐哈尔 上海 "
    "南京 无锡 苏州 杭州 宁波 合肥 芜湖 福州 厦门 南昌 赣州 济南 青岛 郑州 洛阳 武汉 宜昌 "
    "长沙 株洲 广州 深圳 南宁 柳州 海口 三亚 重庆 成都 绵阳 贵阳 遵义 昆明 曲靖 拉萨 西安 "
    "宝鸡 兰州 天水 西宁 银川 乌鲁木齐 克拉玛依 大庆 烟台 温州 绍兴 佛山 东莞 珠海 泉州"
)  # split in the test


def test_sixty_four_cities_are_listed_with_counts_most_clauses_first_counted_once_per_build(app_env, monkeypatch):
    counts = {city: 1 + n % 7 for n, city in enumerate(MANY_CITIES.split())}
    calls = []

    def city_counts(self):
        calls.append(self)
        return dict(counts)

    monkeypatch.setattr(PolicySearch, "city_counts", city_counts)
    at = run_app(q="保税维修")
    at.text_input(key="query").set_value("人才培训")
    at.button[0].click().run()
    at.sidebar.slider(key="top_k").set_value(5).run()  # a sidebar change reruns the whole script
    options = at.sidebar.multiselect(key="cities").options
    assert len(options) == 64 and options[:2] == ["克拉玛依（7）", "合肥（7）"]
    assert options == [f"{city}（{counts[city]}）" for city in sorted(counts, key=lambda c: (-counts[c], c))]
    assert len(calls) == 1


def test_an_in_force_link_ticks_the_filter_and_keeps_documents_in_force_with_their_badge(app_env, monkeypatch):
    monkeypatch.setenv("POLICY_SEARCH_TODAY", "2024-06-01")  # within Yichang's plan period 2022-2025
    at = run_app(q="保税维修", valid="in-force")
    assert not at.exception and at.sidebar.checkbox(key="in_force").value
    assert card_cities(at) == {"宜昌"}
    assert all('ps-valid-in">现行有效</span><span class="ps-valid-why">规划期2022-2025年内' in c for c in cards(at))
    at.sidebar.checkbox(key="in_force").uncheck().run()
    assert "valid" not in at.query_params and len(card_cities(at)) > 1
    at.sidebar.checkbox(key="in_force").check().run()
    assert at.query_params["valid"] == "in-force" and card_cities(at) == {"宜昌"}


def test_an_unknown_validity_in_a_link_is_reported_and_every_card_still_shows_its_status(app_env, monkeypatch):
    monkeypatch.setenv("POLICY_SEARCH_TODAY", "2026-11-27")
    at = run_app(q="保税维修", valid="all")
    assert any("valid" in w.value and "all" in w.value for w in at.warning)  # `=` is escaped for Markdown
    assert not at.sidebar.checkbox(key="in_force").value
    yichang = [c for c in cards(at) if 'data-city="宜昌"' in c]
    assert yichang and all('ps-valid-out">已失效' in c for c in yichang)


def test_a_document_page_lists_a_mention_in_doubt_with_its_reason_and_no_link(app_env):
    at = run_app(document="004_e84f59bfac9362f6")
    page = "".join(block.value for block in at.html)
    assert not at.exception and "存疑的提及 Mentions in doubt (not linked)" in page
    assert '<li class="ps-mention">《口岸收费公示的提醒告诫书》 <span class="ps-notheld">名称不似文件' in page
