"""The local alignment of a draft clause with its precedent: the shared stretch, and what was added or dropped."""

from search.draft.alignment import Change, align

PRECEDENT = "2.维修维护服务。支持保税维修、保税检测、再制造等新业态发展,推进凌云飞机维修扩能技改项目建设。其他内容与本条无关，篇幅很长很长很长很长很长。"


def test_a_draft_copying_part_of_a_precedent_is_aligned_with_that_part_only():
    draft = "支持保税维修、保税检测等新业态发展，推进飞机维修扩能技改项目建设。"
    alignment = align(draft, PRECEDENT)
    start, end = alignment.precedent_span
    assert PRECEDENT[start:end].startswith("支持保税维修") and "其他内容" not in PRECEDENT[start:end]
    assert alignment.segments[-1] == alignment.segments[-1].__class__(Change.DROPPED, "", PRECEDENT[end:])
    dropped = [s.precedent for s in alignment.segments if s.change is Change.DROPPED]
    assert "、再制造" in dropped and "凌云" in dropped


def test_full_width_punctuation_and_traditional_script_are_no_change():
    alignment = align("支持保税維修，推进项目建设。", "支持保税维修,推进项目建设。")
    assert [s.change for s in alignment.segments] == [Change.SAME]
    assert alignment.segments[0].draft == "支持保税維修，推进项目建设。"  # shown as the draft wrote it
    assert alignment.coverage(len("支持保税維修，推进项目建设。")) == 1.0


def test_a_changed_figure_is_shown_as_changed():
    alignment = align("给予50万元奖励，支持企业发展壮大。", "给予100万元奖励，支持企业发展壮大。")
    changes = [(s.change, s.draft, s.precedent) for s in alignment.segments if s.change is not Change.SAME]
    assert changes in ([(Change.CHANGED, "5", "10")], [(Change.CHANGED, "5", "1"), (Change.DROPPED, "", "0")])


def test_texts_sharing_nothing_are_all_added_and_dropped():
    alignment = align("甲乙丙", "丁戊己")
    assert [s.change for s in alignment.segments] == [Change.ADDED, Change.DROPPED] and alignment.shared == 0
