"""``sheetgd bench``: every engine on the same workload, side by side.

For each size N the workload (:mod:`.workload`) is generated once, in a child
process, then each engine is measured in a child process of its own
(:mod:`.peers`; LibreOffice through ``_uno_bench.py`` under the system python
with ``uno``), capped in time: a child that overruns is stopped (SIGTERM,
then SIGKILL of its process group) and the phase it was in reads ``> cap``.
A child whose processes hold more than 75% of the machine's memory is stopped
the same way and reported as failed (pycel grows by gigabytes).
A missing or failing engine is reported with its reason, never dropped.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import PEER_MODULES as _MODULES
from . import format_report, machine, versions
from .workload import agrees

ENGINES = ("sheetgd", "ironcalc", "formualizer", "pycel", "formulas", "libreoffice",
           "floatloop", "numba")
DEFAULT_SIZES = (1000, 10_000, 100_000)
LARGE = 1_000_000
PHASES = ("load", "first", "recalc", "full")
_KILL_GRACE_S = 20.0
#: A child whose processes hold more than this share of the machine's memory is stopped.
MEMORY_SHARE = 0.75
UNO_WORKER = Path(__file__).with_name("_uno_bench.py")


def _child_env() -> dict:
    """The environment of the children: sheetgd importable wherever it lives."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return dict(os.environ, PYTHONPATH=root + (os.pathsep + path if path else ""))


def _hwm_mb(pid: int) -> float | None:
    """A live process's peak resident set (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _group_rss_mb(pgid: int) -> float:
    """Resident memory of the processes in process group ``pgid``, in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.getpgid(int(entry.name)) == pgid:
                total += int(next(ln for ln in (entry / "status").read_text().splitlines()
                                  if ln.startswith("VmRSS:")).split()[1])
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def run_child(cmd: list[str], cap: float, memory_mb: float | None = None) -> dict:
    """Run ``cmd`` (its own session) for at most ``cap`` seconds, and while its
    process group stays under ``memory_mb``; returns its JSON lines, return
    code, stderr tail, and why it was stopped (None, "time" or "memory")."""
    deadline = time.monotonic() + cap
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=_child_env(),
                          start_new_session=True) as proc:
        stopped, hwm = None, None
        while True:
            try:
                out, err = proc.communicate(timeout=max(0.0, min(0.5, deadline - time.monotonic())))
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() >= deadline:
                    stopped = "time"
                elif memory_mb and _group_rss_mb(proc.pid) > memory_mb:
                    stopped = "memory"
                else:
                    continue
            hwm = _hwm_mb(proc.pid)
            proc.terminate()  # the LibreOffice worker kills its soffice on SIGTERM
            try:
                out, err = proc.communicate(timeout=_KILL_GRACE_S)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the child we started
                out, err = proc.communicate()
            break
    lines = []
    for line in (out or "").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            lines.append(record)
    return {"lines": lines, "rc": proc.returncode, "stopped": stopped, "hwm_mb": hwm,
            "stderr": (err or "").strip()[-600:]}


def missing_reason(engine: str) -> str | None:
    """Why ``engine`` cannot run here, or None."""
    if engine in _MODULES and importlib.util.find_spec(_MODULES[engine]) is None:
        return f"the Python package {_MODULES[engine]!r} is not installed (pip install 'sheetgd[bench]')"
    if engine == "libreoffice":
        from ..io.libreoffice import find_soffice, uno_python

        if find_soffice() is None:
            return "soffice not found"
        if uno_python() is None:
            return "no python that can import uno (Debian: python3-uno)"
    return None


def _command(engine: str, meta: dict, cap: float, tmp: Path) -> list[str]:
    if engine != "libreoffice":
        return [sys.executable, "-m", "sheetgd.bench.peers", engine, meta["json"]]
    from ..io.libreoffice import find_soffice, uno_python

    job = tmp / f"lo_{meta['rows']}.json"
    job.write_text(json.dumps({
        "xlsx": meta["xlsx"], "sheet": meta["sheet"], "lr_cell": "D2", "new_lr": meta["new_lr"],
        "outputs": meta["cells"], "timeout": cap, "soffice": find_soffice()}))
    return [uno_python(), str(UNO_WORKER), str(job)]


def measure(engine: str, meta: dict, cap: float, tmp: Path, memory_mb: float | None = None) -> dict:
    """One engine on one workload: the record a table row is made of."""
    rec = {"engine": engine, "status": "ok", "reason": None, "stopped_in": None,
           "notes": "", **{f"{p}_s": None for p in PHASES}, "us_per_cell": None,
           "rss_mb": None, "base_rss_mb": None, "bytes_per_cell": None, "values": None, "agrees": None,
           "max_rel": None, "first_agrees": None}
    reason = missing_reason(engine)
    if reason:
        return {**rec, "status": "missing", "reason": reason}
    child = run_child(_command(engine, meta, cap, tmp), cap, memory_mb)
    notes = []
    for line in child["lines"]:
        phase = line.get("phase")
        if phase in PHASES:
            rec[f"{phase}_s"] = line["s"]
            if phase == "first" and line.get("values"):
                rec["first_agrees"] = agrees(line["values"], meta["reference_first"])[0]
            if phase == "full" and line.get("values") and not agrees(line["values"], meta["reference"])[0]:
                notes.append("full recalc disagrees")
        elif phase == "start":
            rec["base_rss_mb"] = line.get("rss_mb")
            notes.insert(0, line.get("notes") or "")
        elif phase == "startup":
            notes.append(f"soffice start-up {line['s']:.2f} s not counted")
        elif line.get("done"):
            rec.update(values=line.get("values"), rss_mb=line.get("rss_mb"))
        elif "error" in line:
            rec["reason"] = line["error"]
    done = any(line.get("done") for line in child["lines"])
    if not done:
        rec["stopped_in"] = next((p for p in PHASES if rec[f"{p}_s"] is None), None)
        if child["stopped"]:
            # the worker's own peak, not soffice's, for LibreOffice: not shown
            rec["rss_mb"] = None if engine == "libreoffice" else child["hwm_mb"]
        if child["stopped"] == "time":
            rec["status"] = "timeout"
            rec["reason"] = f"over the {cap:g} s cap in phase {rec['stopped_in']}"
        elif child["stopped"] == "memory":
            rec["status"] = "failed"
            rec["reason"] = f"stopped in phase {rec['stopped_in']}: over {memory_mb / 1024:.1f} GiB resident"
        else:
            rec["status"] = "failed"
            rec["reason"] = rec["reason"] or f"exit status {child['rc']}: {child['stderr'][-300:]}"
    if rec["values"] is not None:
        rec["agrees"], rec["max_rel"] = agrees(rec["values"], meta["reference"])
    if rec["first_agrees"] is False:
        notes.append("first calc disagrees")
    if rec["recalc_s"] is not None:
        rec["us_per_cell"] = rec["recalc_s"] / meta["formula_cells"] * 1e6
    if rec["rss_mb"] is not None and rec["status"] == "ok":
        # what the engine added to its process (LibreOffice: all of soffice)
        base = 0.0 if engine == "libreoffice" else (rec["base_rss_mb"] or 0.0)
        rec["bytes_per_cell"] = (rec["rss_mb"] - base) * 2**20 / meta["formula_cells"]
    rec["notes"] = "; ".join(n for n in notes if n)
    return rec


def generate(rows: int, folder: Path) -> dict:
    """The workload of ``rows`` rows, written by a child process (which keeps
    the generator's memory out of this process)."""
    out = subprocess.run([sys.executable, "-m", "sheetgd.bench.workload", str(rows), str(folder)],
                         capture_output=True, text=True, env=_child_env())
    if out.returncode != 0:
        raise RuntimeError(f"generating the {rows}-row workload failed: {out.stderr.strip()[-1000:]}")
    return json.loads(Path(out.stdout.strip().splitlines()[-1]).read_text())


def parse_engines(text: str | None) -> list[str]:
    if not text:
        return list(ENGINES)
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENGINES]
    if unknown or not names:
        raise ValueError(f"unknown engine(s) {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(ENGINES)}")
    return list(dict.fromkeys(names))


def parse_sizes(text: str | None, large: bool) -> list[int]:
    sizes = list(DEFAULT_SIZES) if not text else []
    for part in (text or "").split(","):
        if part.strip():
            try:
                size = int(part.strip().replace("_", ""))
            except ValueError:
                raise ValueError(f"sizes are whole numbers of rows, not {part.strip()!r}") from None
            if not 2 <= size <= LARGE:
                raise ValueError(f"sizes must be between 2 and {LARGE}, not {size}")
            sizes.append(size)
    if large:
        sizes.append(LARGE)
    return list(dict.fromkeys(sizes))


def command_line(sizes, cap, engines, as_json, markdown) -> str:
    parts = ["sheetgd bench", "--sizes " + ",".join(map(str, sizes)), f"--cap {cap:g}"]
    if list(engines) != list(ENGINES):
        parts.append("--engines " + ",".join(engines))
    parts += ["--json"] * bool(as_json) + ["--markdown"] * bool(markdown)
    return " ".join(parts)


def progress(text: str):
    print(text, file=sys.stderr, flush=True)


def main(sizes: str | None = None, large: bool = False, cap: float = 120.0,
         engines: str | None = None, as_json: bool = False, markdown: bool = False,
         echo=progress) -> tuple[str, int]:
    """Run the benchmark; returns (the report, the exit status).

    The status is 1 when sheetgd itself failed or disagreed with the
    reference loop (a peer's failure is reported, not judged), else 0.
    """
    size_list, names = parse_sizes(sizes, large), parse_engines(engines)
    if not cap > 0:
        raise ValueError(f"--cap must be > 0, not {cap}")
    result = {"command": command_line(size_list, cap, names, as_json, markdown),
              "machine": machine(), "versions": versions(), "cap_s": cap, "sizes": []}
    total = result["machine"]["memory_gib"]
    memory_mb = MEMORY_SHARE * total * 1024 if total else None
    result["memory_cap_mb"] = memory_mb
    with tempfile.TemporaryDirectory(prefix="sheetgd_bench_") as tmp:
        for rows in size_list:
            start = time.monotonic()
            echo(f"N={rows}: generating the workload ...")
            meta = generate(rows, Path(tmp))
            entry = {"rows": rows, "formula_cells": meta["formula_cells"],
                     "workload_s": time.monotonic() - start,
                     "reference": meta["reference"], "engines": []}
            for name in names:
                rec = measure(name, meta, cap, Path(tmp), memory_mb)
                rec["version"] = result["versions"].get(name)
                entry["engines"].append(rec)
                echo(f"N={rows} {name}: {rec['status']}"
                     + (f" ({rec['reason']})" if rec["reason"] else ""))
            base = next((r for r in entry["engines"] if r["engine"] == "sheetgd"), None)
            for rec in entry["engines"]:
                ok = base and base["recalc_s"] and rec["recalc_s"] is not None
                rec["ratio"] = rec["recalc_s"] / base["recalc_s"] if ok else None
            result["sizes"].append(entry)
            for suffix in ("xlsx", "json"):
                Path(tmp, f"adam_{rows}.{suffix}").unlink(missing_ok=True)
    bad = any(r["engine"] == "sheetgd" and r["status"] in ("ok", "failed") and not r["agrees"]
              for e in result["sizes"] for r in e["engines"])
    text = json.dumps(result, indent=2) if as_json else format_report(result, markdown)
    return text, 1 if bad else 0
