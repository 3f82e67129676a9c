"""Kinds of policy document, as the last words of a title name them: shared by cleaning and metadata."""

# Longest first, so "实施方案" wins over "方案".
DOC_TYPES = [
    "实施方案",
    "实施意见",
    "实施细则",
    "行动计划",
    "行动方案",
    "指导意见",
    "管理办法",
    "答复函",
    "工作方案",
    "若干措施",
    "通知",
    "意见",
    "方案",
    "办法",
    "规划",
    "决定",
    "规定",
    "细则",
    "函",
]
DOC_TYPE_PATTERN = "|".join(DOC_TYPES)
