"""Streamlit app: search, ask and compare local service-outsourcing policies. Widgets only; logic is in search/."""

# ruff: noqa: E402 - search/ is imported after `import_search_once`, see there

from __future__ import annotations

import os
import time
import uuid
from typing import TYPE_CHECKING

import streamlit as st

# A server shares its 2 cores among many visitors: OpenMP threads (faiss's, the encoder's) that spin between
# parallel regions burn CPU the other sessions need (about 80 ms a search against 14 ms when they sleep). The CLI
# keeps the default: one process, one user, and spinning halves its query latency (10 ms against 23 ms).
os.environ.setdefault("OMP_WAIT_POLICY", "passive")


@st.cache_resource
def import_search_once() -> None:
    """Visitors arriving together on a fresh server import search/ in parallel script threads, and Python's
    per-module import locks can deadlock (5 visitors got `_DeadlockError: ... search.retrieve.retrieval`):
    the first session imports it while the others wait on this cache entry."""
    import search.jobs
    import search.present.charts
    import search.present.export
    import search.present.messages
    import search.present.pages
    import search.present.presentation
    import search.present.url_state  # noqa: F401


import_search_once()

from search.config import load_settings
from search.errors import PolicySearchError
from search.jobs import Job, JobRegistry
from search.present import export
from search.present.charts import adoption_chart, figure_chart
from search.present.labels import by_clause_count, city_label, city_with_count
from search.present.markdown import escape_markdown
from search.present.messages import (
    SYNTAX_HELP,
    history_label,
    index_summary,
    no_hits,
    read_as,
    rejected_filters,
    results_caption,
    searched_as,
    upload_problem,
    upload_summary,
)
from search.present.pages import ComparisonPage, FilterOptions, SearchPage
from search.present.presentation import (
    BACK_TO_SEARCH,
    STYLE,
    comparison_html,
    context_html,
    document_page_html,
    draft_clause_html,
    draft_summary_html,
    hit_card_html,
    quote_html,
    result_html,
    sources_html,
)
from search.present.url_state import (
    DOCUMENT_PARAM,
    EARLIEST_DATE,
    IN_FORCE_VALUE,
    LATEST_DATE,
    MODES,
    ViewState,
    link_base,
)
from search.records import MAX_NAME_CHARS, MAX_TITLE_CHARS, Sort
from search.service import IndexStatus, PolicySearch, Stage

if TYPE_CHECKING:  # result types, named for annotations only: the app reaches search/ through the facade
    from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

    from search.records import Answer, DocumentPage, UploadOutcome

SETTINGS = load_settings()
MODE_LABELS = {
    "search": "检索 Search",
    "ask": "问答 Ask",
    "compare": "城市对比 Compare",
    "draft": "草案比对 Draft check",
}
SORT_LABELS = {Sort.RELEVANCE: "相关度 Relevance", Sort.NEWEST: "最新 Newest", Sort.OLDEST: "最早 Oldest"}
IN_FORCE_HELP = (
    "只保留今天现行有效的文件：写明的有效期未满，或规划期未结束。未写明有效期的文件（未知）不在其中。"
    " Only documents in force today: a stated end not yet passed, or a plan period not yet over;"
    " documents that state no end (unknown) are left out."
)
ADOPTION_CAPTION = (
    "采用此条款的文件（按时间，首个采用者以菱形标出） Who adopted this provision, and when (first marked ◆)"
)
FIGURES_CAPTION = (
    "各城市条款中的数字（统一单位；点击柱子查看条款） Each city's figure, in one unit (click a bar for its clause)"
)
EXAMPLES = ["保税维修", "各城市如何支持服务外包人才培训？", "大同服务外包执行额目标是多少？", "cross-border data flows"]

st.set_page_config(page_title="服务外包政策检索 Policy Search", page_icon="📑", layout="wide")
st.html(STYLE)  # style tags only: Streamlit puts them out of the page's flow, where they take no space


@st.cache_resource(show_spinner="加载索引 Loading the index…", max_entries=2)
def get_library(index_dir: str, build: str) -> PolicySearch:
    """One library per index build: a rebuild (e.g. after an upload) gets a new key."""
    library = PolicySearch(SETTINGS).load()
    library.search("服务外包")  # warm-up: tokenizer and converter load here, not on the user's first search
    library.warm_up_in_background()  # the cross-lingual encoder, for the first English query
    return library


@st.cache_resource
def recovered_uploads() -> list[str]:
    """Once per server start: uploads a killed server left unconfirmed are removed before anything is indexed.
    The messages are shown to the first visitor, once."""
    return PolicySearch(SETTINGS).recover_uploads()


@st.cache_resource
def job_registry() -> JobRegistry:
    """The server's background jobs: a build or an upload outlives the tab that started it."""
    return JobRegistry()


def follow(job: Job, label: str, done_label: str) -> object:
    """Show a job's progress until it ends (every session watching sees the same); its result, or it raises.

    Closing the tab stops this loop, not the job."""
    with st.status(label, expanded=True) as box:
        bar = box.progress(0.0, text="准备中 Preparing…")
        while not job.wait(0.3):
            if job.total:
                stage = Stage(job.stage).label if job.stage else ""
                bar.progress(min(1.0, job.done / job.total), text=f"{escape_markdown(stage)}: {job.done}/{job.total}")
        for note in job.notes:
            box.markdown(escape_markdown(note))
        if job.error is not None:
            box.update(label="失败 Failed", state="error")
        else:
            box.update(label=done_label, state="complete", expanded=False)
        return job.outcome()


def prepare_library() -> tuple[PolicySearch, str]:
    """The library, and its build as a cache key: the index folder and the name of its current build."""
    # Checking freshness hashes the corpus: once per browser session, not on every rerun. Uploads and
    # corrections update the index themselves; a rebuild elsewhere changes the build name, the cache key.
    if not st.session_state.get("index_checked"):
        recovered = recovered_uploads()
        while recovered:
            st.warning(escape_markdown(recovered.pop()))
        jobs = job_registry()
        job = jobs.building(SETTINGS)
        if job is None and PolicySearch(SETTINGS).status() is not IndexStatus.OK:
            job = jobs.open_index(SETTINGS)
        if job is not None:
            follow(job, "正在建立索引（首次使用需要约半分钟） Building the index…", "索引已就绪 Index ready")
    st.session_state.index_checked = True
    build = f"{SETTINGS.index_dir}/{PolicySearch(SETTINGS).build_name()}"  # the key of every cache below
    return get_library(str(SETTINGS.index_dir), build), build


@st.cache_data(max_entries=2, show_spinner=False)
def filter_options(_library: PolicySearch, build: str) -> FilterOptions:
    """The sidebar's choices, counted once per index build rather than on every rerun."""
    return FilterOptions(
        by_clause_count(_library.city_counts()),
        [d.display_title for d in _library.documents()],
        _library.doc_types(),
        by_clause_count(_library.province_counts()),
        _library.cities_by_province(),
    )


# A rerun that asks the same thing (a filter set back, a resubmit, a history click back) neither searches nor
# renders again: these keep the results with their HTML. Keyed by build, so a rebuild misses.
@st.cache_data(max_entries=256, show_spinner=False)
def search_page(_library: PolicySearch, build: str, state: ViewState, base: str) -> SearchPage:
    """`base`: the app's URL, for the charts' links (see `link_base`)."""
    result = _library.search(state.query, state.filters(), top_k=state.top_k, sort=state.sort)
    cards = [
        result_html(
            hit_card_html(hit, _library.document(hit.clause.doc_id)), context_html(_library.context(hit.clause.id))
        )
        for hit in result.hits
    ]
    timelines = [adoption_chart(hit.adopted, base) for hit in result.hits]
    markdown = export.hits_markdown(state.query, result.hits, result.translated_query)
    return SearchPage(result, cards, timelines, export.hits_csv(result.hits), markdown)


@st.cache_data(max_entries=256, show_spinner=False)
def answer_of(_library: PolicySearch, build: str, state: ViewState) -> tuple[Answer, list[str]]:
    """The answer and, per citation, its clause in context as HTML."""
    answer = _library.answer(state.query, state.filters())
    return answer, [context_html(_library.context(c.clause_id, radius=1)) for c in answer.citations]


@st.cache_data(max_entries=256, show_spinner=False)
def comparison_of(_library: PolicySearch, build: str, state: ViewState, base: str) -> ComparisonPage:
    rows = _library.compare(state.query, state.filters())
    figures = _library.compare_figures(state.query, rows)
    return ComparisonPage(rows, figure_chart(figures, base) if figures else None)


@st.cache_data(max_entries=64, show_spinner=False)
def document_page_of(_library: PolicySearch, build: str, doc_id: str) -> DocumentPage | None:
    return _library.document_page(doc_id)


def init_state() -> None:
    """First run of a browser session: restore mode and query from the URL (filters wait for the index)."""
    if "initialized" in st.session_state:
        return
    state = ViewState.from_params({key: st.query_params.get_all(key) for key in st.query_params}, SETTINGS)
    st.session_state.update(
        initialized=True,
        mode=state.mode,
        query=state.query,
        top_k=state.top_k,
        sort=state.sort,
        history=[],
        url_state=state,
    )


def init_filters(options: FilterOptions) -> None:
    """Restore the URL's filters once the corpus is known; unknown values and non-dates are reported and dropped."""
    state = st.session_state.pop("url_state", None)
    if state is None:
        return
    checked = state.checked_filters(
        list(options.city_counts), options.documents, options.doc_types, list(options.province_counts)
    )
    if checked.rejected:
        st.warning(rejected_filters(checked.rejected))
    st.session_state.update(
        provinces=checked.provinces,
        cities=checked.cities,
        documents=checked.documents,
        doc_types=checked.doc_types,
        date_from=checked.date_from,
        date_to=checked.date_to,
        in_force=checked.in_force,
    )


def current_state() -> ViewState:
    s = st.session_state
    return ViewState(
        mode=s.mode,
        query=s.query.strip(),
        cities=list(s.cities),
        provinces=list(s.get("provinces", [])),
        documents=list(s.documents),
        doc_types=list(s.doc_types),
        date_from=s.date_from.isoformat() if s.date_from else None,
        date_to=s.date_to.isoformat() if s.date_to else None,
        valid=IN_FORCE_VALUE if s.in_force else None,
        top_k=s.top_k,
        sort=s.sort,
    )


def restore(entry: dict) -> None:
    st.session_state.mode = entry["mode"]
    st.session_state.query = entry["query"]


def sidebar(library: PolicySearch, options: FilterOptions) -> None:
    counts, province_counts = options.city_counts, options.province_counts
    st.caption(index_summary(library.info()))
    st.header("筛选 Filters")
    st.multiselect(
        "省份 Province",
        placeholder="全部 All（全国 = national）",
        options=list(province_counts),
        key="provinces",
        format_func=lambda p: city_with_count(p, province_counts[p]),
    )
    # The chosen provinces' cities, most clauses first; a chosen city outside them is let go.
    within = {c for p in st.session_state.get("provinces", []) for c in options.cities_by_province.get(p, [])}
    cities = [c for c in counts if not within or c in within]
    st.session_state.cities = [c for c in st.session_state.get("cities", []) if c in cities]
    st.multiselect(
        "城市 City",
        placeholder="全部 All（输入以查找 type to find）",
        options=cities,
        key="cities",
        format_func=lambda c: city_with_count(c, counts[c]),
    )
    st.multiselect(
        "文件 Document",
        placeholder="全部 All",
        options=options.documents,
        key="documents",
    )
    st.multiselect("文件类型 Document type", placeholder="全部 All", options=options.doc_types, key="doc_types")
    col1, col2 = st.columns(2)
    dates = {"min_value": EARLIEST_DATE, "max_value": LATEST_DATE, "format": "YYYY-MM-DD"}
    col1.date_input("起始日期 From", key="date_from", **dates)
    col2.date_input("截止日期 To", key="date_to", **dates)
    st.checkbox("仅现行有效 In force only", key="in_force", help=IN_FORCE_HELP)
    st.slider("结果数 Results", 1, SETTINGS.max_top_k, key="top_k")
    # Drawn only while open: the uploader and its forms are no part of a page that only searches.
    with st.expander("添加文件 Add documents", key="upload-open", on_change="rerun") as panel:
        if panel.open:
            upload_panel()


def remember(state: ViewState) -> None:
    """Put a search at the top of this session's recent searches (ten kept)."""
    entry = {"mode": state.mode, "query": state.query}
    history = st.session_state.history
    if entry in history:
        history.remove(entry)
    history.append(entry)
    del history[:-10]


def history_panel() -> None:
    """Recent searches of this browser session; one click runs one again."""
    if not st.session_state.history:
        st.caption("暂无 None yet")
    for n, entry in enumerate(reversed(st.session_state.history)):
        label = history_label(MODE_LABELS[entry["mode"]].split()[0], entry["query"])
        st.button(label, key=f"history-{n}", on_click=restore, args=(entry,), use_container_width=True)


def upload_panel() -> None:
    # No `type=`: Streamlit would check each name itself and raise on the page (a NUL byte in a name is a
    # traceback and a dead tab); the upload checks every file's type by its content and refuses it with a reason.
    files = st.file_uploader(
        "txt / html / md / pdf / docx（文本 UTF-8、GBK 或 Big5；PDF 须有文字层 with a text layer）",
        accept_multiple_files=True,
        key="uploads",
    )
    jobs = job_registry()
    if files and st.button("加入语料库并更新索引 Add and index", key="add-uploads"):
        st.session_state.upload_job = jobs.add_documents(
            SETTINGS, [(f.name, f.getvalue()) for f in files], uuid.uuid4().hex
        ).name
    job = jobs.get(st.session_state.get("upload_job", ""))
    if job is not None:
        try:
            outcomes = follow(job, "正在添加 Adding…", "完成 Done")
        except PolicySearchError as error:
            st.session_state.upload_outcomes = [("error", escape_markdown(str(error)))]
        else:
            st.session_state.upload_outcomes = [("ok", o) if o.ok else ("error", upload_problem(o)) for o in outcomes]
        jobs.forget(job)
        del st.session_state.upload_job
    for kind, outcome in st.session_state.get("upload_outcomes", []):
        if kind == "error":
            st.error(outcome)
            continue
        st.success(upload_summary(outcome))
        correction_form(outcome)


def correction_form(outcome: UploadOutcome) -> None:
    """Correct an upload's city and title; a value the override rules refuse is shown, nothing is saved."""
    meta = outcome.document.meta
    with st.form(f"fix-{outcome.saved_as.name}"):
        city = st.text_input(
            "更正城市 Correct city", value=(meta.city or "")[:MAX_NAME_CHARS], max_chars=MAX_NAME_CHARS
        )
        title = st.text_input(
            "更正标题 Correct title", value=(meta.title or "")[:MAX_TITLE_CHARS], max_chars=MAX_TITLE_CHARS
        )
        if st.form_submit_button("保存更正 Save correction"):
            fields = {"city": city.strip(), "title": title.strip()}
            job = job_registry().correct(SETTINGS, outcome.saved_as, fields, uuid.uuid4().hex)
            try:
                follow(job, "正在更正 Saving the correction…", "完成 Done")
            except PolicySearchError as error:
                st.error(escape_markdown(str(error)))
                return
            finally:
                job_registry().forget(job)
            st.session_state.upload_outcomes = []
            st.rerun()


def show_search(page: SearchPage, elapsed_ms: float) -> None:
    result = page.result
    for warning in result.warnings:
        st.warning(escape_markdown(warning))
    if not result.hits:
        st.info(no_hits(result.why_empty))
        return
    cities = len({h.clause.city for h in result.hits})
    st.caption(results_caption(len(result.hits), cities, elapsed_ms, result.translated_query))
    # The cards go out as few elements as possible: one block, cut only where a timeline goes under a card.
    pending: list[str] = []
    for card, timeline in zip(page.cards, page.timelines, strict=True):
        pending.append(card)
        if timeline is not None:
            st.html("".join(pending))
            pending = []
            st.caption(ADOPTION_CAPTION)
            st.vega_lite_chart(timeline, width="stretch")
    if pending:
        st.html("".join(pending))
    downloads(page.csv, page.markdown, "results")


def query_read_as(library: PolicySearch, query: str) -> str:
    """How the box's operators were read, shown under it; a year that is no year is reported by the search."""
    try:
        return read_as(library.read_query(query))
    except PolicySearchError:
        return ""


def show_answer(answer: Answer, contexts: list[str]) -> None:
    for warning in answer.warnings:
        st.warning(escape_markdown(warning))
    if answer.translated_query is not None:
        st.caption(searched_as(answer.translated_query))
    if not answer.answered:
        st.info("未找到相关条款。语料库中没有能回答这个问题的规定。 No matching provision found in the corpus.")
        return
    st.subheader(escape_markdown(answer.summary or ""))
    for group in answer.by_city:
        st.markdown(f"#### {escape_markdown(city_label(group.city))}")
        st.markdown(
            "".join(quote_html(p.text, p.figure, p.citation.number) for p in group.points), unsafe_allow_html=True
        )
    st.markdown("##### 出处 Sources")
    st.html(sources_html(answer.citations, contexts))
    downloads(export.answer_csv(answer), export.answer_markdown(answer), "answer")


def show_comparison(page: ComparisonPage, query: str) -> None:
    rows = page.rows
    if not rows:
        st.info("没有匹配的条款。 No matching clauses.")
        return
    st.caption("每个城市最相关的一条规定 Each city's best matching provision")
    if page.figures is not None:
        st.caption(FIGURES_CAPTION)
        st.vega_lite_chart(page.figures, width="stretch")
    st.html(comparison_html(rows))
    downloads(export.comparison_csv(rows), export.comparison_markdown(query, rows), "comparison")


def show_document(doc_id: str) -> None:
    """The page of one document (`?document=ID`): opened from a hit's title, a comparison, a chart or a citation."""
    try:
        library, build = prepare_library()
    except PolicySearchError as error:
        st.error(f"无法加载索引 Cannot load the index: {escape_markdown(str(error))}")
        st.stop()
    page = document_page_of(library, build, doc_id)
    if page is None:
        st.warning(f"文件不存在 No such document: {escape_markdown(doc_id)}")
        st.link_button(BACK_TO_SEARCH, "?")
        return
    st.html(document_page_html(page))


def downloads(csv_text: str, markdown_text: str, name: str) -> None:
    col1, col2, _ = st.columns([1, 1, 4])
    # A download changes nothing on the page: "ignore" spares the rerun a click would cause. The files are
    # handed over when clicked: given as bytes, each search stored both and every page fetched both at once.
    col1.download_button(
        "下载 CSV", lambda: csv_text.encode("utf-8"), f"{name}.csv", "text/csv", key=f"csv-{name}", on_click="ignore"
    )
    col2.download_button(
        "下载 Markdown",
        lambda: markdown_text.encode("utf-8"),
        f"{name}.md",
        "text/markdown",
        key=f"md-{name}",
        on_click="ignore",
    )


def draft_view() -> None:
    """Paste a draft or upload it; the report (labels, precedents, diffs) is kept in this session only: neither
    the draft nor its report goes into the URL, and the draft is never added to the library."""
    st.query_params.from_dict({"mode": "draft"})
    with st.form("draft-form", border=False):
        text = st.text_area(
            "草案全文 Draft text", key="draft_text", height=200, placeholder="粘贴草案全文 Paste the draft"
        )
        upload = st.file_uploader("或上传文件 Or upload a file（txt / docx / pdf）", key="draft_file")
        submitted = st.form_submit_button("比对 Check", type="primary")
    library, _ = prepare_library()
    if submitted:
        try:
            data, name = (upload.getvalue(), upload.name) if upload is not None else (text, "draft.txt")
            report = library.check_draft(data, name, in_force=st.session_state.get("in_force", False))
        except PolicySearchError as error:
            st.session_state.draft_report = None
            st.error(escape_markdown(str(error)))
            return
        cards = "".join(draft_clause_html(c) for c in report.clauses)
        st.session_state.draft_report = (draft_summary_html(report) + cards, export.draft_csv(report),
                                         export.draft_markdown(report))  # fmt: skip
    if st.session_state.get("draft_report"):
        page, csv_text, markdown_text = st.session_state.draft_report
        st.html(page)
        downloads(csv_text, markdown_text, "draft-check")


@st.fragment
def search_view(history_box: ExpanderContainer) -> None:
    """Mode, query, results and the recent searches. A search reruns only this: the sidebar's filters and panels
    are neither rerun nor sent again nor re-rendered; with ten visitors on two cores, the browsers' rendering is
    what each search waits for."""
    # The query box is painted before the index loads, so the page is usable at once.
    st.segmented_control("模式 Mode", MODES, key="mode", format_func=MODE_LABELS.get, label_visibility="collapsed")
    if not st.session_state.mode:
        st.session_state.mode = "search"
    if st.session_state.mode == "draft":
        draft_view()
        return
    with st.form("query-form", border=False):
        col1, col2 = st.columns([6, 1])
        col1.text_input(
            "检索词或问题 Query or question",
            key="query",
            placeholder="例如 e.g. 保税维修 / 各城市如何支持保税维修？",
            label_visibility="collapsed",
        )
        col2.form_submit_button("检索 Go", type="primary", use_container_width=True)
    reading_box, sort_box, help_box = st.columns([5, 1.6, 1.1], vertical_alignment="center")
    sort_box.selectbox(
        "排序 Sort",
        list(Sort),
        key="sort",
        format_func=SORT_LABELS.get,
        label_visibility="collapsed",
        disabled=st.session_state.mode != "search",  # answers go by evidence, comparisons by city
        help="按文件日期排序，未注明日期的在后 By the document's date, undated last",
    )
    with help_box.popover("语法 Syntax", use_container_width=True):
        st.markdown(SYNTAX_HELP)
    try:
        library, build = prepare_library()
    except PolicySearchError as error:
        st.error(f"无法加载索引 Cannot load the index: {escape_markdown(str(error))}")
        st.stop()
    if "url_state" in st.session_state:
        init_filters(filter_options(library, build))
    state = current_state()
    st.query_params.from_dict(state.to_params(SETTINGS))
    if state.query:
        remember(state)
    if history_box.open:  # drawn only while open, like the upload panel
        with history_box:
            history_panel()
    reading_box.caption(query_read_as(library, state.query))
    if not state.query:
        st.info(
            "输入关键词或问题，例如：" + "、".join(EXAMPLES) + "。 Type keywords or a question (Chinese or English)."
        )
        return
    try:
        if state.mode == "ask":
            show_answer(*answer_of(library, build, state))
        elif state.mode == "compare":
            show_comparison(comparison_of(library, build, state, link_base(st.context.url)), state.query)
        else:
            started = time.perf_counter()
            page = search_page(library, build, state, link_base(st.context.url))
            show_search(page, 1000 * (time.perf_counter() - started))
    except PolicySearchError as error:
        st.warning(escape_markdown(str(error)))


def main() -> None:
    st.title("服务外包政策检索 Policy Search")
    st.caption("各地服务外包政策条款检索与问答 · Search and ask across cities' service-outsourcing policies")
    doc_id = st.query_params.get(DOCUMENT_PARAM)
    if doc_id is not None:
        show_document(doc_id)
        return
    init_state()
    filters_box = st.sidebar.container()
    search_view(st.sidebar.expander("最近检索 Recent searches", key="history-open", on_change="rerun"))
    library, build = prepare_library()  # loaded by search_view: cached
    with filters_box:
        sidebar(library, filter_options(library, build))


main()
