"""Citations: every 《title》 and 发文字号 a document gives, in every bracket form, with the clause it stands in;
a 简称 stands for its title; a document naming itself cites nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from search.ingest.citations.names import references_in, title_key
from search.ingest.citations.reading import enclosed_titles, find_references
from search.records import Clause, DocumentMeta, Doubt, Effect, Reference

NATIONAL = "国发〔2014〕67号"


def clause(text: str, n: int = 1, kind: str = "clause", linked: str | None = None) -> Clause:
    return Clause(f"d:{n:03d}", "d", "武汉", "t", [], "", text, kind, 0, len(text), linked_clause=linked)


def numbers(text: str) -> list[str | None]:
    return [r.number for r in references_in(text)]


@pytest.mark.parametrize(
    "written",
    [
        "国发〔2014〕67号",
        "国发[2014]67号",
        "国发［2014］67号",
        "国发(2014)67号",
        "国发（2014）67号",
        "国发﹝2014﹞67号",
        "国发【2014】67号",
        "国发〔2014〕第67号",
        "国发 〔2014〕 67 号",
        "國發〔2014〕67號",
        "国发〔2014〕067号",
    ],
)
def test_a_document_number_in_any_bracket_form_is_normalised_to_the_one_form(written):
    assert numbers(f"按照{written}文件精神，做好服务外包工作。") == [NATIONAL]


def test_a_number_whose_closing_bracket_was_lost_keeps_its_year_and_number():
    assert numbers("推动《关于印发某方案的通知》(渝商务发〔202020号)落地") == ["渝商务发〔2020〕20号"]


@pytest.mark.parametrize(
    "text, number",
    [
        ("根据国务院令第588号", "国务院令第588号"),
        ("依据商务部令2019年第1号", "商务部令2019年第1号"),
        ("执行海关总署公告2018年第5号", "海关总署公告2018年第5号"),
    ],
)
def test_decree_and_announcement_numbers_in_their_第n号_form(text, number):
    assert numbers(text) == [number]


def test_a_bare_第n号_without_an_issuer_code_is_no_document_number():
    assert numbers("关于第0168号提案的答复") == []


@pytest.mark.parametrize("verb", ["根据", "按照", "依据", "落实", "贯彻", "参照", "和", "及"])
def test_the_words_before_a_number_are_not_its_issuer_code(verb):
    assert numbers(f"{verb}商服贸发〔2020〕12号") == ["商服贸发〔2020〕12号"]


def test_a_title_takes_the_number_in_brackets_right_after_it():
    [reference] = references_in(
        "为贯彻落实《国务院关于促进服务外包产业加快发展的意见》（国发〔2014〕67号），制定本办法。"
    )
    assert reference == Reference("国务院关于促进服务外包产业加快发展的意见", NATIONAL)


def test_titles_and_numbers_standing_alone_are_each_a_citation():
    found = references_in("依据《网络安全法》和《数据安全法》，落实国办发〔2020〕8号。")
    assert found == [Reference("网络安全法", None), Reference("数据安全法", None), Reference(None, "国办发〔2020〕8号")]


def test_a_nested_title_is_one_citation_of_the_notice_that_encloses_the_other():
    [reference] = references_in("按照《关于印发〈南昌市服务外包发展规划〉的通知》（洪府发〔2016〕1号）要求")
    assert reference.title == "关于印发《南昌市服务外包发展规划》的通知"
    assert reference.number == "洪府发〔2016〕1号"
    assert enclosed_titles(reference.title) == ["南昌市服务外包发展规划"]
    assert [r.title for r in references_in("落实《关于印发《南昌市规划》的通知》")] == ["关于印发《南昌市规划》的通知"]


def test_a_short_name_stands_for_its_title_where_it_is_used():
    found = references_in("调整《上海市服务贸易促进指导目录》(以下简称《目录》)中的条目，达到《目录》培育标准的企业")
    assert [r.title for r in found] == ["上海市服务贸易促进指导目录", "上海市服务贸易促进指导目录"]
    with_number = references_in(
        "落实《国务院关于促进服务外包产业加快发展的意见》（国发〔2014〕67号，下称《意见》），按《意见》要求"
    )
    assert with_number[1] == Reference("国务院关于促进服务外包产业加快发展的意见", NATIONAL)


def test_a_short_name_defined_in_one_clause_is_read_in_the_next():
    clauses = [
        clause("根据《长沙市服务外包专项资金管理办法》（以下简称《办法》）制定。"),
        clause("按《办法》执行。", 2),
    ]
    found = find_references(clauses, DocumentMeta(title="长沙市某政策"))
    assert [(r.title, r.clause_id) for r in found] == [
        ("长沙市服务外包专项资金管理办法", "d:001"),
        ("长沙市服务外包专项资金管理办法", "d:002"),
    ]


def test_each_citation_names_its_clause_and_its_span_there():
    text = "根据《国务院关于促进服务外包产业加快发展的意见》制定。"
    [reference] = find_references([clause("一、总则"), clause(text, 2)], DocumentMeta(title="武汉市办法"))
    assert reference.clause_id == "d:002"
    assert text[reference.start : reference.end] == "《国务院关于促进服务外包产业加快发展的意见》"


def test_a_traditional_clause_is_read_in_simplified_script_with_its_spans_kept():
    text = "為貫徹《國務院關於促進服務外包產業加快發展的意見》（國發〔2014〕67號）"
    [reference] = find_references([clause(text)], DocumentMeta())
    assert (reference.title, reference.number) == ("国务院关于促进服务外包产业加快发展的意见", NATIONAL)
    assert text[reference.start] == "《" and text[reference.end - 1] == "》"


def test_a_document_naming_itself_cites_nothing():
    meta = DocumentMeta(title="上海市商务委员会关于印发《上海市推动服务外包加快转型升级的实施方案》的通知")
    own = "特制定《上海市推动服务外包加快转型升级的实施方案》，现印发给你们，请按照执行。"
    assert find_references([clause(meta.title), clause(own, 2)], meta) == []
    unnamed = "《大同市创建中国服务外包示范城市工作实施方案》已经市人民政府同意，现印发给你们。"
    assert find_references([clause(unnamed)], DocumentMeta()) == []
    numbered = DocumentMeta(title="某办法", doc_number="洪府发〔2016〕5号")
    assert find_references([clause("本办法即洪府发〔2016〕5号。")], numbered) == []


def test_a_forwarded_or_amended_document_is_cited_not_the_document_itself():
    forwarded = DocumentMeta(title="宜昌市人民政府关于转发《湖北省服务外包促进办法》的通知")
    assert [r.title for r in find_references([clause(forwarded.title)], forwarded)] == ["湖北省服务外包促进办法"]
    amending = DocumentMeta(title="合肥市人民政府关于修改《合肥市服务外包人才培训补贴办法》的决定")
    assert [r.title for r in find_references([clause(amending.title)], amending)] == ["合肥市服务外包人才培训补贴办法"]


def test_annex_rows_that_repeat_a_clause_are_not_read_twice():
    text = "落实《国务院关于促进服务外包产业加快发展的意见》"
    found = find_references([clause(text), clause(text, 2, "annex", linked="d:001")], DocumentMeta())
    assert [r.clause_id for r in found] == ["d:001"]


def test_title_keys_ignore_script_width_quotes_and_spaces():
    assert title_key("關於“服務外包” 辦法（試行）") == title_key("关于服务外包办法(试行)")


def test_a_title_wrapped_onto_the_next_line_is_one_title():
    assert references_in("根据《\n国家行政机关公文处理办法》(国发〔2000〕23号)") == [
        Reference("国家行政机关公文处理办法", "国发〔2000〕23号")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "对首次入选《财富》世界500强的企业给予奖励。",
        "《长江日报》受权发布。",
        "《福建省中小企业国际市场开拓资金管理办法实施细则.doc》由会员分享",
        "《委办公室政府办公室》由会员上传分享，免费在线阅读",
        "出处 《江西省人民政府公报》 2018年第18期",
        "完成《哈尔滨市志》编纂任务",
        "在《中国政府网》和《市政府门户网站》公布",
        "填写《服务外包企业认定申请表》并提交《信用承诺书》",
        "吊销《养犬登记证》，收回《外国人工作许可证》",
        "完成《石嘴山年鉴2021》编纂",
        "小编为你整理了多篇相关的《吉林大豆目标价格改革试点》,但愿对你工作学习有帮助",
        "你在文库还可以找到更多《吉林大豆目标价格改革试点》。",
        "代表团提出关于制定《长江保护法》的议案，共10件。",
        "舞蹈作品《三线礼赞》获全国大奖。",
        "答复的标题为《关于省××届人大×次会议第×号建议的答复》",
        "(一)《黑龙江省人民政府令》,用于发布省政府规章。",
        "(二)《黑龙江省人民政府文件》有黑政发、黑政议4种。",
    ],
)
def test_a_newspaper_gazette_chronicle_website_form_template_shared_file_proposal_or_artwork_is_no_citation(text):
    assert references_in(text) == []


def test_a_title_that_only_looks_like_a_form_or_site_is_still_cited():
    text = "根据《关于积极推进“互联网+”行动的指导意见》和《外商投资准入特别管理措施(负面清单)》"
    assert [r.title for r in references_in(text)] == [
        "关于积极推进“互联网+”行动的指导意见",
        "外商投资准入特别管理措施(负面清单)",
    ]


def test_an_undefined_short_name_stands_for_the_latest_title_with_its_ending():
    clauses = [
        clause("国务院下发了《关于进一步促进贵州经济社会又好又快发展的若干意见》(国发〔2012〕2号)。", 1),
        clause("《意见》的出台是重大事件。各地正在制定贯彻《意见》的实施意见。", 2),
    ]
    found = find_references(clauses, DocumentMeta())
    assert {(r.title, r.number) for r in found} == {
        ("关于进一步促进贵州经济社会又好又快发展的若干意见", "国发〔2012〕2号")
    }
    assert [r.clause_id for r in found] == ["d:001", "d:002", "d:002"]


@pytest.mark.parametrize(
    "text",
    [
        "按照本《实施细则》要求，做好申报工作。",  # 本: the document itself
        "《规划》的出台十分必要。",  # nothing cited before ends in 规划
    ],
)
def test_an_undefined_short_name_with_nothing_before_it_names_no_document(text):
    assert find_references([clause(text)], DocumentMeta()) == []


def test_a_page_announcing_its_own_document_cites_nothing():
    text = "中共山西省委办公厅、山西省人民政府办公厅发布《山西省乡村振兴责任制实施细则》，自发布之日起施行。"
    assert find_references([clause(text)], DocumentMeta()) == []
    news = "国务院印发《关于推动服务外包加快转型升级的指导意见》，提出到2025年的目标。"
    assert [r.title for r in find_references([clause(news)], DocumentMeta())] == [
        "关于推动服务外包加快转型升级的指导意见"
    ]


def test_a_plans_preamble_naming_the_plan_it_sets_out_cites_only_its_grounds():
    text = "根据《中共某市委员会关于制定某市第十四个五年规划的建议》，编制《某市“十四五”规划纲要》，主要阐明发展战略。"
    found = find_references([clause(text, kind="preamble")], DocumentMeta())
    assert [r.title for r in found] == ["中共某市委员会关于制定某市第十四个五年规划的建议"]


@pytest.mark.parametrize(
    "joined",
    ["某市“十四五”规划和二〇三五年远景目标纲要", "食品安全标准和监测评估工作方案", "深圳市促进就业政策和措施"],
)
def test_one_title_joining_words_with_和_is_one_text(joined):
    assert enclosed_titles(f"关于印发{joined}的通知") == [joined]


def test_a_notice_issuing_two_texts_without_marks_is_known_by_both():
    both = "某省科技金融专项资金管理办法和某省科技保险保费补助实施细则"
    assert enclosed_titles(f"关于印发{both}的通知") == [
        both,
        "某省科技金融专项资金管理办法",
        "某省科技保险保费补助实施细则",
    ]
    meta = DocumentMeta(title=f"关于印发{both}的通知")
    assert find_references([clause("一、《某省科技保险保费补助实施细则》另行执行。")], meta) == []


def test_an_issuers_name_before_its_number_is_not_part_of_the_code():
    assert numbers("石家庄市政府石政呈〔2009〕236号和唐山市人民政府唐政字〔2009〕35号收悉") == [
        "石政呈〔2009〕236号",
        "唐政字〔2009〕35号",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "现将《杭州市促进生产性服务业高质量发展的若干举措》印 发给你们，请认真贯彻执行。",
        "《关于加快服务外包产业发展的若干规定》已经市政府同意,现予印发,请遵照执行。",
        "《长春新区总体方案》(以下简称《方案》)已经国务院同意,现印发你们。",
        "《南宁市行政执法公示制度》、《南宁市行政执法投诉举报制度》等四项制度已经市人民政府同意,现印发给你们。",
        "《朔州市物业管理办法》已经市人民政府常务会议审议通过,现予公布,自2024年1月1日起施行。",
        "我们制定了《朔州市人才引进办法(修订)》,现印发给你们,请遵照执行。",
        "《朔州市甲政策》《朔州市乙政策》2个文件,已经市委、市政府同意,现印发给你们。",
        "现将《朔州市养犬管理条例(草案)》全文公布,征求社会各界意见。",
        "现将市财政局拟定的《昆明市农业产业化扶持资金管理暂行办法》批转给你们，请遵照执行。",
        "经市政府同意,将市财政局关于《厦门市专项预算绩效考评试行办法》印发给你们,请遵照执行。",
        "我局组织编制《东莞市住房建设规划》和《东莞市住房体系建设实施意见》，现根据有关规定公开征求社会公众意见。",
        "市人民政府同意市教育局修订的《武汉市招生考试管理规定》,现转发给你们。",
        "《贵州省大数据发展应用促进条例》已于2025年12月3日经省人大常委会修订通过，现予公布。",
        "自治区人大常委会第二十次会议通过《关于修改<工作条例>等2件地方性法规的决定》，现予公布。",
        "《某区突发地质灾害应急预案》业经修订并经区人民政府同意,现印发给你们,请认真贯彻执行。",
        "为广泛听取意见，现向社会各界征求《2020年某省全民共建活动月实施方案》意见。",
        "《北京市突发公共卫生事件应急条例》全文发布。",
        "近日,领导小组印发《广东省推进大湾区建设三年行动计划(2018-2020年)》,内容如下。",
        "经反复修改，起草形成了《深圳市商务专项资金管理办法》,现予印发实施。",
        "市人民政府领导同志同意市劳动局拟定的《某市职工养老保险办法》,现\n转发给你们,请遵照执行。",
    ],
)
def test_a_sentence_issuing_publishing_or_forwarding_the_document_itself_cites_nothing(text):
    assert find_references([clause(text)], DocumentMeta()) == []


def test_a_title_inside_the_issued_documents_name_is_still_cited():
    text = "现将天津市贯彻落实《扎实稳住经济的一揽子政策措施》实施方案印发给你们。"
    assert [r.title for r in find_references([clause(text)], DocumentMeta())] == ["扎实稳住经济的一揽子政策措施"]
    basis = "根据《国务院甲意见》、《国务院乙意见》，现将《武汉市实施方案》印发给你们。"
    assert [r.title for r in find_references([clause(basis)], DocumentMeta())] == ["国务院甲意见", "国务院乙意见"]


def test_a_notice_issuing_several_documents_is_each_of_them():
    meta = DocumentMeta(title="内蒙古自治区农牧厅关于印发《甲项目实施细则》《乙项目实施细则》的通知")
    assert find_references([clause("修订了《甲项目实施细则》和《乙项目实施细则》。")], meta) == []
    several = DocumentMeta(title="南宁市人民政府办公厅关于印发《南宁市行政执法公示制度》等四项行政执法制度的通知")
    assert find_references([clause("落实《南宁市行政执法公示制度》。")], several) == []


def test_a_word_processors_quotes_for_brackets_are_read_as_brackets():
    assert numbers("根据《国务院办公厅关于加强高校毕业生就业工作的通知》(国办发„2009‟3号)精神") == ["国办发〔2009〕3号"]


@pytest.mark.parametrize(
    "text, number",
    [
        ("《山东省重大行政决策程序规定》(山东省政府令第336号)", "山东省政府令第336号"),
        ("银川市人民政府令〔2010〕第15号", "银川市人民政府令〔2010〕15号"),
        ("(2017年10月27日广西壮族自治区人民政府令第119号公布)", "广西壮族自治区人民政府令第119号"),
        ("按照皖经信电子〔2017〕217号文件", "皖经信电子〔2017〕217号"),
        ("日照市政府日政发〔2019〕3号", "日政发〔2019〕3号"),
    ],
)
def test_a_decree_keeps_its_issuer_an_economy_bureau_its_经_and_a_date_gives_none_of_its_characters(text, number):
    assert numbers(text) == [number]


def test_a_notice_repealing_a_same_titled_earlier_one_cites_it():
    title = "市人民政府关于印发安陆市突发事件总体应急预案的通知"
    meta = DocumentMeta(title=title)
    repeal = f"《{title}》(安政发〔2012〕35号)同时废止。"
    [found] = find_references([clause(repeal)], meta)
    assert (found.title, found.number, found.effect) == (title, "安政发〔2012〕35号", Effect.REPEALS)
    assert find_references([clause(f"《{title}》(安政发〔2012〕35号)已经市政府同意。")], meta) == []


def test_a_rules_own_decree_number_under_its_title_is_no_citation():
    preamble = clause("陕西省实施办法\n陕西省人民政府令第1号", kind="preamble")
    assert find_references([preamble], DocumentMeta(title="陕西省实施办法")) == []
    cited = clause("第一条 根据国务院令第588号，制定本办法。", 2)
    assert [r.number for r in find_references([preamble, cited], DocumentMeta())] == ["国务院令第588号"]


@pytest.mark.parametrize(
    "title",
    [
        "关于《朔州市非机动车管理办法(试行)(草案)》公开征求意见的公告",
        "朔州市非机动车管理办法(试行)(征求意见稿)",
        "关于对朔州市非机动车管理办法(试行)征求意见的通知",
        "关于印发《朔州市非机动车管理办法(试行)》通知",
        "关于《朔州市非机动车管理办法(试行)(草案修改二稿 征求意见稿)》公开征求意见的公告",
    ],
)
def test_a_draft_for_comment_or_a_notice_without_的_is_the_document_it_publishes(title):
    own = "现将《朔州市非机动车管理办法(试行)》(草案)向公众征求意见。第一条 根据《道路交通安全法》制定本办法。"
    assert [r.title for r in find_references([clause(own)], DocumentMeta(title=title))] == ["道路交通安全法"]


def test_a_number_that_lost_its_opening_bracket_is_still_read():
    assert references_in("根据《国务院关于某事项的意见》(国发2019〕13号)精神")[0].number == "国发〔2019〕13号"


def test_a_sentence_announcing_a_list_repeals_or_amends_the_titles_its_items_open_with():
    repeal = [
        clause("市政府决定对以下2件市政府规章予以废止:", 1, kind="preamble"),
        clause("一、《朔州市市容管理办法》(2016年12月1日朔州市人民政府令第2号发布)", 2),
        clause("二、《朔州市垃圾分类管理办法》(2018年11月23日朔州市人民政府令第8号发布)", 3),
        clause("三、根据《中华人民共和国立法法》，本决定自公布之日起施行。", 4),
    ]
    found = [(r.title, r.number, r.effect) for r in find_references(repeal, DocumentMeta())]
    assert found == [
        ("朔州市市容管理办法", "朔州市人民政府令第2号", Effect.REPEALS),
        ("朔州市垃圾分类管理办法", "朔州市人民政府令第8号", Effect.REPEALS),
        ("中华人民共和国立法法", None, None),
    ]
    amend = [clause("会议决定，修改下列地方性法规:", 1), clause("1.在《朔州市能源条例》第七条中增加一项。", 2)]
    assert [r.effect for r in find_references(amend, DocumentMeta())] == [Effect.AMENDS]
    kept = [clause("下列文件继续有效，不予废止:", 1), clause("一、《朔州市甲办法》", 2)]
    assert [r.effect for r in find_references(kept, DocumentMeta())] == [None]


def test_a_draft_a_bureau_says_it_drew_up_is_the_document_itself():
    text = "根据《朔州市立法工作意见》，我局草拟了《朔州市规章项目库管理办法》(征求意见稿)，现向社会公开征求意见。"
    assert [r.title for r in find_references([clause(text)], DocumentMeta())] == ["朔州市立法工作意见"]


@pytest.mark.parametrize(
    "text",
    [
        "我局草拟了《清远市规章项目库管理办法》(征求意见稿)?,F向社会公开征求意见。",
        "附件:《清远市规章项目库管理办法》(征求意见稿).docx",
        "共同起草了《鄂尔多斯市民营经济发展条例(草案送审稿)》(以下简称《条例》)。现将《条例》有关情况说明如下:",
    ],
)
def test_a_draft_named_with_its_mark_is_no_citation(text):
    assert find_references([clause(text)], DocumentMeta()) == []


def test_the_law_a_draft_amends_is_still_cited():
    text = "对《武汉市服务外包促进条例》的修改草案公开征求意见。"
    assert [r.title for r in find_references([clause(text)], DocumentMeta())] == ["武汉市服务外包促进条例"]


@pytest.mark.parametrize(
    "text, number",
    [
        ("(1989年省政府令第4号,1998年省政府令第11号修正)", "省政府令1989年第4号"),  # numbered afresh each year
        ("《湖南省新型墙体材料管理规定》(省人民政府126号令)", "省人民政府令第126号"),
        ("《关于组织申报试点的通知》(黔数据领办〔2017〕26号)", "黔数据领办〔2017〕26号"),  # 据 of 数据 kept
    ],
)
def test_decree_numbers_keep_their_year_and_codes_their_characters(text, number):
    assert numbers(text)[0] == number


def test_a_date_before_a_decree_is_not_its_year():
    assert numbers("2017年10月27日广西壮族自治区人民政府令第119号公布") == ["广西壮族自治区人民政府令第119号"]


@pytest.mark.parametrize(
    "text",
    [
        "《关于组织申报数字经济试点的通知》(以下简称《通知》)(黔数据领办〔2017〕26号)",  # after its 简称
        "国务院出台《关于组织申报数字经济试点的通知》黔数据领办〔2017〕26号",  # no bracket
    ],
)
def test_a_number_after_a_titles_short_name_or_without_a_bracket_is_the_titles(text):
    assert references_in(text) == [Reference("关于组织申报数字经济试点的通知", "黔数据领办〔2017〕26号")]


def test_a_heading_that_counts_what_it_repeals_acts_on_the_items_under_it():
    heading = ["一、废止9部省政府规章"]
    clauses = [
        Clause(
            "d:001", "d", None, "t", heading, "", "(一)《甲省渡口安全管理办法》(1989年省政府令第4号)。", "clause", 0, 1
        ),
        Clause(
            "d:002", "d", None, "t", heading, "", "(二)《甲省残疾人就业规定》(1999年省政府令第2号)。", "clause", 0, 1
        ),
        Clause("d:003", "d", None, "t", ["二、工作要求"], "", "(一)根据《甲省行政程序规定》做好衔接。", "clause", 0, 1),
    ]
    found = find_references(clauses, DocumentMeta())
    assert [(r.title, r.number, r.effect) for r in found] == [
        ("甲省渡口安全管理办法", "省政府令1989年第4号", Effect.REPEALS),
        ("甲省残疾人就业规定", "省政府令1999年第2号", Effect.REPEALS),
        ("甲省行政程序规定", None, None),
    ]


def test_deleting_an_article_amends_the_document():
    text = "一、删去《齐齐哈尔市散装水泥管理办法》第十七条第二款。"
    assert [r.effect for r in find_references([clause(text)], DocumentMeta())] == [Effect.AMENDS]


def test_a_notice_approving_and_transmitting_a_department_text_is_that_text():
    meta = DocumentMeta(title="昆明市人民政府关于批转市财政局《昆明市农业产业化扶持资金管理暂行办法》的通知")
    text = "根据《昆明市农业产业化扶持资金管理暂行办法》第三条的规定。"
    assert find_references([clause(text)], meta) == []


def test_spreading_a_cited_document_is_not_issuing_it():
    text = "各地要将《国务院关于促进服务外包产业加快发展的意见》印发至基层单位。"
    assert [r.title for r in find_references([clause(text)], DocumentMeta())] == [
        "国务院关于促进服务外包产业加快发展的意见"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "【字号】沪发改服务〔2009〕004号",
        "上海市发展改革委关于做好服务业引导资金申报有关工作的通知沪发改服务〔2009〕004号",
        "上海市发展改革委关于做好服务业引导资金申报有关工作的通知 - 沪发改服务〔2009〕004号",
    ],
)
def test_the_pages_own_number_in_a_field_or_after_its_title_is_no_citation(text):
    meta = DocumentMeta(title="上海市发展改革委关于做好服务业引导资金申报有关工作的通知")
    assert find_references([clause(text, kind="preamble")], meta) == []


def test_a_number_after_a_cited_title_on_the_title_line_is_still_cited():
    meta = DocumentMeta(title="上海市发展改革委关于做好服务业引导资金申报有关工作的通知")
    text = "根据《上海市发展改革委关于做好服务业引导资金申报有关工作的通知》沪发改服务〔2009〕004号"
    assert [r.number for r in find_references([clause(text)], meta)] == []  # the page's own title and number
    other = "根据《上海市服务业发展引导资金使用和管理办法》沪府发〔2009〕24号"
    assert [r.number for r in find_references([clause(other)], meta)] == ["沪府发〔2009〕24号"]


def test_a_title_a_law_database_dated_still_names_itself():
    meta = DocumentMeta(title="武汉市高级中等学校招生统一考试管理规定(2005年)")
    text = "市人民政府同意市教育局修订的《武汉市高级中等学校招生统一考试管理规定》,现转发给你们。"
    assert find_references([clause(text)], meta) == []
    later = "《武汉市高级中等学校招生统一考试管理规定(2004年)》同时废止。"
    assert [r.effect for r in find_references([clause(later)], meta)] == [Effect.REPEALS]


@pytest.mark.parametrize(
    "title, text",
    [
        (
            "东莞市住房和城乡建设局关于征求《东莞市住房建设规划》和《东莞市住房体系建设实施意见》公众意见的通告",
            "根据《东莞市住房建设规划》第二条。",
        ),
        (
            "沧州市人民政府办公室转发市发改委等部门《支持农村邮政物流发展实施办法》的通知",
            "按照《支持农村邮政物流发展实施办法》执行。",
        ),
    ],
)
def test_a_call_for_comment_or_a_forwarded_own_department_text_is_the_document_itself(title, text):
    assert find_references([clause(text)], DocumentMeta(title=title)) == []


def test_forwarding_another_bodys_document_still_cites_it():
    meta = DocumentMeta(title="武汉市人民政府办公厅转发省政府办公厅《关于促进服务外包发展的意见》的通知")
    text = "现将《关于促进服务外包发展的意见》转发给你们，请认真贯彻执行。"
    assert [r.title for r in find_references([clause(text)], meta)] == ["关于促进服务外包发展的意见"]


def test_an_issuing_sentence_names_the_document_in_the_clauses_before_it_too():
    heading = clause("中共廊坊市委 廊坊市人民政府 关于印发《廊坊市人才发展规划纲要", 1, kind="preamble")
    issuing = clause("《廊坊市人才发展规划纲要(2010—2020年)》已经市委、市政府领导同意，现印发你们。", 2)
    assert (
        find_references([heading, issuing], DocumentMeta(title="廊坊市人民政府关于印发《廊坊市人才发展规划纲要")) == []
    )


def test_a_notice_issuing_by_通告_is_the_document_itself():
    meta = DocumentMeta(title="关于印发《某市烟花爆竹燃放管理办法》的通告")
    assert find_references([clause("《某市烟花爆竹燃放管理办法》第三条。")], meta) == []


@pytest.mark.parametrize(
    "text",
    [
        "在中国(上海)自由贸易试验区内,对外商投资,停止实施《上海市外商投资企业审批条例》。",
        "关于自贸区停止实施《上海市外商投资企业审批条例》的决定",
        "在全市范围内暂时调整实施《某市道路运输条例》有关规定。",
    ],
)
def test_a_suspension_within_an_area_or_for_a_time_is_no_repeal(text):
    assert [r.effect for r in find_references([clause(text)], DocumentMeta())] == [None]


def test_a_suspension_everywhere_is_a_repeal():
    text = "自2020年1月1日起,《上海市外商投资企业审批条例》停止实施。"
    assert [r.effect for r in find_references([clause(text)], DocumentMeta())] == [Effect.REPEALS]


def test_more_qualifiers_报告_and_制度_make_generic_short_names():
    clauses = [
        clause("国务院印发《中国(上海)自由贸易试验区总体方案》和《2024年政府工作报告》。", 1),
        clause("《总体方案》提出，《报告》要求。实施《商品流通企业财务制度》。新《制度》实施后，此规定停止执行。", 2),
    ]
    assert [r.title for r in find_references(clauses, DocumentMeta())][2:] == [
        "中国(上海)自由贸易试验区总体方案",
        "2024年政府工作报告",
        "商品流通企业财务制度",
        "商品流通企业财务制度",
    ]


def test_a_word_before_a_code_is_cut_off_and_an_agreement_form_is_no_document():
    assert numbers("并符合鲁政办发[2001]69号文的规定") == ["鲁政办发〔2001〕69号"]
    assert references_in("与投资方签订《委托招商引资协议书》") == []


def test_an_issuing_sentence_after_the_addressees_on_one_line_names_the_document():
    text = (
        "通化市人民政府关于印发通化市招商引资认定暂行办法的通知 各县(市、区)人民政府,市政府各委办局: "
        "《通化市招商引资认定暂行办法》已经市政府第11次常务会议通过,现印发给你们,请认真遵照执行。"
    )
    assert find_references([clause(text)], DocumentMeta()) == []


def test_a_title_inside_a_longer_issued_name_is_still_cited():
    meta = DocumentMeta(title="遵义市人民政府关于印发贯彻落实《遵义都市圈发展规划》实施方案的通知")
    text = "为贯彻落实《遵义都市圈发展规划》，制定本实施方案。"
    assert [r.title for r in find_references([clause(text)], meta)] == ["遵义都市圈发展规划"]
    trial = DocumentMeta(title="关于印发《遵义市招商引资奖励办法》(试行)的通知")
    assert find_references([clause("《遵义市招商引资奖励办法》第三条。")], trial) == []


def test_a_short_name_defined_after_the_titles_number_stands_for_it():
    text = "《关于促进服务外包的意见》(国发〔2014〕67号)(以下简称《意见》)。《意见》提出"
    assert references_in(text) == [Reference("关于促进服务外包的意见", "国发〔2014〕67号")] * 2


def test_a_number_field_with_spaces_in_its_label_is_the_pages_own():
    meta = DocumentMeta(title="财政部关于下达2021年补助资金的通知")
    assert find_references([clause("文 号:财建〔2021〕148号", kind="preamble")], meta) == []


def test_what_a_list_leaves_out_is_repealed_not_the_list():
    text = "未列入《市政府规章目录》、《市政府规范性文件目录》的规章和规范性文件，即行废止。"
    assert [r.effect for r in find_references([clause(text)], DocumentMeta())] == [None, None]


def test_an_announcements_own_number_under_its_title_is_no_citation():
    text = "四川省人民代表大会常务委员会公告 第28号"
    assert find_references([clause(text, kind="preamble")], DocumentMeta()) == []


@pytest.mark.parametrize(
    "heading", ["关于《某市市场监督管理局关于废止部分规范性文件的通知》的政策解读", "某市废止部分规章答记者问"]
)
def test_an_explainer_reports_the_repeal_it_explains_and_repeals_nothing_itself(heading):
    report = (
        "市市场监督管理局决定废止《某市流通领域商品质量抽查检验工作规范》(某工商消字〔2016〕111号)等16份规范性文件。"
    )
    found = find_references([clause(heading, 1, "preamble"), clause(report, 2, "preamble")], DocumentMeta())
    cited = [(r.title, r.effect) for r in found]
    assert ("某市流通领域商品质量抽查检验工作规范", None) in cited
    # the same sentence in the notice itself is its act
    [acting] = [r for r in find_references([clause(report)], DocumentMeta()) if r.title == cited[-1][0]]
    assert acting.effect is Effect.REPEALS


def under(text: str, n: int, *path: str) -> Clause:
    return Clause(f"d:{n:03d}", "d", "天津", "t", list(path), "", text, "clause", 0, len(text))


def test_a_heading_naming_the_document_its_items_change_is_cited_with_the_amendment():
    decision = [
        under(
            "1.将第三条中的“市环境保护局”修改为“市生态环境局”。",
            1,
            "一、对17部规章的部分条款予以修改",
            "(一)关于《天津市拆船管理办法》",
        ),
        under("2.删去第十条。", 2, "一、对17部规章的部分条款予以修改", "(一)关于《天津市拆船管理办法》"),
        under("第五条修改为:“施工单位应当……”", 3, "一、对17部规章的部分条款予以修改", "(二)关于《天津市施工安全规定》"),
        under("本决定依据《中华人民共和国立法法》作出。", 4, "二、其他"),
    ]
    found = [(r.title, r.effect, r.clause_id) for r in find_references(decision, DocumentMeta())]
    assert found == [
        ("天津市拆船管理办法", Effect.AMENDS, "d:001"),  # once, though two clauses stand under the heading
        ("天津市施工安全规定", Effect.AMENDS, "d:003"),
        ("中华人民共和国立法法", None, "d:004"),
    ]


def test_item_headings_take_the_act_the_sentence_or_the_heading_above_them_announces():
    amending = [
        clause("市人民政府决定对《北京市游船安全管理规定》等五十九项规章的部分条款作如下修改:", 1),
        under(
            "1.第三条修改为:“本市养路费由市公路管理机构征收。”", 2, "二、《北京市养路费征收管理办法》(1991年8月6日发布)"
        ),
    ]
    repealing = [under("本决定自公布之日起施行。", 1, "二、废止下列规章", "(一)《天津市旧船舶管理办法》")]
    assert [(r.title, r.effect) for r in find_references(amending, DocumentMeta())][-1] == (
        "北京市养路费征收管理办法",
        Effect.AMENDS,
    )
    assert [(r.title, r.effect) for r in find_references(repealing, DocumentMeta())] == [
        ("天津市旧船舶管理办法", Effect.REPEALS)
    ]


def test_a_heading_that_only_rests_on_a_document_cites_it_with_no_effect():
    found = find_references(
        [under("(一)充分认识重大意义。", 1, "一、全面把握《国务院关于支持赣南发展的若干意见》的精神")], DocumentMeta()
    )
    assert [(r.title, r.effect, r.start) for r in found] == [("国务院关于支持赣南发展的若干意见", None, -1)]


def test_items_after_a_sentence_that_amends_as_follows_are_amended():
    decision = [
        clause("市人民政府决定对《北京市游船安全管理规定》等五十九项规章的部分条款作如下修改:", 1),
        clause("一、《北京市游船安全管理规定》(1988年3月19日发布)", 2),
    ]
    assert [(r.clause_id, r.effect) for r in find_references(decision, DocumentMeta())] == [
        ("d:001", Effect.AMENDS),
        ("d:002", Effect.AMENDS),
    ]


def test_more_decrees_of_one_issuer_after_the_first_keep_its_issuer():
    text = "3个《国务院关于修改部分行政法规的决定》(国务院令第709号、第710号、第714号)"
    assert [(r.title, r.number) for r in references_in(text)] == [
        ("国务院关于修改部分行政法规的决定", "国务院令第709号"),
        (None, "国务院令第710号"),
        (None, "国务院令第714号"),
    ]
    assert numbers("依据商务部令2019年第1号和第2号") == ["商务部令2019年第1号", "商务部令2019年第2号"]


def test_a_decree_listed_after_a_cited_one_is_no_own_decree_of_the_page():
    text = "市人民政府对照3个《国务院关于修改部分行政法规的决定》(国务院令第709号、第710号)对现行规章进行了清理。"
    found = find_references([clause(text, kind="preamble")], DocumentMeta(title="天津市人民政府关于修改部分规章的决定"))
    assert [r.number for r in found] == ["国务院令第709号", "国务院令第710号"]
    assert find_references([clause("天津市人民政府令\n第20号", kind="preamble")], DocumentMeta()) == []


def test_a_news_item_opened_by_a_reporters_lead_repeals_nothing_it_reports():
    lead = "记者10月8日获悉，省教育厅发出《关于公布规范性文件清理结果的通知》，废止了29个规范性文件。"
    repeal = "在废止的文件中，《四川省教委关于开设职业指导课的通知》予以废止。"
    found = find_references(
        [clause("四川省废止29个教育规范性文件", 1, "preamble"), clause(lead, 2), clause(repeal, 3)], DocumentMeta()
    )
    assert [r.effect for r in found] == [None, None]
    assert find_references([clause(repeal)], DocumentMeta())[0].effect is Effect.REPEALS


def test_a_new_text_replacing_a_same_titled_one_cites_only_the_old_one():
    text = "环保部对《国家环境保护标准制修订工作管理办法》进行修订和整合，制定了新的《国家环境保护标准制修订工作管理办法》，现予发布。"
    found = find_references([clause(text)], DocumentMeta(title="关于发布《国家环境保护标准制修订工作管理办法》的公告"))
    assert [(r.title, r.effect) for r in found] == [("国家环境保护标准制修订工作管理办法", Effect.AMENDS)]


def test_a_download_links_file_name_is_no_citation():
    text = "怀远县民政局 2023年8月16日 点击下载:怀民〔2023〕135号关于下拨养老服务补贴经费的通知.doc"
    assert find_references([clause(text)], DocumentMeta()) == []
    assert [r.number for r in find_references([clause("按照怀民〔2023〕135号文件执行。")], DocumentMeta())] == [
        "怀民〔2023〕135号"
    ]


@pytest.mark.parametrize(
    "texts",
    [
        [
            "将第三条修改为:“市人民政府依法实施处罚。”四、《天津市某管理办法》(2005年市人民政府令第96号)。\n删去第九条第二款。"
        ],
        ["五、《天津市某管理办法》(2005年市人民政府令第96号)。", "(一)将第十条修改为:“建设单位应当提出申请。”"],
    ],
)
def test_an_item_whose_next_sentence_amends_amends_the_title_it_opens_with(texts):
    found = find_references([clause(text, n) for n, text in enumerate(texts, 1)], DocumentMeta(title="某决定"))
    assert [(r.title, r.effect) for r in found if r.title] == [("天津市某管理办法", Effect.AMENDS)]


def test_an_item_naming_a_title_over_a_sentence_that_amends_nothing_is_a_citation():
    texts = ["五、《天津市某管理办法》(2005年市人民政府令第96号)。", "该办法规定了许可条件。"]
    found = find_references([clause(text, n) for n, text in enumerate(texts, 1)], DocumentMeta(title="某通知"))
    assert [(r.title, r.effect) for r in found if r.title] == [("天津市某管理办法", None)]


def test_a_joint_decree_keeps_every_issuer_and_stays_with_its_title():
    [reference] = references_in("根据《典当管理办法》(商务部、公安部令2005年第8号)及有关法律法规")
    assert (reference.title, reference.number) == ("典当管理办法", "商务部、公安部令2005年第8号")


def test_a_decree_number_after_a_rules_name_is_that_rules_not_the_pages_own():
    text = "2015食品生产许可管理办法(总局令第16号)与2010食品添加剂生产监督管理规定(总局令第127号)的对比"
    found = find_references([clause(text, kind="preamble")], DocumentMeta(title="食品生产许可管理办法对比"))
    assert [r.number for r in found] == ["总局令第16号", "总局令第127号"]
    own = "国家食品药品监督管理总局令\n第16号"
    assert find_references([clause(own, kind="preamble")], DocumentMeta(title="食品生产许可管理办法")) == []


def test_a_heading_that_is_its_own_clause_is_not_read_again_for_its_children():
    head = "二、《北京市养路费征收管理办法》(1991年8月6日发布)"
    heading_clause = Clause("d:001", "d", "北京", "t", [], head, head, "clause", 0, len(head))
    child = under("1.第三条修改为:“本市养路费由市公路管理机构征收。”", 2, head)
    found = find_references([clause("市人民政府决定对下列规章作如下修改:", 0), heading_clause, child], DocumentMeta())
    assert [(r.title, r.effect, r.clause_id) for r in found] == [("北京市养路费征收管理办法", Effect.AMENDS, "d:001")]


def test_a_report_titled_by_its_lead_cites_what_it_reports_and_acts_on_nothing():
    lead = "日前，某省人民政府印发了《某省关于加快服务外包发展的意见》(某政发〔2020〕5号)，同时废止《某省服务外包扶持办法》。"
    comment = "《某省关于加快服务外包发展的意见》提出，到2025年服务外包执行额翻番。"
    meta = DocumentMeta(title="某省关于加快服务外包发展的意见", reported=True)
    found = find_references([clause(lead, 1, "preamble"), clause(comment, 2)], meta)
    assert [(r.title, r.effect, r.doubt) for r in found] == [
        ("某省关于加快服务外包发展的意见", None, None),
        ("某省服务外包扶持办法", None, None),
        ("某省关于加快服务外包发展的意见", None, None),
    ]
    # a lead that gives the date it takes effect issues nothing; the number the page was read with is cited too
    dated = "日前，某省人民政府印发了《某省关于加快服务外包发展的意见》(某政发〔2020〕5号)，自印发之日起施行。"
    numbered = replace(meta, doc_number="某政发〔2020〕5号")
    assert [(r.title, r.number) for r in find_references([clause(dated)], numbered)] == [
        ("某省关于加快服务外包发展的意见", "某政发〔2020〕5号")
    ]
    # the same page, were it the 意见 itself, would name itself and repeal the 办法
    own = find_references([clause(lead, 1, "preamble")], DocumentMeta(title="某省关于加快服务外包发展的意见"))
    assert [(r.title, r.effect) for r in own] == [("某省服务外包扶持办法", Effect.REPEALS)]


@pytest.mark.parametrize(
    "title, heading",
    [
        ("某市人民政府关于进一步加强政策解读工作的通知", "一、加强政策解读"),
        ("关于废止《某市12345热线答问规范》的决定", "一、总体要求"),
    ],
)
def test_a_document_about_explainers_or_repealing_one_still_repeals(title, heading):
    found = find_references(
        [clause(title, 1, "preamble"), clause(heading, 2), clause("原《某市政策解读工作办法》同时废止。", 3)],
        DocumentMeta(title=title),
    )
    assert [(r.title, r.effect) for r in found if r.title == "某市政策解读工作办法"] == [
        ("某市政策解读工作办法", Effect.REPEALS)
    ]


def test_a_finished_list_does_not_carry_its_act_into_the_next_sections_heading():
    clauses = [
        clause("以下文件同时废止:", 1),
        clause("1.《某市甲办法》", 2),
        clause("2.《某市乙办法》", 3),
        under("(一)各地要加强组织领导。", 4, "二、《国务院关于做好就业工作的意见》的贯彻要求"),
    ]
    found = {r.title: r.effect for r in find_references(clauses, DocumentMeta())}
    assert found == {"某市甲办法": Effect.REPEALS, "某市乙办法": Effect.REPEALS, "国务院关于做好就业工作的意见": None}


@pytest.mark.parametrize("heading", ["二、以下规章暂不修改", "(三)以下事项需报市政府修订"])
def test_a_heading_that_holds_its_act_back_announces_nothing(heading):
    found = find_references([under("1.《某市甲办法》", 1, heading)], DocumentMeta())
    assert [r.effect for r in found] == [None]


def test_items_that_only_mention_an_article_do_not_amend_the_heading_title():
    assessing = [under("1.第一条规定的补贴标准增加至每人500元。", 1, "(一)《某市促进就业条例》落实情况")]
    assert [r.effect for r in find_references(assessing, DocumentMeta())] == [None]
    amending = [under("1.在第五条后增加一条,作为第六条。", 1, "(一)关于《某市促进就业条例》")]
    assert [r.effect for r in find_references(amending, DocumentMeta())] == [Effect.AMENDS]


def test_a_heading_planning_a_document_holds_it_in_doubt_as_a_clause_would():
    found = find_references([under("由市数据局牵头。", 1, "(一)研究制定《某市公共数据管理办法》")], DocumentMeta())
    assert [r.doubt for r in found] == [Doubt.TO_BE_MADE]


def test_a_clause_that_is_only_a_repealing_heading_announces_the_items_after_it():
    head = "一、废止下列规章"
    clauses = [Clause("d:001", "d", "天津", "t", [], head, head, "clause", 0, len(head)), clause("1.《某市甲办法》", 2)]
    assert [r.effect for r in find_references(clauses, DocumentMeta())] == [Effect.REPEALS]


def test_a_preposition_before_a_number_is_no_part_of_its_code():
    assert numbers("温州市委办公室以温委办〔2006〕47号文件印发通知") == ["温委办〔2006〕47号"]


def test_a_kind_of_document_named_by_its_usual_title_is_no_citation():
    text = "全国有29个省陆续出台了地方性《殡葬管理条例》或《殡葬管理办法》。根据《殡葬管理条例》,制定本办法。"
    assert [r.title for r in references_in(text)] == ["殡葬管理条例"]


def test_a_title_the_next_sentence_issues_is_the_documents_own():
    text = (
        "根据《中华人民共和国突发事件应对法》,我部制定了《突发环境事件应急预案管理暂行办法》。现印发给你们,请遵照执行。"
    )
    assert [r.title for r in find_references([clause(text)], DocumentMeta())] == ["中华人民共和国突发事件应对法"]


def test_a_decree_number_a_sentence_rests_on_is_cited_though_it_opens_the_page():
    text = "为加强管理,根据中华人民共和国水法,国务院令第460号,甘肃省人民代表大会常务委员会公告第34号,制定本办法。"
    found = find_references([clause(text, kind="preamble")], DocumentMeta())
    assert [r.number for r in found] == ["国务院令第460号", "甘肃省人民代表大会常务委员会公告第34号"]
    assert numbers("根据中华人民共和国农业部公告第2474号有关要求") == ["农业部公告第2474号"]


def test_a_call_for_comment_proposes_and_amends_nothing_yet():
    title = "关于《某市环境信息公开办法(征求意见稿)》公开征求意见的通知"
    text = "为加强环境信息公开工作,我部决定对《某市环境信息公开办法》(某环令第31号)进行修订,形成了征求意见稿。"
    [found] = find_references([clause(text)], DocumentMeta(title=title))
    assert (found.title, found.effect) == ("某市环境信息公开办法", None)
    assert find_references([clause(text)], DocumentMeta())[0].effect is Effect.AMENDS  # the decision itself would


def test_a_standing_committees_announcement_publishes_the_regulation_it_says_was_passed():
    announcement = (
        "《某市客运出租汽车管理条例》于2019年4月26日经某市人民代表大会常务委员会第十六次会议通过,"
        "并于2019年11月28日经某省人民代表大会常务委员会第十四次会议批准。现予公布,自2020年1月1日起施行。"
    )
    resolution = "某省人民代表大会常务委员会关于批准《某市客运出租汽车管理条例》的决议"
    assert find_references([clause(announcement), clause(resolution, 2)], DocumentMeta()) == []
    passed = "《某市客运出租汽车管理条例》于2019年4月26日经某市人民代表大会常务委员会第十六次会议通过。"
    assert [r.title for r in find_references([clause(passed)], DocumentMeta())] == ["某市客运出租汽车管理条例"]
    one_sentence = (
        "《某省人大常委会关于修改<某省环境保护条例>的决定》于2002年3月29日经某省人大常委会会议通过,现予公布。"
    )
    assert find_references([clause(one_sentence)], DocumentMeta()) == []
    report = "现将《某市乙办法》于2019年印发的情况公布如下。"
    assert [r.title for r in find_references([clause(report)], DocumentMeta())] == ["某市乙办法"]


def test_a_plan_that_sets_itself_out_by_name_cites_only_its_grounds():
    text = "有效衔接《某省国土空间规划(2021—2035年)》等相关规划,特编制《某省高标准农田建设规划(2021—2030年)》(简称《规划》)。"
    found = find_references([clause(text), clause("《规划》是未来十年的行动纲领。", 2)], DocumentMeta())
    assert [r.title for r in found] == ["某省国土空间规划(2021—2035年)"]


def test_a_province_forwarding_its_own_departments_text_issues_it():
    text = "省人力资源社会保障厅、省教育厅、人民银行某某分行《关于做好高校毕业生就业工作的意见》已经省政府同意,现转发给你们。"
    assert find_references([clause(text)], DocumentMeta()) == []
    basis = "为贯彻落实国务院办公厅《关于做好高校毕业生就业工作的意见》,经省政府同意,现转发给你们。"
    assert [r.title for r in find_references([clause(basis)], DocumentMeta())] == ["关于做好高校毕业生就业工作的意见"]
    national = "省政府办公厅转发国家发展改革委《关于促进服务业发展的意见》已经省政府同意,现印发给你们。"
    assert [r.title for r in find_references([clause(national)], DocumentMeta())] == ["关于促进服务业发展的意见"]
    results = "省商务厅《关于申报外包项目的通知》已于2020年3月1日印发,现将申报结果公布如下。"
    assert [r.title for r in find_references([clause(results)], DocumentMeta())] == ["关于申报外包项目的通知"]


def test_an_explainer_recounting_how_a_plan_was_made_cites_the_plan():
    heading = (
        "《某县2018年度土壤污染防治重点工作实施计划》政策解读\n《某县2018年度土壤污染防治重点\n工作实施计划》政策解读"
    )
    text = "根据《某市2018年度土壤污染防治重点工作实施计划》,特制定《某县2018年度土壤污染防治重点工作实施计划》。"
    found = find_references([clause(heading, kind="preamble"), clause(text, 2)], DocumentMeta())
    assert "某县2018年度土壤污染防治重点工作实施计划" in {r.title for r in found}
    assert [r.title for r in find_references([clause(text, 2)], DocumentMeta())] == [
        "某市2018年度土壤污染防治重点工作实施计划"
    ]
    column = "政策解读\n市政府办公室关于做好外包工作的通知\n各区人民政府:"
    issuing = "现将《某市外包工作实施方案》印发给你们,请认真贯彻执行。《某市旧办法》同时废止。"
    found = find_references([clause(column, kind="preamble"), clause(issuing, 2)], DocumentMeta())
    assert [(r.title, r.effect) for r in found] == [("某市旧办法", Effect.REPEALS)]  # a column's name, no heading


def test_a_decision_in_a_sites_dated_list_of_related_items_amends_nothing():
    sidebar = "简介: 全国人民代表大会常务委员会关于修改《中华人民共和国商标法》的决定 2013-08-30中华人民共和国公路法"
    found = find_references([clause(sidebar)], DocumentMeta(title="卫生部关于医院评审的通知"))
    assert [(r.title, r.effect) for r in found] == [("中华人民共和国商标法", None)]
    act = "关于修改《中华人民共和国商标法》的决定\n(2013年8月30日第十二届全国人民代表大会常务委员会第四次会议通过)"
    assert [r.effect for r in find_references([clause(act)], DocumentMeta())] == [Effect.AMENDS]
    listed = [clause("市人民政府决定废止下列文件:"), clause("1.《某市甲办法》 2010-05-01", 2)]
    assert [r.effect for r in find_references(listed, DocumentMeta())] == [Effect.REPEALS]


def test_a_repeal_in_the_name_of_a_listed_decision_repeals_nothing_after_it():
    contents = (
        "【市政府文件】某市人民政府关于废止部分市政府规范性文件的决定…1)【市政府部门文件】"
        "某市教育委员会等7部门关于印发《某市家庭经济困难学生认定办法》的通知……(21)"
    )
    found = find_references([clause(contents)], DocumentMeta(title="某市人民政府公报2019年第18期"))
    assert [(r.title, r.effect) for r in found] == [("某市家庭经济困难学生认定办法", None)]
    act = "市人民政府决定废止《某市家庭经济困难学生认定办法》。"
    assert [r.effect for r in find_references([clause(act)], DocumentMeta())] == [Effect.REPEALS]
    run_on = "某市人民政府关于废止部分市政府规范性文件的决定 一、《某市甲办法》(某政发〔2010〕1号)"
    assert [r.effect for r in find_references([clause(run_on)], DocumentMeta())] == [Effect.REPEALS]


def test_a_short_name_finds_its_title_past_a_note_in_brackets_but_not_when_counted():
    text = "省财政厅印发了《某省农田水利建设专项资金使用管理办法(试行)》。《办法》规定,资金按因素分配。"
    assert [r.title for r in find_references([clause(text)], DocumentMeta())] == [
        "某省农田水利建设专项资金使用管理办法(试行)",
        "某省农田水利建设专项资金使用管理办法(试行)",
    ]
    several = "市局印发《某市甲公司监督管理指引(试行)》。四个《指引》属于过渡期的规定。"
    assert [r.title for r in find_references([clause(several)], DocumentMeta())] == ["某市甲公司监督管理指引(试行)"]
    one = "国务院印发了《关于促进服务外包产业加快发展的意见》。出台了一个《意见》,明确了目标。"
    assert len(find_references([clause(one)], DocumentMeta())) == 2


def test_a_decree_number_written_with_its_year_before_号令():
    text = "《巡游出租汽车经营服务管理规定》(交通运输部2021年第16号令)和北京市人民政府第12号令"
    assert numbers(text) == ["交通运输部令2021年第16号", "北京市人民政府令第12号"]


def test_a_plan_made_with_制订_names_itself_as_one_made_with_制定_does():
    text = "根据《某省第三期学前教育行动计划》精神,结合我市实际,特制订《某市第三期学前教育行动计划(2017—2020年)》。"
    assert [r.title for r in find_references([clause(text)], DocumentMeta())] == ["某省第三期学前教育行动计划"]


def test_a_stray_bracket_after_the_year_keeps_the_number():
    assert numbers("《关于印发某计划的通知》(晋教基〔2017〕)19号)") == ["晋教基〔2017〕19号"]
