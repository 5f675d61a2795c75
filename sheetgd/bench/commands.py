"""``sheetgd bench --commands``: the commands users wait for, timed whole
(Python's start, the imports, numba's start and the process's end
included), against issue 17's goals.

Each command runs once untimed first, as a user's second call would find
things: Python's compiled bytecode written (a child is started without
``PYTHONDONTWRITEBYTECODE``, which some machines set, as ``pip install``
leaves bytecode compiled) and numba's kernel cache filled.  Then it runs
``repeat`` times; the table gives the median wall time, the range, and
the largest peak resident memory (the child's own ``ru_maxrss``, from
:func:`os.wait4`).  A fresh build writes into a new empty folder each
time; the unchanged build into the folder its warm-up run made.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import format_header_lines, machine, table, versions

HEADERS = ("command", "goal s", "wall s (median)", "range s", "peak RSS MB", "median ÷ goal")


@dataclass(frozen=True)
class Command:
    """One timed command: ``args`` after ``sheetgd`` ({out}: the output
    folder), the goal in seconds and, where the issue sets one, in MB."""

    label: str
    args: tuple
    goal_s: float
    goal_mb: float | None = None
    fresh: bool = False  # a new empty output folder for every run


COMMANDS = (
    Command("run graddesc --sheet adam --epochs 5 --rows 100000",
            ("run", "graddesc", "--sheet", "adam", "--epochs", "5", "--rows", "100000"),
            1.0, 1024.0),
    Command("run graddesc --sheet adam --epochs 5 --rows 1000000",
            ("run", "graddesc", "--sheet", "adam", "--epochs", "5", "--rows", "1000000"), 10.0),
    Command("build --out DIR (an empty folder)", ("build", "--out", "{out}"), 2.0, fresh=True),
    Command("build --out DIR (nothing changed)", ("build", "--out", "{out}"), 1.0),
)


def _env() -> dict:
    """The children's environment: sheetgd importable from this checkout,
    bytecode kept."""
    root = str(Path(__file__).resolve().parents[2])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_once(args: list[str]) -> tuple[float, float, int, str]:
    """``python -m sheetgd ARGS`` in a child: (wall s, peak RSS MB, exit
    status, the end of its stderr)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "sheetgd", *args], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err, env=_env())
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: the child is stopped too, not left running
            proc.kill()
            proc.wait()
            raise
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait
        err.seek(0)
        tail = err.read().decode(errors="replace").strip()[-300:]
    return wall, usage.ru_maxrss / _MAXRSS_PER_MB, proc.returncode, tail


#: ``ru_maxrss`` units in a MB: kilobytes on Linux, bytes on macOS (getrusage(2)).
_MAXRSS_PER_MB = 1024 * 1024 if sys.platform == "darwin" else 1024


def measure(command: Command, folder: Path, repeat: int, echo) -> dict:
    """One command: its warm-up run, then ``repeat`` timed runs."""
    rec = {"command": command.label, "goal_s": command.goal_s, "goal_mb": command.goal_mb,
           "walls_s": [], "peak_mb": None, "status": "ok", "reason": None}
    kept = folder / "kept"
    for i in range(repeat + 1):
        out = folder / f"fresh_{i}" if command.fresh else kept
        args = [a.replace("{out}", str(out)) for a in command.args]
        wall, peak, code, tail = run_once(args)
        if code != 0:
            rec.update(status="failed", reason=f"exit status {code}: {tail}")
            return rec
        if i:  # run 0 warms up
            rec["walls_s"].append(wall)
            rec["peak_mb"] = max(rec["peak_mb"] or 0.0, peak)
        echo(f"{command.label}: {'warm-up' if not i else f'run {i}'} {wall:.2f} s")
    rec["median_s"] = statistics.median(rec["walls_s"])
    rec["ratio"] = rec["median_s"] / command.goal_s
    return rec


def row_cells(rec: dict) -> list[str]:
    goal = f"{rec['goal_s']:g}" + (f" ({rec['goal_mb'] / 1024:g} GB)" if rec["goal_mb"] else "")
    if rec["status"] != "ok":
        return [f"sheetgd {rec['command']}", goal, "failed", "—", "—", "—"]
    walls = rec["walls_s"]
    return [f"sheetgd {rec['command']}", goal, f"{rec['median_s']:.2f}",
            f"{min(walls):.2f}-{max(walls):.2f}", f"{rec['peak_mb']:.0f}", f"{rec['ratio']:.2f}"]


def format_report(result: dict, markdown: bool = False) -> str:
    out = format_header_lines(result, markdown)
    out += [""] + table([row_cells(r) for r in result["commands"]], markdown, HEADERS)
    failed = [f"{'- ' if markdown else ''}{r['command']}: {r['reason']}"
              for r in result["commands"] if r["status"] != "ok"]
    return "\n".join(out + ([""] + failed if failed else [])) + "\n"


def main(repeat: int = 3, as_json: bool = False, markdown: bool = False,
         echo=lambda text: print(text, file=sys.stderr, flush=True)) -> tuple[str, int]:
    """Time every command; returns (the report, the exit status: 1 when a
    command failed)."""
    result = {"command": "sheetgd bench --commands" + " --json" * as_json + " --markdown" * markdown,
              "machine": machine(), "versions": versions(), "repeat": repeat, "commands": []}
    for command in COMMANDS:
        with tempfile.TemporaryDirectory(prefix="sheetgd_bench_commands_") as tmp:
            result["commands"].append(measure(command, Path(tmp), repeat, echo))
    text = json.dumps(result, indent=2) if as_json else format_report(result, markdown)
    return text, int(any(r["status"] != "ok" for r in result["commands"]))
