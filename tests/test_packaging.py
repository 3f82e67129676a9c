"""`pip install .` works: the wheel carries every stage package, its resources, the pinned dependencies and
the `policy-search` command."""

import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import entry_points

import pytest

from search.cli import main
from search.config import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """Built from a copy of the sources, so the build leaves no `build/` or `*.egg-info` in the checkout."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in ("pyproject.toml", "README.md", "requirements.txt"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(ROOT / "search", source / "search", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tests", source / "tests")  # present, to show the wheel leaves them out
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("policy_search-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_holds_every_stage_package_the_domain_dictionary_and_the_glossary(wheel):
    names = set(wheel.namelist())
    for stage in ("ingest", "index", "retrieve", "answer", "present", "evaluation"):
        assert f"search/{stage}/__init__.py" in names
    assert "search/index/resources/domain_terms.txt" in names
    assert "search/retrieve/resources/glossary_en_zh.tsv" in names
    assert not any(name.startswith(("tests/", "corpus/", "benchmarks/")) for name in names)


def test_wheel_declares_the_pinned_requirements_and_the_console_script(wheel):
    info = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    requires = {
        line.split(": ", 1)[1] for line in wheel.read(info).decode().splitlines() if line.startswith("Requires-Dist")
    }
    pinned = {line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line}
    assert requires == pinned
    scripts = wheel.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "policy-search = search.cli:main" in scripts


def test_installed_policy_search_command_runs_the_cli(capsys):
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "policy-search"]
    assert script.load() is main
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "{clauses,build,check,query,documents,eval,ask,eval-qa,draft-check}" in capsys.readouterr().out
