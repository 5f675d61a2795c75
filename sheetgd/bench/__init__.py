"""``sheetgd bench``: sheetgd against its peers on one workload (issue 6, "Speed").

- :mod:`.workload` -- the ``adam`` sheet of graddesc with N data rows, written
  as xlsx, and the plain float loop that is the reference answer;
- :mod:`.peers` -- each engine driven and timed in a child process of its own;
- ``_uno_bench.py`` -- the same for LibreOffice, run by the python that has ``uno``;
- :mod:`.run` -- generating the workloads, running the children under a time
  cap;
- here: the report (:func:`machine`, :func:`versions`, :func:`format_report`).

Run it with ``sheetgd bench`` or ``make bench``; docs/benchmarks.md has results.
"""

from __future__ import annotations

#: The Python module each peer needs (the benchmark's optional dependencies).
PEER_MODULES = {"ironcalc": "ironcalc", "formualizer": "formualizer", "pycel": "pycel",
                "formulas": "formulas", "numba": "numba"}
PHASE_COLUMNS = (("load", "load s"), ("first", "first calc s"), ("recalc", "recalc s"),
                 ("full", "full recalc s"))
HEADERS = ("engine",) + tuple(h for _, h in PHASE_COLUMNS) + (
    "µs/cell", "peak RSS MB", "bytes/cell", "agrees?", "recalc ÷ sheetgd")


def _git_describe() -> str:
    """`` (git abc1234)`` in a checkout (``+changes`` when the engine, io or books
    differ from that commit), else ''."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file():  # installed, not a checkout
        return ""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=30)
        changed = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "sheetgd",
                                  ":(exclude)sheetgd/bench", ":(exclude)sheetgd/cli.py"],
                                 capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    if head.returncode or not head.stdout.strip():
        return ""
    return f" (git {head.stdout.strip()}{'+changes' if changed.stdout.strip() else ''})"


def versions() -> dict:
    """Each engine's version (None where it is not installed)."""
    import importlib.metadata
    import platform
    import subprocess

    from .. import __version__
    from ..io.libreoffice import find_soffice

    found = {"sheetgd": __version__ + _git_describe(),
             "floatloop": f"CPython {platform.python_version()}"}
    for name, module in PEER_MODULES.items():
        try:
            found[name] = importlib.metadata.version(module)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    soffice = find_soffice()
    found["libreoffice"] = None
    if soffice:
        try:
            text = subprocess.run([soffice, "--version"], capture_output=True, text=True,
                                  timeout=60).stdout.split()
            found["libreoffice"] = " ".join(text[:2]) or None
        except (OSError, subprocess.SubprocessError):
            pass
    return found


def machine() -> dict:
    """What the numbers were measured on."""
    import os
    import platform
    import subprocess
    from pathlib import Path

    model = None
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=30).stdout
        model = next((ln.split(":", 1)[1].strip() for ln in out.splitlines()
                      if ln.startswith("Model name")), None)
    except (OSError, subprocess.SubprocessError):
        pass
    memory = None
    try:
        kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                  if ln.startswith("MemTotal"))
        memory = round(kb / 1024 ** 2, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return {"cores": os.cpu_count(), "cpu": model, "memory_gib": memory,
            "python": platform.python_version(), "platform": platform.platform()}


def _seconds(value: float) -> str:
    return f"{value:.3g}" if value < 1000 else f"{value:.0f}"


def row_cells(rec: dict, cap: float) -> list[str]:
    """One table row: a phase that overran reads ``> cap``, one that failed
    ``failed``, one the engine lacks ``n/a``."""
    cells = [rec["engine"]]
    status = rec["status"]
    for phase, _ in PHASE_COLUMNS:
        value = rec.get(f"{phase}_s")
        if value is not None:
            cells.append(_seconds(value))
        elif rec.get("stopped_in") == phase:
            cells.append(f"> {cap:g}" if status == "timeout" else "failed")
        elif status == "ok":
            cells.append("n/a")
        else:
            cells.append("—")
    cells.append(f"{rec['us_per_cell']:.3g}" if rec.get("us_per_cell") is not None else "—")
    rss = rec.get("rss_mb")
    cells.append("—" if rss is None else (f"≥ {rss:.0f}" if status == "timeout" else f"{rss:.0f}"))
    per_cell = rec.get("bytes_per_cell")
    cells.append("—" if per_cell is None else f"{per_cell:.0f}")
    if rec.get("agrees") is not None:
        cells.append("yes" if rec["agrees"] else f"NO (rel {rec['max_rel']:.1e})")
    else:
        cells.append({"missing": "missing", "timeout": f"> {cap:g} s"}.get(status, status))
    cells.append(f"{rec['ratio']:.3g}" if rec.get("ratio") is not None else "—")
    return cells


def table(rows: list[list[str]], markdown: bool, headers=HEADERS) -> list[str]:
    """The lines of a table of text cells: Markdown, or columns aligned (the
    first to the left, the others to the right)."""
    if markdown:
        lines = ["| " + " | ".join(headers) + " |",
                 "|" + "|".join(["---"] + ["---:"] * (len(headers) - 1)) + "|"]
        return lines + ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(r[i]) for r in [list(headers)] + rows) for i in range(len(headers))]

    def line(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))
    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]


def format_header_lines(result: dict, markdown: bool = False) -> list[str]:
    """The lines every report starts with: the command, the machine, the versions."""
    m, versions = result["machine"], result["versions"]
    tick = "`" if markdown else ""
    bullet = "- " if markdown else ""
    return [f"{bullet}command: {tick}{result['command']}{tick}",
            f"{bullet}machine: {m['cores']} cores, {m['cpu'] or 'unknown CPU'}, "
            f"{m['memory_gib']} GiB memory, Python {m['python']} ({m['platform']})",
            f"{bullet}versions: " + ", ".join(f"{k} {v or '(missing)'}" for k, v in versions.items())]


def format_report(result: dict, markdown: bool = False) -> str:
    """The machine, the command, and one table per size (with notes below)."""
    bullet = "- " if markdown else ""
    out = format_header_lines(result, markdown) + [
        f"{bullet}cap: {result['cap_s']:g} s per engine and size; each engine in its own process"]
    for entry in result["sizes"]:
        ref = entry["reference"]
        title = (f"N = {entry['rows']:,} rows ({entry['formula_cells']:,} formula cells; "
                 f"reference a = {ref['a']:.17g}, b = {ref['b']:.17g}, "
                 f"error = {ref['error']:.17g})")
        out += ["", f"### {title}" if markdown else title, ""]
        out += table([row_cells(r, result["cap_s"]) for r in entry["engines"]], markdown)
        notes = [(r["engine"], "; ".join(x for x in (r.get("reason"), r.get("notes")) if x))
                 for r in entry["engines"]]
        notes = [f"{bullet}{name}: {text}" for name, text in notes if text]
        if notes:
            out += [""] + notes
    return "\n".join(out) + "\n"
