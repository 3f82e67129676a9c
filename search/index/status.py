"""The words the index and its faces share: the state of an index, the stages of a build, and progress."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class IndexStatus(StrEnum):
    """What `check` finds, and whether opening the library would have to build."""

    OK = "ok"
    MISSING = "missing"
    STALE = "stale"  # built from another corpus or with other build inputs
    CORRUPT = "corrupt"  # unreadable, or a file does not match its checksum
    CORPUS = "corpus"  # the corpus itself cannot be read (only `check` says so)


class Stage(StrEnum):
    """A stage of a build, reported with how much of it is done; its value is the English name."""

    READING = "reading documents", "读取文件"
    TOKENIZING = "tokenizing clauses", "分词"
    GROUPING = "grouping copies", "归并重复条款"
    STORING = "storing clauses", "保存条款"
    EMBEDDING = "embedding clauses", "向量化条款"
    EMBEDDING_CROSSLINGUAL = "embedding clauses for English queries", "向量化条款（英文检索）"
    EMBEDDING_VOCABULARY = "embedding vocabulary", "向量化词表"
    WRITING = "writing index", "写入索引"

    def __new__(cls, english: str, chinese: str) -> Stage:
        stage = str.__new__(cls, english)
        stage._value_ = english
        stage.chinese = chinese
        return stage

    @property
    def label(self) -> str:
        """Chinese then English, for the app: `读取文件 Reading documents`."""
        gap = "" if self.chinese.endswith("）") else " "
        return f"{self.chinese}{gap}{self.value[0].upper()}{self.value[1:]}"


# Called with the stage, how much of it is done and its total (0: nothing to do in this stage).
Progress = Callable[[Stage, int, int], None]
