"""What a citing sentence does: repeal, partial repeal, amendment, and the negations, proposals, reports and
quotations that do none of them."""

from __future__ import annotations

import pytest

from search.ingest.citations.reading import find_references
from search.records import Clause, DocumentMeta, Effect


def acts(text: str) -> list[tuple[str | None, Effect | None, str | None]]:
    """(title or number, effect, articles) of each citation in `text`."""
    clause = Clause("d:001", "d", "朔州", "t", [], "", text, "clause", 0, len(text))
    return [(r.title or r.number, r.effect, r.articles) for r in find_references([clause], DocumentMeta())]


REPEALED = Effect.REPEALS


@pytest.mark.parametrize(
    "text",
    [
        "本办法自2021年1月1日起施行，原《朔州市扶持办法》同时废止。",
        "《朔州市扶持办法》予以废止。",
        "《朔州市扶持办法》一并废止。",
        "《朔州市扶持办法》自2021年1月1日起停止执行。",
        "《朔州市扶持办法》不再执行。",
        "《朔州市扶持办法》同时失效。",
        "现决定废止《朔州市扶持办法》。",
        "关于废止《朔州市扶持办法》的决定",
        "原《朔州市扶持办法》，自2021年1月1日起废止。",
        "現將《朔州市扶持辦法》予以廢止。",
    ],
)
def test_each_repeal_phrase_repeals_the_title_it_names(text):
    assert acts(text) == [("朔州市扶持办法", REPEALED, None)]


def test_a_repeal_names_every_title_of_its_phrase_and_their_numbers():
    found = acts("原《朔州市人才办法》(朔政发〔2018〕3号)和《朔州市资金办法》、朔政办发〔2017〕9号同时废止。")
    assert found == [
        ("朔州市人才办法", REPEALED, None),
        ("朔州市资金办法", REPEALED, None),
        ("朔政办发〔2017〕9号", REPEALED, None),
    ]


def test_the_document_a_sentence_rests_on_is_not_repealed_with_the_old_one():
    assert acts("根据《商务部等8部门意见》制定本办法，原《朔州市扶持办法》同时废止。") == [
        ("商务部等8部门意见", None, None),
        ("朔州市扶持办法", REPEALED, None),
    ]


@pytest.mark.parametrize(
    "text, articles",
    [
        ("《朔州市扶持办法》(朔政发〔2018〕3号)第五条同时废止。", "第五条"),
        ("《朔州市扶持办法》第五条、第六条予以废止。", "第五条、第六条"),
        ("《朔州市扶持办法》中的第12条停止执行。", "第12条"),
        ("废止《朔州市扶持办法》第三条第二款。", "第三条第二款"),
    ],
)
def test_a_repeal_of_articles_is_a_partial_repeal(text, articles):
    assert acts(text) == [("朔州市扶持办法", Effect.REPEALS_PART, articles)]


@pytest.mark.parametrize(
    "text",
    [
        "将《朔州市扶持办法》第五条修改为：“补贴标准为每人2000元”。",
        "对《朔州市扶持办法》作如下修改：",
        "现决定对《朔州市扶持办法》作如下修正：",
        "市政府决定对《朔州市扶持办法》部分条款进行修订：",
        "关于修改《朔州市扶持办法》的决定",
        "将《朔州市扶持办法》第五条删除。",
        "此外，根据本决定对《朔州市扶持办法》部分条文的文字和条、款顺序作相应的修改和调整。",
        "对《朔州市扶持办法》作相应修改。",
    ],
)
def test_each_amendment_phrase_amends_the_title_it_names(text):
    assert acts(text) == [("朔州市扶持办法", Effect.AMENDS, None)]


@pytest.mark.parametrize(
    "text",
    [
        "我市将对《朔州市扶持办法》作相应的修改。",  # a plan
        "各区要对本区与《朔州市扶持办法》相关的配套文件作相应的修改。",  # the related files change, not the 办法
    ],
)
def test_revising_accordingly_in_a_plan_or_of_other_files_amends_nothing(text):
    assert acts(text) == [("朔州市扶持办法", None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "《朔州市扶持办法》不废止，继续执行。",
        "《朔州市扶持办法》不予废止。",
        "《朔州市扶持办法》暂不废止。",
        "原《朔州市扶持办法》继续执行。",
        "《朔州市扶持办法》仍然有效。",
        "《朔州市扶持办法》继续有效，其他文件另行清理。",
    ],
)
def test_a_negation_or_saving_clause_repeals_nothing(text):
    assert acts(text) == [("朔州市扶持办法", None, None)]


def test_a_saving_clause_keeps_only_its_own_phrase():
    found = acts("《朔州市甲办法》同时废止，《朔州市乙办法》继续执行。")
    assert found == [("朔州市甲办法", REPEALED, None), ("朔州市乙办法", None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "《朔州市扶持办法》拟废止。",
        "建议废止《朔州市扶持办法》。",
        "《朔州市扶持办法》应当及时废止。",
        "《朔州市扶持办法》已废止。",
        "《朔州市扶持办法》废止后，由市商务局另行制定细则。",
        "按照修改后的《朔州市扶持办法》执行。",
        "《朔州市扶持办法》已于2019年修订。",
        "拟对我市2011年出台的《朔州市扶持办法》进行修改和完善。",
    ],
)
def test_a_proposal_a_duty_or_a_report_of_a_past_repeal_is_no_act(text):
    assert acts(text) == [("朔州市扶持办法", None, None)]


def test_a_repeal_quoted_from_another_document_repeals_nothing():
    found = acts("根据《国务院关于某事的通知》中“原《朔州市扶持办法》同时废止”的规定，制定本办法。")
    assert found == [("国务院关于某事的通知", None, None), ("朔州市扶持办法", None, None)]


def test_an_amendment_does_not_act_on_the_titles_it_quotes():
    found = acts("将《朔州市扶持办法》第五条中的“《甲办法》”修改为“《乙办法》”。")
    assert found[0] == ("朔州市扶持办法", Effect.AMENDS, None)
    assert [effect for _, effect, _ in found[1:]] == [None, None]


def test_the_words_of_a_cited_title_do_not_act():
    assert acts("依据《国务院关于废止部分行政法规的决定》开展清理。") == [
        ("国务院关于废止部分行政法规的决定", None, None)
    ]


def test_a_call_to_repeal_conflicting_rules_names_no_document():
    assert acts("各地要及时废止与本办法不一致的规定。") == []


def test_a_batch_amendment_of_documents_named_with_their_numbers_amends_each():
    found = acts("决定对《长春市甲办法的通知》(长府发〔2018〕3号)等5件行政规范性文件予以修改。")
    assert found == [("长春市甲办法的通知", Effect.AMENDS, None)]
    assert acts("二、对长府发〔2018〕8号作如下修改：") == [("长府发〔2018〕8号", Effect.AMENDS, None)]
    assert acts("对照《朔州市扶持办法》进行修改完善。") == [("朔州市扶持办法", None, None)]


def test_a_repeal_of_a_document_issued_with_another_or_of_what_it_set_out_is_partial():
    found = acts("《吉林省关于印发专项规划的通知》(吉政发〔2022〕5号)中的《长春都市圈发展规划》同时废止。")
    assert found == [
        ("吉林省关于印发专项规划的通知", Effect.REPEALS_PART, "《长春都市圈发展规划》"),
        ("长春都市圈发展规划", REPEALED, None),
    ]
    listed = acts("省政府办公厅《关于推进特色小镇建设的指导意见》(甘政办发〔2016〕1号)确定的省级特色小镇名单即行废止。")
    assert listed == [("关于推进特色小镇建设的指导意见", Effect.REPEALS_PART, "省级特色小镇名单")]


def test_a_document_drawn_up_earlier_is_still_repealed():
    assert acts("市政府拟定的《朔州市扶持办法》同时废止。") == [("朔州市扶持办法", REPEALED, None)]


def test_就_a_title_作如下修改_amends_it_as_对_does():
    assert acts("现决定就《深圳经济特区防洪防风规定》作如下修改") == [("深圳经济特区防洪防风规定", Effect.AMENDS, None)]


def test_a_repeal_of_what_a_document_says_on_one_matter_is_partial():
    text = (
        "本办法自印发之日起施行。《某市应急预案管理暂行办法》(某环发〔2010〕113号)关于企业预案管理的相关内容同时废止。"
    )
    assert acts(text) == [("某市应急预案管理暂行办法", Effect.REPEALS_PART, "关于企业预案管理的相关内容")]


def test_a_revision_done_and_issued_amends_the_earlier_text():
    text = "根据工作需要,对《某市小额贷款公司评级办法》(湘金监发〔2018〕11号)进行了修订,现印发给你们。"
    assert acts(text) == [("某市小额贷款公司评级办法", Effect.AMENDS, None)]
