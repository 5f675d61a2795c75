"""Every ``--help``: help text for every option, no empty range shown
(``x<=None``), and examples at the end that run as written -- here, in an
empty folder, in the order the help screens give them (``sheetgd --help``'s
first: it builds the workbooks the others read) -- writing nothing that the
repository's .gitignore does not cover."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sheetgd.cli import main

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [("sheetgd", main)] + [(f"sheetgd {name}", cmd) for name, cmd in main.commands.items()]


def help_of(name: str) -> str:
    result = CliRunner().invoke(main, [*name.split()[1:], "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def examples_of(name: str) -> list[str]:
    """The command lines under the help screen's closing "Example(s):"."""
    lines = help_of(name).rstrip().splitlines()
    title = max(i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:"))
    return [line.strip() for line in lines[title + 1:]]


@pytest.mark.parametrize("name, command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_option_has_help(name, command):
    bare = [p.opts[0] for p in command.params
            if isinstance(p, click.Option) and not (p.help or "").strip()]
    assert bare == [], f"{name}: options without help: {bare}"


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_help_shows_no_empty_bound_and_ends_with_examples(name):
    text = help_of(name)
    assert "None" not in text  # click's "x<=None" for a range without bounds
    found = examples_of(name)
    assert found and all(line.startswith("sheetgd ") for line in found), found


def test_the_examples_run_as_written_and_write_only_ignored_files(tmp_path, monkeypatch,
                                                                  default_books):
    """In a folder holding the default books in workbooks/ (the run's shared
    build, copied: `sheetgd build --out workbooks` then finds them
    unchanged, as in a checkout; the fresh build is tested in
    test_cli_build_run.py) and otherwise empty (a git repository with the
    project's .gitignore), each example exits 0; afterwards git sees
    nothing new but workbooks/, the folder the repository keeps the built
    books in."""
    shutil.copytree(default_books, tmp_path / "workbooks")
    monkeypatch.chdir(tmp_path)
    ran = []
    for name, _ in COMMANDS:
        for line in examples_of(name):
            if line in ran:
                continue
            result = CliRunner().invoke(main, shlex.split(line)[1:])
            assert result.exit_code == 0, f"{line}\n{result.output}"
            ran.append(line)
    assert len(ran) >= len(COMMANDS)
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the outputs' .gitignore check needs it")
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q"], check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    new = sorted(line[3:] for line in status if not line[3:].startswith("workbooks/"))
    assert new == [".gitignore"]
    assert {p.name for p in (tmp_path / "workbooks").iterdir()} == {
        p.name for p in (ROOT / "workbooks").iterdir() if not p.name.startswith(".")}
