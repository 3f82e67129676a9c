"""Page furniture goes, and is counted; policy text that looks like it stays; mojibake is marked, never quoted."""

import pytest
from helpers import write

from search.config import load_settings
from search.ingest.cleaning import clean_text
from search.ingest.corpus import load_corpus
from search.normalize import GARBLED

POLICY = "一、总体要求\n（一）发展目标。到2025年，服务外包执行额达到10亿美元。"


@pytest.mark.parametrize(
    ("furniture", "kind"),
    [
        ("【打印本页】【关闭窗口】", "print/close bar"),
        ("[ 打印 ] [ 关闭 ]", "print/close bar"),
        ("【字体：大 中 小】 打印 收藏", "print/close bar"),
        ("字体：【大】【中】【小】", "font-size bar"),
        ("分享到：微信 微博 QQ空间", "share bar"),
        ("首页 > 政策文件 > 正文", "breadcrumb"),
        ("网站首页>>政务公开>>通知公告", "breadcrumb"),
        ("返回首页 > 您现在的位置: 我爱遵义 > 资讯杂谈 > 正文", "breadcrumb"),
        ("Copyright © 2021 宜昌市人民政府", "copyright line"),
        ("鄂ICP备05003327号", "copyright line"),
        (">> 专题专栏 >> 归档专题 >> 2023市政府重点工作", "breadcrumb"),
        ("首頁>", "breadcrumb"),
        ("您当前所处的位置 : 首页 / 电子商务专栏 / 详情", "breadcrumb"),
        ("2025年4月16日 星期三", "crawl date"),
        ("今天是 2018年08月17日 星期五", "crawl date"),
        ("您的位置: 首页 » 法律资料网 » 法律法规 »", "breadcrumb"),
        ("您所在的位置:首页->信息公开->政府文件", "breadcrumb"),
        ("您当前的位置是:首页> 专题报道> 河长制> 工作动态", "breadcrumb"),
        ("当前位置  首页 > 政务公开 > 政府公报 > 2020年", "breadcrumb"),
        ("當前頁面: 首頁??>?政務公開?>?鄉鎮信息公開目錄?>?通知公告", "breadcrumb"),
        ("社会主义核心价值观: 富强、民主、文明、和谐", "slogan banner"),
        ("宜昌本地宝 > 资讯快递 > 动态 > 2021年宜昌市第三号疫情防控通告", "breadcrumb"),
        ("中国文化产业网>文化产业政策>", "breadcrumb"),
        ("您的当前位置: 找法网 > 法规库 > 正文", "breadcrumb"),
    ],
)
def test_page_tools_breadcrumbs_and_copyright_lines_are_removed(furniture, kind):
    result = clean_text(f"{furniture}\n{POLICY}")
    assert result.text == POLICY
    assert result.removed[kind] == 1


def test_a_menu_printed_one_item_a_line_is_removed():
    result = clean_text("首页\n政务公开\n政策文件\n互动交流\n" + POLICY)
    assert result.text == POLICY
    assert result.removed["navigation menu"] == 4


@pytest.mark.parametrize("text", ["打印机采购\n" + POLICY, "大\n" + POLICY, "一、首页设计\n（一）政务公开。加强公开。"])
def test_policy_words_that_name_page_tools_are_kept(text):
    assert clean_text(text).text == text


def test_pinyin_annotations_from_ruby_text_are_removed():
    page = "关(guān)于(yú)加快服务外包发(fā)展的实施意见\n" + POLICY
    result = clean_text(page)
    assert result.text.startswith("关于加快服务外包发展的实施意见\n")
    assert result.removed["pinyin annotation"] == 3


def test_a_lone_latin_word_in_brackets_is_not_pinyin():
    text = "一、发展业务流程外包(BPO)与知识流程外包(kpo)。"
    assert clean_text(text).text == text


def test_mojibake_runs_are_marked_and_counted():
    garbled = "关于加快服务外包发展的实施意见".encode().decode("gbk", errors="replace")
    latin = "支持服务外包企业".encode().decode("cp1252", errors="replace")
    result = clean_text(f"一、总体要求\n{garbled}。\n（一）{latin}。\n（二）加强职业院校培训。")
    assert result.text == f"一、总体要求\n{GARBLED}。\n（一）{GARBLED}。\n（二）加强职业院校培训。"
    assert result.removed["mojibake run"] == 2


def test_a_page_of_nothing_but_links_and_titles_is_skipped_with_a_reason(tmp_path):
    write(tmp_path, "index.txt", "政策文件\n关于印发服务外包扶持办法的通知\n关于支持软件产业发展的若干意见\n更多>>\n")
    corpus = load_corpus([tmp_path], load_settings())
    assert corpus.documents == [] and corpus.clauses == []
    assert "index.txt: nothing but page debris after cleaning" in corpus.skipped[0].reason


def test_a_last_clause_cut_mid_sentence_is_kept_in_the_text_but_not_indexed(tmp_path):
    write(tmp_path, "cut.txt", POLICY + "\n（二）保障措施。加强组织领导，落实工作责任。\n（三）以")
    corpus = load_corpus([tmp_path], load_settings())
    [document] = corpus.documents
    assert document.text.endswith("（三）以")
    assert corpus.clauses[-1].text.endswith("落实工作责任。")
    assert any("last clause cut short" in warning for warning in corpus.warnings)


def test_a_sentence_naming_copyright_holders_is_kept():
    text = "一、加强知识产权保护\n（一）依法保护版权所有人的合法权益，支持软件企业登记。"
    assert clean_text(text).text == text


def test_a_bulleted_menu_and_the_login_bar_above_a_title_are_removed():
    menu = "登录 注册\n• 蒙古文版\n• 无障碍浏览\n• 微信公众号\n微信公众号\n• 首页\n• 政务公开\n取消收藏成功!\n相关办事指南\n"
    result = clean_text(menu + POLICY)
    assert result.text == POLICY
    assert result.removed["navigation menu"] == 6 and result.removed["login bar"] == 1


def test_a_line_named_position_is_text():
    text = "位置:三楼会议室\n" + POLICY
    assert clean_text(text).text == text


def test_html_pasted_as_text_is_read_as_its_text():
    page = '<p style="text-align: center">政 府 工 作 报 告</p>\n<p>各位代表:</p><p>&ldquo;十一五&rdquo;开局良好。</p>'
    result = clean_text(page)
    assert result.text == "政府工作报告\n各位代表:\n“十一五”开局良好。"
    assert result.removed["html markup"] == 6 and result.removed["letter-spaced line"] == 1


def test_a_few_angle_brackets_in_text_are_not_markup():
    text = "增幅<5%的项目不予支持。\n" + POLICY
    assert clean_text(text).text == text


def test_script_and_image_tags_in_text_are_not_taken_for_layout():
    text = "（一）保税维修。支持<script>x()</script>发展<img src=x onerror=y>项目。\n" + POLICY
    assert clean_text(text).text == text
