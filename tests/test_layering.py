"""The faces call one facade: the app, the CLI and the jobs reach the library through `search.service` (and the
records, settings, errors and presentation it shares), never the index, retrieval or answering beneath it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACADE = {"search.service", "search.jobs", "search.present", "search.config", "search.errors", "search.records"}
FACES = ["search/cli.py", "app.py", "search/jobs.py"]


def _imported_modules(path: Path) -> set[str]:
    """Every module the file imports from `search`, at any depth (TYPE_CHECKING blocks and functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "search" else [f"search.{a.name}" for a in node.names]
            found.update(names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "search" or name.startswith("search.")}


def _allowed(module: str) -> bool:
    return any(module == allowed or module.startswith(allowed + ".") for allowed in FACADE)


@pytest.mark.parametrize("face", FACES)
def test_a_face_imports_only_the_facade_and_the_records_it_shares(face):
    reaching_past = sorted(m for m in _imported_modules(ROOT / face) if not _allowed(m))
    assert reaching_past == []


def test_the_check_sees_an_import_that_reaches_past_the_facade(tmp_path):
    face = tmp_path / "face.py"
    face.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from search.retrieve.retrieval import SearchResult\n"
    )
    assert _imported_modules(face) == {"search.retrieve.retrieval"}


INGEST_STAGES = ["files", "facts", "chunking", "citations"]  # each may use those before it, never those after
ABOVE_INGEST = ("search.index", "search.lineage", "search.retrieve", "search.answer", "search.draft", "search.present")


@pytest.mark.parametrize("stage", INGEST_STAGES)
def test_an_ingest_stage_uses_only_the_stages_before_it_and_nothing_above_ingestion(stage):
    later = [f"search.ingest.{other}" for other in INGEST_STAGES[INGEST_STAGES.index(stage) + 1 :]]
    for path in sorted((ROOT / "search" / "ingest" / stage).glob("*.py")):
        imported = _imported_modules(path)
        assert not [m for m in imported if m.startswith(tuple(later) + ABOVE_INGEST)], path.name


def test_no_setting_points_into_the_tests_folder():
    """The installed package has no tests/: `eval`'s default dev sets are the CLI's, for a checkout."""
    import search.config

    assert not any(isinstance(value, Path) and "tests" in value.parts for value in vars(search.config).values())


def long_functions(root: Path, limit: int = 60) -> list[str]:
    """Functions of more than `limit` lines under `root`, as `path:name (N lines)`."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    found.append(f"{path.relative_to(root.parent)}:{node.name} ({length} lines)")
    return found


def test_no_function_in_the_package_runs_over_60_lines():
    assert long_functions(ROOT / "search") == []


def test_the_length_check_sees_a_long_function(tmp_path):
    package = tmp_path / "search"
    package.mkdir()
    (package / "long.py").write_text("def long():\n" + "    x = 1\n" * 60)
    assert long_functions(package) == ["search/long.py:long (61 lines)"]
