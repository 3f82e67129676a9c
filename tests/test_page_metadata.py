"""Who issued a real page's document, under which title and number, and when: read from the page's own layout."""

import pytest
from helpers import write

from search.config import load_settings
from search.ingest.cleaning import clean_text
from search.ingest.corpus import load_corpus
from search.ingest.facts.metadata import detect_metadata, normalise_doc_number

BODY = "各区人民政府，市政府各部门：\n现将《实施方案》印发给你们，请认真贯彻执行。\n一、总体要求\n（一）目标。加快发展服务外包。\n"


def meta_of(page: str):
    cleaned = clean_text(page)
    return detect_metadata(page, cleaned.with_closing), cleaned


def test_a_government_metadata_table_is_read_and_kept_out_of_the_text():
    page = (
        "索 引 号：000014349/2020-00123\n主题分类：对外经贸合作\n发文机关：国务院办公厅\n成文日期：2020年01月06日\n"
        "标　　题：国务院办公厅关于推动服务外包加快转型升级的指导意见\n发文字号：国办发〔2020〕8号\n"
        "发布日期：2020年01月13日\n" + BODY
    )
    meta, cleaned = meta_of(page)
    assert meta.title == "国务院办公厅关于推动服务外包加快转型升级的指导意见"
    assert (meta.doc_number, meta.dated, meta.date_published) == ("国办发〔2020〕8号", "2020-01-06", "2020-01-13")
    assert meta.province == "全国" and meta.city is None
    assert "索" not in cleaned.text and "发文字号" not in cleaned.text
    assert cleaned.removed["page metadata"] == 7


def test_labels_on_their_own_lines_and_a_title_cut_by_the_wrap_are_joined():
    page = "发文机关：\n宜昌市人民政府\n标题：\n宜昌市人民政府关于加快推进服务外包产业\n跨越发展的实施意见\n" + BODY
    meta, _ = meta_of(page)
    assert meta.title == "宜昌市人民政府关于加快推进服务外包产业跨越发展的实施意见"
    assert meta.city == "宜昌"


def test_a_title_cut_by_a_line_wrap_in_the_text_is_whole():
    page = "宜昌市人民政府关于加快推进服务外包\n跨越发展的实施意见\n宜府发〔2021〕3号\n" + BODY
    assert meta_of(page)[0].title == "宜昌市人民政府关于加快推进服务外包跨越发展的实施意见"


def test_an_issuer_printed_above_a_title_starting_with_guanyu_belongs_to_it():
    page = (
        "文件选编\n盐城市人民政府\n关于实行最严格水资源管理制度的实施意见\n盐政发〔2013〕99号  2013年4月25日\n" + BODY
    )
    meta, _ = meta_of(page)
    assert meta.title == "盐城市人民政府关于实行最严格水资源管理制度的实施意见"
    assert (meta.doc_number, meta.dated, meta.city) == ("盐政发〔2013〕99号", "2013-04-25", "盐城")


def test_reprint_labels_and_bracket_fields_are_read():
    page = (
        "- 名称: 南昌市人民政府关于促进服务外包发展的若干意见\n【发布文号】洪府发[2009]7号 【发布日期】2009-03-01\n"
        + BODY
    )
    meta, cleaned = meta_of(page)
    assert meta.title == "南昌市人民政府关于促进服务外包发展的若干意见"
    assert (meta.doc_number, meta.date_published) == ("洪府发〔2009〕7号", "2009-03-01")
    assert "名称" not in cleaned.text


def test_a_number_glued_to_the_title_is_split_off():
    page = "关于印发深圳市服务外包扶持办法的通知（深府办〔2012〕8号）\n" + BODY
    meta, _ = meta_of(page)
    assert (meta.title, meta.doc_number) == ("关于印发深圳市服务外包扶持办法的通知", "深府办〔2012〕8号")


@pytest.mark.parametrize(
    "printed",
    [
        "国办发〔2020〕8号",
        "国办发[2020]8号",
        "国办发［2020］8号",
        "国办发(2020)8号",
        "国办发（2020）8号",
        "國辦發〔2020〕8號",
    ],
)
def test_document_numbers_are_written_with_hexagonal_brackets(printed):
    assert normalise_doc_number(printed) == "国办发〔2020〕8号"


def test_a_sidebar_title_below_the_text_is_not_the_title():
    page = "各区人民政府：\n现将有关事项通知如下。\n一、总体要求\n支持发展。\n深圳市关于印发另一份文件的通知\n"
    assert meta_of(page)[0].title is None


def test_an_enclosed_plan_after_the_addressee_is_not_the_notices_title():
    page = "各区人民政府：\n现将《西安市服务外包实施方案》印发给你们。\n西安市人民政府\n2023年8月26日\n西安市服务外包实施方案\n一、总体要求\n"
    meta, _ = meta_of(page)
    assert meta.title is None
    assert (meta.city, meta.dated) == ("西安", "2023-08-26")


def test_a_date_written_with_white_circles_for_zero_is_read():
    page = "南昌市服务外包实施意见\n" + BODY + "南昌市人民政府\n二○○九年二月二十日\n"
    assert meta_of(page)[0].dated == "2009-02-20"


def test_a_menu_tree_is_not_a_title():
    menu = "\n".join(
        f"{n}. {item}"
        for n, item in [
            (1, "目录"),
            (2, "政府办公室"),
            (1, "部门"),
            (1, "专项规划"),
            (2, "区域规划"),
            (1, "国民经济和社会发展规划"),
        ]
    )
    page = menu + "\n内蒙古自治区农牧厅关于印发建设项目实施细则的通知\n" + BODY
    meta, cleaned = meta_of(page)
    assert meta.title == "内蒙古自治区农牧厅关于印发建设项目实施细则的通知"
    assert "专项规划" not in cleaned.text and cleaned.removed["navigation menu"] == 6


@pytest.mark.parametrize(
    ("signature", "dated"),
    [
        ("杭州市人民政府 2024 年 10 月 15 日 (此件公开发布)", "2024-10-15"),
        ("2023年1月19日????????", "2023-01-19"),
        ("20151214", "2015-12-14"),
        ("202134", "2021-03-04"),
    ],
)
def test_a_signature_date_is_read_however_the_page_mangles_it(signature, dated):
    assert meta_of(BODY + signature + "\n")[0].dated == dated


def test_a_squashed_date_with_two_readings_is_read_against_the_publication_date():
    page = "发布时间 2022-01-29\n" + BODY + "2022128\n"
    assert meta_of(page)[0].dated == "2022-01-28"
    assert meta_of(BODY + "2022128\n")[0].dated is None  # 1月28日 or 12月8日: not guessed


def test_a_reprint_sites_post_time_is_no_publication_date():
    meta, cleaned = meta_of("时间:2023-04-26 11:00:07 来源:网络 浏览量:12\n" + BODY)
    assert meta.date_published is None and "来源" not in cleaned.text
    official = meta_of("时间:2023-07-11 17:01 浏览次数: 信息来源: 丽水市政府\n" + BODY)[0]
    assert official.date_published == "2023-07-11"


def test_the_line_above_a_sites_post_bar_is_the_title_when_no_line_reads_as_one():
    page = (
        "当前位置:首页\n市政府工作报告重点工作责任分解(2023年)\n时间:2023-07-11 17:01 浏览次数: 信息来源: 丽水市政府\n"
        + BODY
    )
    assert meta_of(page)[0].title == "市政府工作报告重点工作责任分解(2023年)"


def test_a_letter_spaced_pdf_line_is_joined_and_read():
    page = "青 海 省 人 民 政 府 关 于 印 发 金 融 改 革 若 干 政 策 措 施 的 通 知\n" + BODY
    meta, cleaned = meta_of(page)
    assert meta.title == "青海省人民政府关于印发金融改革若干政策措施的通知" and meta.province == "青海"
    assert cleaned.removed["letter-spaced line"] == 1


def test_a_plan_period_survives_when_a_number_beside_it_is_split_off():
    page = "宜昌市服务外包发展实施方案(2022-2025年) 宜府发〔2022〕5号\n" + BODY
    meta, _ = meta_of(page)
    assert (meta.title, meta.doc_number) == ("宜昌市服务外包发展实施方案(2022-2025年)", "宜府发〔2022〕5号")


def test_labels_parted_from_their_values_by_spaces_alone_are_read():
    page = "索 引 号 主题分类 综合政务\n发布机构 自治区人民政府 文  号 内政发〔2013〕62号\n成文日期 2013-07-02\n" + BODY
    meta, cleaned = meta_of(page)
    assert (meta.doc_number, meta.date_written) == ("内政发〔2013〕62号", "2013-07-02")
    assert cleaned.removed["page metadata"] == 3


def test_a_metadata_table_drawn_with_bars_is_read_and_a_data_table_is_not():
    page = "| 索引号 | 11500000/2023-1 | 发文字号 | 渝两江管发﹝2023﹞10号 |\n| 标题 | 重庆两江新区管理委员会关于印发实施方案的通知 |\n"
    meta, cleaned = meta_of(page + BODY + "| 名称 | 数量 |\n")
    assert (meta.doc_number, meta.title) == ("渝两江管发〔2023〕10号", "重庆两江新区管理委员会关于印发实施方案的通知")
    assert cleaned.text.endswith("| 名称 | 数量 |")


def test_the_date_under_the_signatory_wins_over_a_date_at_the_top_of_the_page():
    page = "2023年05月06日\n" + BODY + "宜昌市人民政府\n2022年5月7日\n"
    assert meta_of(page)[0].dated == "2022-05-07"


def test_the_issuer_stops_where_an_enclosed_title_opens():
    page = "中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知\n" + BODY
    assert meta_of(page)[0].issuer == "中共岳阳市委办公室岳阳市人民政府办公室"


def test_a_signatory_followed_by_lost_spaces_is_the_issuer():
    page = BODY + "甘肃省人民政府????????\n2023年1月19日????????\n"
    meta, _ = meta_of(page)
    assert (meta.issuer, meta.dated, meta.province) == ("甘肃省人民政府", "2023-01-19", "甘肃")


def test_a_long_title_enclosing_two_titles_is_whole():
    title = "内蒙古自治区农牧厅关于印发《内蒙古自治区农牧厅中央预算内直接投资农业建设项目实施细则》《内蒙古自治区农牧厅中央预算内投资补助农业建设项目实施细则》的通知"
    assert meta_of(title + "\n" + BODY)[0].title == title


def test_labels_glued_to_their_values_in_a_block_are_read_past_pinyin():
    page = "發(fā)文機(jī)關(guān)國務院辦公廳\n發(fā)文日期1988年01月26日\n發(fā)文字號國辦函〔1988〕2號\n" + BODY
    meta, cleaned = meta_of(page)
    assert (meta.issuer, meta.doc_number, meta.date_written) == ("国务院办公厅", "国办函〔1988〕2号", "1988-01-26")
    assert meta.province == "全国" and cleaned.removed["page metadata"] == 3


def test_a_line_opening_with_a_label_word_alone_is_text():
    text = "一、总体要求\n成文日期要写明。"
    assert clean_text(text).text == text


def test_joint_issuers_printed_above_a_title_belong_to_it():
    page = "中共杭州市委 杭州市人民政府\n关于印发《杭州市加快现代服务业发展规划》的通知\n市委发〔2005〕15号\n" + BODY
    assert meta_of(page)[0].title == "中共杭州市委、杭州市人民政府关于印发《杭州市加快现代服务业发展规划》的通知"


def test_a_metadata_table_in_html_is_read_cell_by_cell(tmp_path):
    row = "<tr><td>{}：</td><td>{}</td><td>{}：</td><td>{}</td></tr>"
    table = "".join(
        row.format(*cells)
        for cells in [
            ("发文机关", "国务院办公厅", "成文日期", "2020年01月06日"),
            ("标题", "国务院办公厅关于推动服务外包加快转型升级的指导意见", "发文字号", "国办发〔2020〕8号"),
        ]
    )
    html = f"<html><body><table>{table}</table><p>各省、自治区、直辖市人民政府：</p><p>一、总体要求</p><p>加快发展。</p></body></html>"
    write(tmp_path, "p.html", html)
    [document] = load_corpus([tmp_path], load_settings()).documents
    meta = document.meta
    assert (meta.issuer, meta.date_written, meta.doc_number) == ("国务院办公厅", "2020-01-06", "国办发〔2020〕8号")
    assert meta.title == "国务院办公厅关于推动服务外包加快转型升级的指导意见"


def test_the_date_under_the_signature_wins_over_a_sites_written_date():
    page = (
        "[ 成文日期 ] | 2023-03-23 | [ 发布日期 ] | 2023-03-24 |\n" + BODY + "重庆两江新区管理委员会\n2023年3月20日\n"
    )
    assert meta_of(page)[0].dated == "2023-03-20"
    assert meta_of("成文日期：2023-03-23\n" + BODY)[0].dated == "2023-03-23"


def test_an_incomplete_signature_date_leaves_the_official_publication_date():
    page = "发表时间:2020-05-15 09:33 信息来源:市人民政府 浏览次数: 0\n" + BODY + "安陆市人民政府\n2020年4月 日\n"
    assert meta_of(page)[0].dated == "2020-05-15"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("南兴府办函〔202058", "南兴府办函〔2020〕58号"),  # closing bracket and 号 lost
        ("《关于促进服务业高质量跨越发展的若干意见》(苏园管[2019]82号)", "苏园管〔2019〕82号"),
    ],
)
def test_a_number_a_page_mangled_or_glued_to_a_title_is_read(line, number):
    assert meta_of(line + "\n" + BODY)[0].doc_number == number


def test_a_number_and_date_a_gazette_runs_into_the_text_are_read():
    page = "摘要\n赣府厅字[2018]87号2018年9月18日各市、县(区)人民政府,省政府各部门:一年来,全省森林防火工作有效。\n"
    meta, _ = meta_of(page)
    assert (meta.doc_number, meta.dated) == ("赣府厅字〔2018〕87号", "2018-09-18")


def test_a_cited_number_in_a_sentence_carries_no_date():
    page = BODY + "根据国办发〔2016〕8号文件精神执行。\n"
    assert meta_of(page)[0].doc_number is None


@pytest.mark.parametrize(
    ("above", "source", "title"),
    [
        ("江苏无锡打造服务外包高质量发展新样板", "来源: 新闻网", None),  # a news headline
        (
            "中华人民共和国政府关于中华人民共和国领海基线的声明",
            "来源: 法律资料网",
            "中华人民共和国政府关于中华人民共和国领海基线的声明",
        ),
    ],
)
def test_the_line_above_a_reprint_sites_post_bar_is_a_title_only_when_it_reads_as_one(above, source, title):
    page = f"{above}\n时间:2023-01-09 {source} 阅读:12\n本站转载，供参考。\n"
    assert meta_of(page)[0].title == title


def test_titles_in_a_gazettes_table_of_contents_are_not_its_title():
    page = "济南市人民政府公报\n目 录\n济南市城市建设档案管理规定\n济南市农村公路条例\n" + BODY
    assert meta_of(page)[0].title is None


def test_a_heading_naming_the_enclosed_plan_gives_way_to_the_notice_printing_it():
    page = (
        "数字威海建设2023年工作要点\n来源:电子政务网 更新时间:2023-09-04\n"
        "威海市人民政府办公室关于印发数字威海建设2023年工作要点的通知\n" + BODY
    )
    assert meta_of(page)[0].title == "威海市人民政府办公室关于印发数字威海建设2023年工作要点的通知"


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("应急预案—和田市突发公共事件总体应急预案", "和田市突发公共事件总体应急预案"),
        (
            "清远市人民政府关于印发《清远市人民政府工作规则》的通知(2019修订)",
            "清远市人民政府关于印发《清远市人民政府工作规则》的通知",
        ),
        ("清远市人民政府工作规则(2019年11月修订)", "清远市人民政府工作规则(2019年11月修订)"),
    ],
)
def test_a_sites_category_and_a_databases_revision_note_are_not_the_title(line, title):
    assert meta_of(line + "\n" + BODY)[0].title == title


def test_an_encyclopedias_infobox_names_title_and_issuer():
    page = "中文名 | 福田區政府工作報告(2020) | 發布單位 | 福田區人民政府 |\n---|\n" + BODY
    meta, _ = meta_of(page)
    assert (meta.title, meta.issuer, meta.district) == ("福田区政府工作报告(2020)", "福田区人民政府", "福田区")


def test_an_issuer_a_title_names_without_its_place_is_named_in_full():
    page = (
        "市政府办公室关于印发徐州市生活必需品市场供应应急预案的通知\n" + BODY + "徐州市人民政府办公室\n2019年11月26日\n"
    )
    meta, _ = meta_of(page)
    assert (meta.issuer, meta.city) == ("徐州市人民政府办公室", "徐州")


def test_the_body_printed_under_a_laws_title_issues_it():
    page = "中华人民共和国政府关于领海基线的声明\n国务院\n(一九九六年五月十五日 国务院)\n一、台州列岛以东海域的基线如下。\n"
    meta, _ = meta_of(page)
    assert (meta.province, meta.city) == ("全国", None)


def test_the_date_a_report_was_delivered_is_the_date_it_bears():
    page = "政府工作报告\n——2008年1月23日在区五届人大三次会议上的报告\n各位代表:\n我代表区人民政府作报告。\n"
    assert meta_of(page)[0].dated == "2008-01-23"


@pytest.mark.parametrize(
    ("subtitle", "dated"),
    [
        ("——王卫同志2020年1月14日在龙华区第一届", "2020-01-14"),  # the speaker first, the wrap cut the rest
        ("(2016年12月27日在成都市成华区第七届人民代表大会第一次会议上)", "2016-12-27"),
    ],
)
def test_a_reports_date_is_read_however_its_subtitle_is_printed(subtitle, dated):
    page = f"政府工作报告\n{subtitle}\n各位代表:\n我代表区人民政府作报告。\n"
    assert meta_of(page)[0].dated == dated


def test_a_reports_squashed_date_is_read_against_the_publication_date_and_beats_the_sites_date():
    page = (
        "生成日期 2019-01-18 发布日期 2019-01-18\n政府工作报告\n2019116日在拱墅区第七届人民代表大会第三次会议上)\n"
        "各位代表:\n我代表区人民政府作报告。\n"
    )
    meta, _ = meta_of(page)
    assert (meta.title, meta.dated) == ("政府工作报告", "2019-01-16")


def test_a_date_and_its_signatory_on_one_line_under_a_title_date_it():
    page = "海洋预报业务管理暂行规定\n国家海洋局\n1999年7月13日,国家海洋局\n第一章 总则\n第一条 为规范预报业务,制定本规定。\n"
    meta, _ = meta_of(page)
    assert (meta.dated, meta.province, meta.issuer) == ("1999-07-13", "全国", "国家海洋局")


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "政务服务丨济宁市人民政府关于持续深化“市县同权”改革的实施意见",
            "济宁市人民政府关于持续深化“市县同权”改革的实施意见",
        ),
        (
            "国务院关于同意重庆市江北区人民政府驻地迁移的批复(2007年)",
            "国务院关于同意重庆市江北区人民政府驻地迁移的批复",
        ),
        (
            "中共温州市鹿城区委关于制定鹿城区第十四个五年规划的建议",
            "中共温州市鹿城区委关于制定鹿城区第十四个五年规划的建议",
        ),
    ],
)
def test_more_title_layouts_are_read(line, title):
    assert meta_of(line + "\n" + BODY)[0].title == title


def test_a_government_post_with_its_number_beside_the_title_names_title_number_and_place():
    page = (
        "2021年县政府重点工作任务(华政发〔2021〕2号)\n来源:华容县政府   2021-03-23 10:56\n浏览量:1 | | | |\n"
        "各乡镇人民政府、县直各单位:\n现印发给你们,请认真抓好贯彻落实。\n"
    )
    meta, cleaned = meta_of(page)
    assert (meta.title, meta.doc_number, meta.date_published) == (
        "2021年县政府重点工作任务",
        "华政发〔2021〕2号",
        "2021-03-23",
    )
    assert (meta.city, meta.district) == ("岳阳", "华容县") and "来源" not in cleaned.text


def test_a_zone_bureau_inside_a_citys_bureau_places_the_zone():
    page = "关于印发重污染天气应急预案的通知\n金华市生态环境局金华经济技术开发区分局\n" + BODY
    meta, _ = meta_of(page)
    assert (meta.city, meta.district) == ("金华", "金华经济技术开发区")


def test_the_heading_above_the_documents_own_number_beats_a_stray_title_line_above_it():
    page = (
        "广东省人民政府关于印发广东省促进外贸稳定增长若干措施的通知\n"  # a sidebar's link to another document
        "宜昌市人民政府关于加快推进服务外包产业发展的实施意见\n宜府发〔2022〕5号\n" + BODY
    )
    meta, _ = meta_of(page)
    assert meta.title == "宜昌市人民政府关于加快推进服务外包产业发展的实施意见"
    assert (meta.city, meta.doc_number) == ("宜昌", "宜府发〔2022〕5号")


def test_a_title_printed_twice_beats_a_single_one():
    page = (
        "盐城市人民政府关于印发盐城市促进消费若干措施的通知\n相关文件：南京市人民政府关于加快发展夜间经济的实施意见\n"
        "盐城市人民政府关于印发盐城市促进消费若干措施的通知\n" + BODY
    )
    assert meta_of(page)[0].title == "盐城市人民政府关于印发盐城市促进消费若干措施的通知"


def test_the_heading_under_a_news_lead_is_the_title_and_the_dateline_no_place():
    lead = "中国经济网北京3月2日讯 日前，驻马店市政府网站发布《驻马店市深入推进城镇老旧小区改造工作的实施意见》。\n"
    page = lead + "驻马店市深入推进城镇老旧小区改造工作的实施意见\n为贯彻落实国务院办公厅的指导意见，制定本实施意见。\n"
    meta, _ = meta_of(page)
    assert meta.title == "驻马店市深入推进城镇老旧小区改造工作的实施意见"
    assert (meta.province, meta.city) == ("河南", "驻马店")


def test_a_news_lead_names_the_title_when_the_page_prints_no_heading():
    page = (
        "经济日报-中国经济网北京2月27日讯 日前，内蒙古自治区党委自治区人民政府正式印发《内蒙古自治区党委自治区人民政府"
        "关于实施乡村振兴战略的意见》。意见提出，到2020年乡村振兴取得重要进展。\n在乡村文化方面，意见明确加强思想道德建设。\n"
    )
    meta, _ = meta_of(page)
    assert meta.title == "内蒙古自治区党委自治区人民政府关于实施乡村振兴战略的意见"
    assert (meta.province, meta.city) == ("内蒙古", None)
    assert meta.reported  # the page reports on the 意见; it is not the 意见


def test_a_link_box_naming_a_document_then_reporting_its_issue_is_a_report_on_it():
    page = (
        "浙江日报 数字报纸\n■ 链接\n《中央人才工作协调小组关于实施海外高层次人才引进计划的意见》\n"
        "2008年,中共中央办公厅下发《中央人才工作协调小组关于实施海外高层次人才引进计划的意见》,决定实施千人计划。\n"
    )
    meta, _ = meta_of(page)
    assert meta.title == "中央人才工作协调小组关于实施海外高层次人才引进计划的意见" and meta.reported
    headed = page.replace(
        "《中央人才工作协调小组关于实施海外高层次人才引进计划的意见》\n",
        "中央人才工作协调小组关于实施海外高层次人才引进计划的意见\n",
        1,
    )
    assert not meta_of(headed)[0].reported  # a heading without marks over a sentence on it: the page's own


@pytest.mark.parametrize(
    "below",
    [
        "一、制定本办法的背景\n为规范资金管理，市财政局起草了《办法》。",  # an explainer's section heading
        "市商务局负责人介绍，为落实国家部署，特制定本办法。",  # a quoted speaker
    ],
)
def test_an_explainer_or_a_news_item_quoting_the_drafters_is_still_a_report(below):
    lead = "日前，某市人民政府特制定并印发了《某市服务外包资金管理办法》。办法自2021年起施行。\n"
    meta, _ = meta_of(lead + below + "\n")
    assert meta.title == "某市服务外包资金管理办法" and meta.reported


def test_a_lead_naming_the_issuer_beats_a_metadata_title_that_leaves_it_out():
    page = "标题：关于印发某市服务外包扶持办法的通知\n日前，某市人民政府印发了《某市人民政府关于印发某市服务外包扶持办法的通知》。\n"
    assert meta_of(page)[0].title == "某市人民政府关于印发某市服务外包扶持办法的通知"


def test_a_number_under_another_documents_name_in_marks_is_not_the_pages():
    page = (
        "《融安县2018年度土壤污染防治重点\n工作实施计划》政策解读\n一、制定的必要性\n"
        "为打好土壤污染防治攻坚战，特制定《融安县2018年度土壤污染防治重点工作实施计划》。\n二、依据的政策文件\n"
        "《柳州市2018年度土壤污染防治重点工作实施计划》\n(柳环规〔2018〕3号)\n二、主要内容\n"
    )
    assert meta_of(page)[0].doc_number is None
    own = "《柳州市2018年度土壤污染防治重点工作实施计划》\n(柳环规〔2018〕3号)\n各县(区)人民政府:\n"
    assert meta_of(own)[0].doc_number == "柳环规〔2018〕3号"


def test_a_page_issuing_its_own_text_under_its_name_in_marks_is_no_report():
    page = "《某市服务外包扶持办法》\n为促进服务外包发展，现发布《某市服务外包扶持办法》，请遵照执行。\n一、支持对象\n"
    assert not meta_of(page)[0].reported


def test_a_page_printing_its_own_heading_or_the_text_under_a_lead_is_no_report():
    lead = "中国经济网北京3月2日讯 日前，驻马店市政府网站发布《驻马店市深入推进城镇老旧小区改造工作的实施意见》。\n"
    headed = (
        lead + "驻马店市深入推进城镇老旧小区改造工作的实施意见\n为贯彻落实国务院办公厅的指导意见，制定本实施意见。\n"
    )
    carried = lead + "为贯彻落实国务院办公厅的指导意见，特制定本实施意见。\n一、总体要求\n"
    assert not meta_of(headed)[0].reported
    assert meta_of(carried)[0].title == "驻马店市深入推进城镇老旧小区改造工作的实施意见"
    assert not meta_of(carried)[0].reported


def test_a_title_under_a_signature_is_an_enclosed_plans_not_the_pages():
    page = (
        "为加快发展养老服务，现提出如下意见。\n阳泉市人民政府办公室\n2020年7月30日\n阳泉市推进养老服务发展的实施方案\n"
        "为贯彻落实国务院办公厅的意见，制定本方案。\n"
    )
    assert meta_of(page)[0].title is None


def test_a_number_after_its_label_in_a_metadata_row_is_read():
    page = "索引号 014437529/2018-00693 主题分类 城乡建设\n文号 靖政发〔2018〕53号 时效 有效\n" + BODY
    assert meta_of(page)[0].doc_number == "靖政发〔2018〕53号"


def test_the_note_under_a_rules_heading_dates_it_but_not_an_enclosed_rules_note():
    rule = "济南市文化娱乐市场管理规定\n(1991年3月26日济南市人民政府令19号发布)\n第一条 为加强本市文化娱乐市场管理，制定本规定。\n"
    assert meta_of(rule)[0].dated == "1991-03-26"
    enclosing = (
        "内蒙古自治区人民政府关于印发工作规则的通知\n各盟行政公署、市人民政府：\n现将工作规则印发给你们。\n"
        "工作规则\n(2013年6月17日自治区人民政府第五次常务会议通过)\n第一条 为规范工作，制定本规则。\n"
    )
    assert meta_of(enclosing)[0].dated is None


def test_a_text_addressed_to_every_province_is_national():
    page = (
        "各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门：\n"
        "现组织开展新型信息消费示范项目申报工作。新疆生产建设兵团工业和信息化主管部门要严格审查。\n"
    )
    meta, _ = meta_of(page)
    assert (meta.province, meta.city) == ("全国", None)


def test_an_issuer_line_over_the_heading_joins_it_though_a_site_printed_the_rest_first():
    page = (
        "关于印发2021年全市就业工作要点的通知\n访问量:\n宜府办字〔2021〕12号\n宜昌市人民政府办公室\n"
        "关于印发2021年全市就业\n工作要点的通知\n" + BODY
    )
    assert meta_of(page)[0].title == "宜昌市人民政府办公室关于印发2021年全市就业工作要点的通知"


def test_a_law_sites_byline_between_two_printings_of_the_title_stays_out_of_it():
    page = (
        "宜昌市养犬管理规定\n作者:法律资料网 时间:2024-07-06\n宜昌市养犬管理规定\n湖北省宜昌市人民政府\n"
        "宜昌市养犬管理规定\n第一条 为加强养犬管理，制定本规定。\n"
    )
    assert meta_of(page)[0].title == "宜昌市养犬管理规定"


def test_a_reprints_full_text_headline_and_an_items_mark_stay_out_of_the_title():
    headline = "宜昌市“十四五”规划建议全文\n宜昌市国民经济和社会发展“十四五”规划建议\n第一部分。全市发展。\n"
    assert meta_of(headline)[0].title == "宜昌市国民经济和社会发展“十四五”规划建议"
    answer = "湖北养犬规定\n⑴ 宜昌市养犬管理办法\n第一条 为了加强养犬管理，制定本办法。\n"
    assert meta_of(answer)[0].title == "宜昌市养犬管理办法"


def test_a_page_run_into_one_line_gives_its_title_number_and_signature_date():
    page = (
        "宜府发〔2025〕8号 各县市区人民政府,市政府各部...\n"
        "宜昌市人民政府关于印发宜昌市区域合作行动方案的通知, 宜府发〔2025〕8号 各县市区人民政府,市政府各部门: "
        "《宜昌市区域合作行动方案》已经市政府同意,现印发给你们,请认真组织实施。 宜昌市人民政府 2025年3月21日 "
        "宜昌市区域合作行动方案 为推进区域合作,制定本方案。\n"
    )
    meta, _ = meta_of(page)
    assert meta.title == "宜昌市人民政府关于印发宜昌市区域合作行动方案的通知"
    assert (meta.doc_number, meta.dated) == ("宜府发〔2025〕8号", "2025-03-21")


def test_on_a_page_run_into_one_line_the_title_the_addressee_follows_is_the_documents():
    reply = (
        "关于加快乡村旅游发展的提案 关于对区政协第五届二次会议提案的答复 王明委员: 您在区政协会议上提出的提案收悉,"
        "经认真研究,现答复如下: 近年来,宜昌市西陵区加快招商引资。\n"
    )
    assert meta_of(reply)[0].title == "关于对区政协第五届二次会议提案的答复"
    glued = (
        "宜昌市人民政府关于加快发展服务外包的实施意见各县市区人民政府,市政府各部门: 服务外包是现代服务业。加快发展。\n"
    )
    assert meta_of(glued)[0].title == "宜昌市人民政府关于加快发展服务外包的实施意见"
    joint = "中共宜昌市委 宜昌市人民政府 关于加快发展服务外包的意见 各县市区党委和人民政府: 服务外包是现代服务业。\n"
    assert meta_of(joint)[0].title == "中共宜昌市委 宜昌市人民政府 关于加快发展服务外包的意见"


def test_news_of_a_state_council_reply_is_national_not_the_place_it_is_about():
    page = (
        "国务院批复宜昌区划调整:撤销夷陵县设立夷陵区\n发布日期:2017/4/10 16:15:06 浏览:585\n"
        "记者从湖北省政府办公厅获悉,近日,国务院对湖北省人民政府《关于调整宜昌市部分行政区划的请示》作出批复。\n"
        "批复中明确:同意设立宜昌市夷陵区。\n"
    )
    meta, _ = meta_of(page)
    assert meta.issuer == "国务院"
    assert (meta.province, meta.city, meta.district) == ("全国", None, None)
    lead_only = page.split("\n", 2)[2].replace("国务院对", "日前,国务院对")
    assert meta_of("宜昌区划调整\n" + lead_only)[0].province == "全国"
    asked = (
        "湖北省人民政府关于调整宜昌市部分行政区划的请示\n国务院:\n经国务院批复同意的规划,我省拟调整宜昌市行政区划。\n"
    )
    assert meta_of(asked)[0].province == "湖北"


def test_a_report_copied_by_the_news_is_titled_dated_and_placed_by_its_lead_and_speaker():
    page = (
        "宜昌政府网 | 2022-01-15 11:12\n"
        "2022年1月9日上午,市长在宜昌市第五届人民代表大会第一次会议上代表宜昌市人民政府向大会作《政府工作报告》。\n"
        "宜昌市市长 张三\n——2022年1月9日在宜昌市第五届人民代表大会第一次会议上\n各位代表:\n"
        "现在,我代表市人民政府向大会作政府工作报告。全省发展大局中,全省上下同心。\n"
    )
    meta, _ = meta_of(page)
    assert (meta.title, meta.dated, meta.issuer) == ("政府工作报告", "2022-01-09", "宜昌市人民政府")
    assert meta.city == "宜昌"
    assert not meta.reported  # the report's own text follows its lead


def test_a_gazette_issues_heading_and_its_contents_give_no_title():
    page = (
        "2020年第1期政府公报(总第56期)\n时间:2020-02-05 18:28:24 来源:宜昌市人民政府\n目    录\n政府工作报告\n"
        "宜昌市人民政府关于公布第十批文物保护单位的通知(宜府〔2019〕85号)\n政 府 工 作 报 告\n各位代表:\n"
        "现在,我代表市人民政府向大会作政府工作报告。\n"
    )
    assert meta_of(page)[0].title is None


def test_indentation_turned_into_question_marks_does_not_hide_a_signature_date():
    page = BODY + "宜昌市人民政府办公室\n??2018年5月14日\n"
    meta, _ = meta_of(page)
    assert (meta.dated, meta.issuer) == ("2018-05-14", "宜昌市人民政府办公室")


def test_a_metadata_title_that_leaves_out_the_issuer_gives_way_to_the_heading_that_names_it():
    page = (
        "标      题:印发关于《宜昌市自治条例》实施办法的通知\n发文字号:\n发文机关:市政府办公室\n发文日期:2013-07-14\n\n"
        "宜昌市人民政府关于\n\n印发《湖北省宜昌市\n\n自治条例》实施办法的通知\n\n宜府发〔2013〕97号\n\n" + BODY
    )
    assert meta_of(page)[0].title == "宜昌市人民政府关于印发《湖北省宜昌市自治条例》实施办法的通知"
    named = "标题:宜昌市人民政府关于加快发展服务外包的通知\n宜昌市政府关于加快发展服务外包的通知\n" + BODY
    assert meta_of(named)[0].title == "宜昌市人民政府关于加快发展服务外包的通知"


def test_a_list_items_title_is_cut_from_its_post_date_and_number():
    page = (
        "-\n● 宜昌市人民政府公告2025-09-09宜府字〔2025〕75号为让广大人民群众熟悉防空警报,现将有关事项公告如下:一、试鸣时间...\n"
        "宜府字〔2025〕75号\n为让广大人民群众熟悉防空警报,现将有关事项公告如下:\n宜昌市人民政府\n2025年9月7日\n"
    )
    meta, _ = meta_of(page)
    assert (meta.title, meta.doc_number, meta.dated) == ("宜昌市人民政府公告", "宜府字〔2025〕75号", "2025-09-07")


def test_a_heading_cut_in_three_or_before_its_years_is_joined_whole():
    three = (
        "《湖北省进一步支持民间投资\n湖北省人民政府办公厅关于印发湖北省\n进一步支持民间投资\n实施方案的通知\n"
        "鄂政办发〔2023〕5号\n" + BODY
    )
    assert meta_of(three)[0].title == "湖北省人民政府办公厅关于印发湖北省进一步支持民间投资实施方案的通知"
    years = "湖北省人民政府办公厅关于转发\n湖北省旅游产业发展规划\n(2008—2012年)的通知\n鄂政办发〔2008〕20号\n" + BODY
    assert meta_of(years)[0].title == "湖北省人民政府办公厅关于转发湖北省旅游产业发展规划(2008—2012年)的通知"


def test_joint_issuers_above_a_guanyu_heading_belong_to_it_also_named_by_the_first_or_with_the_verb():
    others = "湖北省发展和改革委员会等10部门\n关于印发湖北省特色小镇创建清单的通知\n鄂发改规划〔2021〕3号\n" + BODY
    meta, _ = meta_of(others)
    assert meta.title == "湖北省发展和改革委员会等10部门关于印发湖北省特色小镇创建清单的通知"
    assert meta.issuer == "湖北省发展和改革委员会等10部门"
    verb = "宜府发〔2025〕4号\n宜昌市人民政府 宜昌市中级人民法院印发\n关于完善府院联动机制的意见的通知\n" + BODY
    assert meta_of(verb)[0].title == "宜昌市人民政府、宜昌市中级人民法院印发关于完善府院联动机制的意见的通知"


def test_an_issuer_announcing_a_rule_is_no_part_of_its_title():
    page = "12月25日\n宜昌市人民政府发布\n宜昌市电动自行车管理办法\n全文如下\n第一条 为加强管理，制定本办法。\n"
    assert meta_of(page)[0].title == "宜昌市电动自行车管理办法"


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (
            "宜府发〔2016〕46号《宜昌市人民政府关于印发宜昌新区总体方案的通知》(全文)",
            "宜昌市人民政府关于印发宜昌新区总体方案的通知",
        ),
        (
            "宜昌市人民政府办公厅关于转发宜昌市志编纂方案的通知 ((1990年11月16日))",
            "宜昌市人民政府办公厅关于转发宜昌市志编纂方案的通知",
        ),
        ("宜安委〔2011〕3号—宜昌市安全生产委员会关于印发考核办法的通知", "宜昌市安全生产委员会关于印发考核办法的通知"),
        ("  • 宜昌市人民政府办公室关于印发供热应急预案的通知", "宜昌市人民政府办公室关于印发供热应急预案的通知"),
        ("2013年宜昌市政府工作报告——2013年1月5日在宜昌市第六届人民代表大会第二次会议上", "2013年宜昌市政府工作报告"),
    ],
)
def test_what_a_site_glues_around_a_heading_is_cut_off(heading, title):
    assert meta_of(heading + "\n" + BODY)[0].title == title


def test_a_national_laws_name_is_a_title():
    page = "中华人民共和国国家通用语言文字法\n全国人民代表大会常务委员会\n第一条 为推动国家通用语言文字的规范化，制定本法。\n"
    assert meta_of(page)[0].title == "中华人民共和国国家通用语言文字法"


def test_a_news_lead_under_a_headline_and_post_bar_names_the_document_it_reports():
    page = (
        "湖北\n湖北:重点实施十大工程加快发展乡村旅游\n2018-02-12    来源:经济日报    编辑:\n"
        "经济日报北京2月12日讯 日前,湖北省政府正式印发《关于加快乡村旅游发展的意见》。意见提出,到2020年建成示范县。\n"
    )
    assert meta_of(page)[0].title == "关于加快乡村旅游发展的意见"


def test_a_headline_on_who_chaired_a_meeting_is_no_documents_title():
    page = (
        "王明主持召开市政府常务会议 加快恢复生产生活秩序 落实对冲疫情政策措施\n信息来源:市政府办公室 时间:2020-04-01\n"
        "昨日下午,市长王明主持召开市政府常务会议。会议强调,宜昌市要加快恢复生产生活秩序。\n"
    )
    assert meta_of(page)[0].title is None


def test_labels_a_table_header_also_prints_are_read_inside_a_metadata_block():
    page = (
        "索引号 000014349/2020-3761045 成文日期 2020-10-15\n发布机构 文件有效性\n"
        "名称 市人民政府办公室关于印发健康宜昌行动推进方案的通知\n" + BODY
    )
    assert meta_of(page)[0].title == "市人民政府办公室关于印发健康宜昌行动推进方案的通知"
    spaced = "索引号 SY-310115-2022-71013\n信息名称 政 府 工 作 报 告\n各位代表:\n现在,我代表区人民政府作报告。\n"
    assert meta_of(spaced)[0].title == "政府工作报告"


def test_a_number_in_a_table_drawn_with_bars_is_read_after_its_label():
    page = (
        "宜昌市夷陵区人民政府办公室关于印发资金管理办法的通知\n"
        "索引号 | xzfgzbmzfb/2021-3740 | 公开目录: | 区政府办文件 |\n"
        "文号 | 夷政办发〔2021〕88号 | 成文日期: | 2021年09月28日 |\n" + BODY
    )
    assert meta_of(page)[0].doc_number == "夷政办发〔2021〕88号"


DATED_LAYOUTS = {
    "a publication date spaced out by a template": (
        "宜昌市数字政府建设行动方案\n发布日期: 2022- 04- 27 浏览次数:\n为加快数字政府建设，制定本方案。\n",
        "2022-04-27",
    ),
    "a date alone under the notice's last sentence, over the site's field": (
        "成文日期 2011-09-01 有效性\n宜昌市人民政府办公室\n转发宜昌市行政处罚文书指导意见的通知\n市政府直属各单位:\n"
        "现将指导意见转发给你们，请认真贯彻执行。\n\n\n            二○一一年八月九日\n\n指导意见\n一、目的\n",
        "2011-08-09",
    ),
    "a signature date squashed into digits": (
        "成文日期 2020-10-15\n" + BODY.split("一、")[0] + "2020928\n(此件公开发布)\n一、目标\n",
        "2020-09-28",
    ),
    "a promulgation date label": (
        "- 中文名:宜昌市人民政府办公室关于同意的复函\n- 頒布時間:2022年1月11日\n- 發文字號:宜政辦字〔2022〕2號\n"
        + BODY,
        "2022-01-11",
    ),
    "a date in brackets after a title": (
        "宜昌市人民政府办公厅关于转发宜昌市志编纂方案的通知 ((1990年11月16日))\n" + BODY,
        "1990-11-16",
    ),
    "an adoption line without brackets under a heading": (
        "宜昌市政治协商会议工作条例\n\n1949年10月18日宜昌市政治协商会议第一届常务委员会第一次会议通过\n"
        "第一条 常务委员会的职权如下:\n",
        "1949-10-18",
    ),
    "a disclosure list whose labels were lost: its first date": (
        "• 005299478/2022-00137\n  • 宜昌市卫生健康委员会\n  • 应急\n  • 2022-08-10\n  • 2022-08-12\n"
        "宜昌市突发公共事件医疗卫生救援应急预案\n1 总则\n为提高医疗卫生应急反应能力，制定本预案。\n",
        "2022-08-10",
    ),
}


@pytest.mark.parametrize("page, dated", DATED_LAYOUTS.values(), ids=DATED_LAYOUTS.keys())
def test_a_layout_dates_its_document(page, dated):
    assert meta_of(page)[0].dated == dated


def test_a_headline_naming_the_law_the_text_implements_is_not_its_title():
    page = (
        "行业动态\n当前位置: 首页 >> 行业动态\n湖北省殡葬管理条例\n2021-10-07 宜昌公墓网 846\n第一章 总则\n"
        "第一条 为深化殡葬改革，根据《国务院殡葬管理条例》《湖北省殡葬管理条例》等规定，结合远安县实际情况，制定本细则。\n"
        "第二条 本细则适用于本县行政区域内的殡葬活动。县殡葬改革工作领导小组负责全县工作。\n"
    )
    meta, _ = meta_of(page)
    assert meta.title is None
    assert (meta.province, meta.city, meta.district) == ("湖北", "宜昌", "远安县")
    implementing = "湖北省殡葬管理条例实施细则\n第一条 根据《湖北省殡葬管理条例》，制定本细则。\n"
    assert meta_of(implementing)[0].title == "湖北省殡葬管理条例实施细则"


TITLED_LAYOUTS = {
    "a sharing site's region tag before the title": (
        "(湖北省)宜昌市国民经济和社会发展第十四个五年规划纲要\n[规划计划] 发表于:2021-10-08 18:29:26\n收藏\n"
        "宜昌市国民经济和社会发展第十四个五年规划纲要\n宜昌市人民政府\n“十四五”时期是宜昌高质量发展的关键五年。\n",
        "宜昌市国民经济和社会发展第十四个五年规划纲要",
    ),
    "a tagged headline over a different heading": (
        "(湖北省)宜昌市国民经济和社会发展十四五规划(2022年更新)\n宜昌市国民经济和社会发展第十四个五年规划纲要\n"
        "宜昌市人民政府\n前言\n“十四五”时期是宜昌高质量发展的关键五年。\n",
        "宜昌市国民经济和社会发展第十四个五年规划纲要",
    ),
    "a disclosure site's validity note after the title": (
        "索引号: 781309229/2022-00424 时效: 现行有效\n公开方式 主动公开 文号 宜府办规〔2022〕4号\n"
        "宜昌市人民政府办公室关于印发宜昌市养老托育实施方案的通知(有效)\n  • 发布日期:2022-08-04\n" + BODY,
        "宜昌市人民政府办公室关于印发宜昌市养老托育实施方案的通知",
    ),
    "joint issuers whose second name a wrap cut": (
        "中共宜昌高新技术产业开发区工作委员会 宜昌高新\n技术产业开发区管理委员会关于印发\n《高新区推进数字经济\n"
        "实施方案》的通知\n宜高委〔2021〕8号\n" + BODY,
        "中共宜昌高新技术产业开发区工作委员会 宜昌高新技术产业开发区管理委员会关于印发《高新区推进数字经济实施方案》的通知",
    ),
    "a site's words glued before one issuer are no name": (
        "名称描述内容\n宜昌市人民政府关于印发宜昌市产业扶持办法的通知\n宜府发〔2021〕3号\n" + BODY,
        "宜昌市人民政府关于印发宜昌市产业扶持办法的通知",
    ),
    "a heading printed twice around its byline, whatever it names": (
        "宜都市人民政府《关于禁止燃放烟花爆竹的通告》(征求意见稿)的反馈情况\n\n宜都市人民政府 发布时间: 2025-04-11 14:20\n\n"
        "宜都市人民政府《关于禁止燃放烟花爆竹的通告》(征求意见稿)的反馈情况\n\n"
        "我局将通告征求意见稿在门户网站全文公布,期间没有收到相关意见。\n\n宜都市人民政府\n\n2025年4月11日\n",
        "宜都市人民政府《关于禁止燃放烟花爆竹的通告》(征求意见稿)的反馈情况",
    ),
    "a section name printed twice is no heading": (
        "产业招商\n\n产业招商\n\nNEWS CENTER\n\n各县市区执行原有规定,全面禁止燃放烟花爆竹。\n宜昌市人民政府\n2022年11月22日\n",
        None,
    ),
    "the document's own heading under a site's headline": (
        "当前位置:名人名言大全网 - 端午节短信 - 宜昌远安县全面禁止燃放烟花爆竹的通知\n\n"
        "宜昌远安县全面禁止燃放烟花爆竹的通知\n\n远安县人民政府关于远安县全面禁止燃放烟花爆竹的通告\n\n"
        "为加强烟花爆竹安全管理,现就有关事项通知如下。\n\n一、禁止燃放的区域:远安县范围内的所有区域。\n",
        "远安县人民政府关于远安县全面禁止燃放烟花爆竹的通告",
    ),
    "a body's notice of a list under a county site's headline": (
        "宜都市人民政府\n\n政府信息公开\n\n公示!宜都市拟入选全省文明城市\n\n发布时间:2025-03-01 浏览次数:\n\n"
        "关于湖北省拟推荐全省文明城市名单的公示\n\n根据有关要求,现将拟推荐名单予以公示,接受社会监督。\n\n"
        "宜昌市:宜都市、远安县\n\n湖北省文明办\n\n2025年3月1日\n",
        "关于湖北省拟推荐全省文明城市名单的公示",
    ),
    "a policy interpretation under a page clock": (
        "2021/8/16 上午9:31:36 星期一\n\n关于宜昌市人民政府办公室关于印发宜昌市楼宇经济工作方案的通知的解读\n\n"
        "稿源: 宜昌市政府网 2021-11-23\n\n一、起草依据\n\n为落实全市部署,市商务局起草了《宜昌市楼宇经济工作方案》。\n",
        "关于宜昌市人民政府办公室关于印发宜昌市楼宇经济工作方案的通知的解读",
    ),
    "a site's column name 政策解读 is no heading": (
        "政策解读\n\n宜昌市人民政府网\n\n为落实市委部署,现将有关政策解读如下。\n\n一、主要内容\n",
        None,
    ),
    "a table label whose padding spaces were lost as question marks": (
        "索引號: | 00298627-2/201802-00023 | 信息分類: | 省政府文件 |\n"
        "標??題: | 湖北省人民政府關于宜昌市開發區整合方案的批復 | ||\n發文字號: | 鄂政函〔2018〕25號 | 關鍵詞: |\n"
        "宜昌市人民政府:\n你市請示悉。現批復如下:\n一、同意整合方案。\n",
        "湖北省人民政府关于宜昌市开发区整合方案的批复",
    ),
    "a decree run into one line names the rules it promulgates": (
        "论文部分内容阅读\n宜昌市人民政府令第12号《宜昌市古树名木保护办法》已经市人民政府同意,现予发布。"
        "市长张三宜昌市人民政府2012年10月26日第一条为加强古树名木保护,制定本办法。第二条本办法适用于本市。\n",
        "宜昌市古树名木保护办法",
    ),
    "a notice's text names the plan it prints, not its own title": (
        "宜政办发〔2019〕25号\n\n各县(市、区)人民政府,市政府各部门:\n\n"
        "《宜昌市大花园建设实施方案》已经市政府第39次常务会议审议通过,现印发给你们,请认真贯彻落实。\n\n"
        "宜昌市人民政府办公室\n\n2019年5月24日\n",
        None,
    ),
    "a sentence ending before the promulgation names no rule it promulgates": (
        "论文部分内容阅读\n《宜昌市旧古树保护办法》已经废止。经市人民政府同意,现予公布新的目录。第一条为加强保护。\n",
        None,
    ),
}


@pytest.mark.parametrize("page, title", TITLED_LAYOUTS.values(), ids=TITLED_LAYOUTS.keys())
def test_a_layout_titles_its_document(page, title):
    assert meta_of(page)[0].title == title


def test_a_plans_approval_note_under_its_heading_dates_it():
    page = (
        "宜昌市国民经济和社会发展第十四个\n\n五年规划和2035年远景目标纲要\n\n\n"
        "(2021年3月2日市十二届人大八次会议审议批准)\n\n\n2021年5月\n\n“十四五”时期是宜昌高质量发展的关键五年。\n"
    )
    meta, _ = meta_of(page)
    assert (meta.title, meta.dated) == ("宜昌市国民经济和社会发展第十四个五年规划和2035年远景目标纲要", "2021-03-02")


def test_a_decree_run_into_its_first_article_is_dated_by_its_signature():
    page = (
        "宜昌市人民政府令第12号《宜昌市古树名木保护办法》已经市人民政府同意,现予发布。"
        "市长张三宜昌市人民政府2012年10月26日第一条为加强古树名木保护,制定本办法。第二条本办法适用于本市。\n"
    )
    meta, _ = meta_of(page)
    assert (meta.dated, meta.city) == ("2012-10-26", "宜昌")
    printed = "宜昌市人民政府关于古树保护的通知。宜昌市人民政府2012年10月26日印发的《办法》同时废止,请遵照执行。\n"
    assert meta_of(printed)[0].dated is None


def test_the_signatory_under_the_text_outranks_a_body_named_atop_the_page():
    page = (
        "宜都市人民政府\n\n政府信息公开\n\n公示!宜都市拟入选全省文明城市\n\n"
        "关于湖北省拟推荐全省文明城市名单的公示\n\n根据有关要求,现将拟推荐名单予以公示,接受社会监督。\n\n"
        "宜昌市:宜都市、远安县\n\n湖北省文明办\n\n2025年3月1日\n"
    )
    meta, _ = meta_of(page)
    assert meta.issuer == "湖北省文明办"
    assert (meta.province, meta.city, meta.district) == ("湖北", None, None)
    red_header = "宜昌市人民政府办公室\n宜府办发〔2022〕5号\n宜昌市人民政府办公室关于印发养老方案的通知\n" + BODY
    assert meta_of(red_header)[0].issuer == "宜昌市人民政府办公室"


def test_a_notice_forwarding_a_text_with_its_signature_is_signed_by_its_own_signatory():
    page = (
        "湖北省人民政府办公厅\n鄂政办发〔2022〕5号\n关于转发商务部促进外包发展意见的通知\n各市、州人民政府:\n"
        "商务部《关于促进外包发展的意见》已经省政府同意,现转发给你们,请认真贯彻执行。\n湖北省人民政府办公厅\n"
        "2022年1月5日\n关于促进外包发展的意见\n一、加快发展服务外包。\n二、完善支持政策。\n商务部\n2021年12月20日\n"
    )
    meta, _ = meta_of(page)
    assert (meta.issuer, meta.province, meta.dated) == ("湖北省人民政府办公厅", "湖北", "2022-01-05")


def test_a_title_in_a_table_cell_keeps_its_border_out():
    page = (
        "国务院关于同意湖北省撤销宜昌地区设立地级宜昌市的批复 |\n|\n作者单位: | 国务院 |\n"
        "摘 要: | 湖北省人民政府:你省《关于撤销宜昌地区的请示》收悉。现批复如下:一、同意撤销宜昌地区。\n"
    )
    meta, _ = meta_of(page)
    assert meta.title == "国务院关于同意湖北省撤销宜昌地区设立地级宜昌市的批复"
    assert (meta.province, meta.city) == ("全国", None)


def test_a_site_headline_adding_its_year_gives_way_to_the_heading_under_it():
    page = (
        "当前位置: 首页 > 政务公开 > 政府工作报告\n\n政 府 工 作 报 告(2022年)\n\n发布日期:2022-02-11 19:15\n\n"
        "政府工作报告\n\n——在宜都市第十届人民代表大会第一次会议上\n\n(2022年1月5日)\n\n各位代表:\n\n"
        "现在,我代表市人民政府向大会报告工作,请予审议。\n"
    )
    assert meta_of(page)[0].title == "政府工作报告"
    dated = "政府工作报告(2022年)\n\n——在宜都市第十届人民代表大会第一次会议上\n\n各位代表:\n\n现在,我代表市人民政府报告工作。\n"
    assert meta_of(dated)[0].title == "政府工作报告(2022年)"


def test_a_squashed_signature_date_that_kept_its_day_mark_is_read():
    page = (
        "宜昌市人民政府关于表彰先进县(市、区)的决定\n\n各县(市、区)人民政府,市政府各部门:\n\n"
        "经市政府研究决定,对先进县(市、区)予以表彰。\n\n附件:先进县(市、区)名单\n\n2014424日\n\n附件\n\n一、宜都市\n"
    )
    assert meta_of(page)[0].dated == "2014-04-24"
