"""Every example in README.md runs as written, and every link in it leads
somewhere (issue 15: four examples had rotted, one link left the repository).

The README's fenced blocks are read by their info string:

- ``sh``: each line (a trailing ``# comment`` aside) is run by bash, in order,
  in one temporary folder holding a copy of ``workbooks/`` -- a user's shell
  after ``source .venv/bin/activate``, which puts this interpreter's ``bin``
  first on PATH -- and must exit with status 0;
- ``sh setup``: the set-up lines, which CI runs itself (``make build``, ``make
  test``): the make targets must exist and ``source .venv/bin/activate`` must
  put ``sheetgd`` on PATH;
- ``console``: ``$ command`` lines run as above; every line shown under one
  must appear in what it printed (spaces between words normalised), so an
  output shown in the README is an output the command gives;
- ``pycon``: run by doctest in that folder, every shown value checked.

Any other fenced block fails the test, so an example cannot slip past it.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
#: Seconds one README command may take: the slowest (a 50-row build) takes
#: about 15 s here; the bound only stops a hung command from hanging CI.
COMMAND_TIMEOUT = 300

_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```$", re.S | re.M)


def blocks(info: str | None = None) -> list[str]:
    """The fenced blocks of README.md whose info string is ``info`` (all: None)."""
    found = [(m.group(1).strip(), m.group(2)) for m in _FENCE.finditer(README.read_text())]
    return [body for kind, body in found if info is None or kind == info]


def _commands(body: str) -> list[str]:
    lines = (re.sub(r"\s+#.*$", "", line).strip() for line in body.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A user's folder: a copy of the committed workbooks."""
    home = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "workbooks", home / "workbooks")
    return home


def _environment() -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    return env


_OUTPUTS: dict[str, str] = {}


def shell(command: str, cwd: Path) -> str:
    """Run one README command as a user's shell would; its output, or a test failure."""
    if command not in _OUTPUTS:
        done = subprocess.run(["bash", "-c", command], cwd=cwd, env=_environment(),
                              capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        assert done.returncode == 0, (f"README command failed ({done.returncode}): {command}\n"
                                      f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        _OUTPUTS[command] = done.stdout + done.stderr
    return _OUTPUTS[command]


def test_every_fenced_block_is_one_the_test_reads():
    kinds = [m.group(1).strip() for m in _FENCE.finditer(README.read_text())]
    assert kinds and set(kinds) <= {"sh", "sh setup", "console", "pycon"}, kinds


SH_COMMANDS = [c for body in blocks("sh") for c in _commands(body)]


@pytest.mark.parametrize("command", SH_COMMANDS)
def test_readme_command_runs(command, folder):
    shell(command, folder)


#: What the README's commands write, relative to the folder they run in.
WRITTEN = ["runs/adam.csv", "my_books/graddesc.xlsx", "my_books/graddesc.xlsm",
           "my_books/entropy.xlsx", "sweep/sweep.csv", "sweep/sweep.png"]


def test_readme_commands_do_what_they_say(folder):
    """What the commands above write is there, and reads back."""
    for command in SH_COMMANDS:
        shell(command, folder)
    for path in WRITTEN:
        assert (folder / path).stat().st_size > 0, path
    header, *rows = (folder / "runs/adam.csv").read_text().splitlines()
    assert header.startswith("sheet,epoch,") and len(rows) == 21  # epochs 0..20


def test_what_the_readme_writes_is_ignored_by_git():
    """Running the examples in a clone leaves `git status` clean (.gitignore)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = subprocess.run(["git", "check-ignore", "--no-index", *WRITTEN], cwd=ROOT,
                          capture_output=True, text=True)
    assert sorted(done.stdout.split()) == sorted(WRITTEN), done.stdout + done.stderr


@pytest.mark.parametrize("body", blocks("console"))
def test_readme_output_is_what_the_command_prints(body, folder):
    shown: dict[str, list[str]] = {}
    command = None
    for line in body.splitlines():
        if line.startswith("$ "):
            command = line[2:].strip()
            shown[command] = []
        elif line.strip():
            assert command, f"output before any command in README: {line!r}"
            shown[command].append(line)
    assert shown
    for command, lines in shown.items():
        printed = {" ".join(out.split()) for out in shell(command, folder).splitlines()}
        for line in lines:
            assert " ".join(line.split()) in printed, f"{command!r} did not print {line!r}"


@pytest.mark.parametrize("body", blocks("pycon"))
def test_readme_python_runs(body, folder, monkeypatch):
    monkeypatch.chdir(folder)
    test = doctest.DocTestParser().get_doctest(body, {}, "README.md", str(README), 0)
    assert test.examples
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    out: list[str] = []
    result = runner.run(test, out=out.append)
    assert result.failed == 0, "".join(out)


def test_setup_block_names_what_exists():
    (body,) = blocks("sh setup")
    commands = _commands(body)
    assert commands == ["make build", "make test", "source .venv/bin/activate"], commands
    targets = re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M)
    assert {"build", "test"} <= set(targets)
    activate = BIN / "activate"
    if not activate.exists():
        pytest.skip(f"{BIN} is not a virtual environment")
    found = subprocess.run(["bash", "-c", f"source {activate} && command -v sheetgd"],
                           capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert found.returncode == 0 and found.stdout.strip() == str(BIN / "sheetgd")


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", ["README.md", *sorted(p.relative_to(ROOT).as_posix()
                                                       for p in (ROOT / "docs").glob("*.md"))])
def test_links_lead_inside_the_repository(page):
    """Relative links (and images) name files of the repository; none leaves it."""
    path = ROOT / page
    for target in _LINK.findall(path.read_text()):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        resolved = (path.parent / target.split("#")[0]).resolve()
        assert resolved.is_relative_to(ROOT), f"{page}: {target} leaves the repository"
        assert resolved.exists(), f"{page}: {target} does not exist"
