"""Recalculate workbooks with LibreOffice (headless) as a reference engine.

LibreOffice's Python-UNO bridge (``import uno``) is only importable from the
interpreter LibreOffice was built against -- on Debian the system
``/usr/bin/python3`` -- not from the project's own python.  So the actual work
happens in a small standalone worker script, ``_uno_recalc.py`` (next to this
module, importing nothing from sheetgd), run as a subprocess with that python.
It starts a private soffice, recalculates and stores each workbook, and reports
JSON on stdout.  This module only finds the tools, writes the job file, runs the
worker and turns failures into :class:`LibreOfficeError`.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("_uno_recalc.py")
_UNO_PYTHON_CANDIDATES = ("/usr/bin/python3", "/usr/bin/python")
_SOFFICE_CANDIDATES = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice",
                       "/opt/libreoffice/program/soffice")
# The worker's own watchdog fires this much earlier than our hard timeout, so it
# normally gets to kill its soffice and report before we have to kill it.
_GRACE_S = 45.0
# After our timeout, how long the worker gets (after SIGTERM) to clean up.
_KILL_GRACE_S = 20.0


class LibreOfficeError(RuntimeError):
    """LibreOffice is unavailable or a recalculation failed."""


def find_soffice() -> str | None:
    """Path of the ``soffice`` executable, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in _SOFFICE_CANDIDATES if os.access(c, os.X_OK)), None)


@functools.lru_cache(maxsize=None)
def uno_python() -> str | None:
    """A python interpreter that can ``import uno`` (checked once, cached)."""
    for exe in _UNO_PYTHON_CANDIDATES:
        if not os.access(exe, os.X_OK):
            continue
        try:
            proc = subprocess.run([exe, "-c", "import uno"], capture_output=True,
                                  timeout=30)
        except (OSError, subprocess.SubprocessError) as exc:
            log.debug("%s: cannot check for uno: %s", exe, exc)
            continue
        if proc.returncode == 0:
            return exe
        log.debug("%s cannot import uno", exe)
    return None


def available() -> bool:
    """True if both soffice and a uno-capable python are present."""
    return find_soffice() is not None and uno_python() is not None


def _tail(text: str, n: int = 2000) -> str:
    text = (text or "").strip()
    return text if len(text) <= n else "..." + text[-n:]


def recalculate(pairs: list[tuple[Path, Path]], macros: list[str] | None = None,
                timeout: float = 300) -> None:
    """Recalculate each ``(src, dst)`` workbook in LibreOffice, writing ``dst``.

    ``macros`` (e.g. ``["Module1.reset"]``) are run in order after the first
    recalculation, in every workbook.  All pairs share one soffice process.
    ``timeout`` (seconds) bounds the call: the worker stops itself a bit earlier,
    and is sent SIGTERM (then SIGKILL) if it overruns.  Raises LibreOfficeError
    on any failure, with the worker's error messages and stderr tail.
    """
    if not pairs:
        return
    python, soffice = uno_python(), find_soffice()
    if python is None or soffice is None:
        raise LibreOfficeError("LibreOffice not available (soffice=%r, uno python=%r)"
                               % (soffice, python))
    jobs = [{"in": str(Path(src).resolve()), "out": str(Path(dst).resolve()),
             "macros": list(macros or [])} for src, dst in pairs]
    with tempfile.TemporaryDirectory(prefix="sheetgd_lojob_") as tmp:
        jobfile = Path(tmp) / "job.json"
        worker_timeout = max(timeout - _GRACE_S, timeout / 2)
        jobfile.write_text(json.dumps({"jobs": jobs, "timeout": worker_timeout,
                                       "soffice": soffice}))
        cmd = [python, str(WORKER), str(jobfile)]
        log.debug("running %s for %d workbook(s)", cmd, len(jobs))
        start = time.monotonic()
        rc, out, err = _run_worker(cmd, timeout)
        log.debug("worker finished in %.2fs (rc=%s)", time.monotonic() - start, rc)
    if err.strip():
        log.debug("worker stderr: %s", _tail(err))
    if rc is None:
        raise LibreOfficeError("LibreOffice worker timed out after %gs; stderr: %s"
                               % (timeout, _tail(err)))
    try:
        report = json.loads(out.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise LibreOfficeError("LibreOffice worker gave no result (rc=%s); stdout: %s;"
                               " stderr: %s" % (rc, _tail(out), _tail(err))) from None
    failed = ["%s: %s" % (r["in"], r["error"]) for r in report.get("results", [])
              if not r.get("ok")]
    if report.get("ok") and not failed and rc == 0:
        return
    parts = [report["error"]] if report.get("error") else []
    parts += failed
    msg = "LibreOffice recalculation failed (rc=%s): %s" % (
        rc, "; ".join(parts) or "unknown error")
    if err.strip():
        msg += "\nworker stderr: " + _tail(err)
    raise LibreOfficeError(msg)


def _run_worker(cmd: list[str], timeout: float) -> tuple[int | None, str, str]:
    """Like subprocess.run(timeout=...), but on timeout send SIGTERM first so the
    worker can still kill its soffice; returns (rc or None on timeout, out, err)."""
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
            return proc.returncode, out, err
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                out, err = proc.communicate(timeout=_KILL_GRACE_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
            return None, out, err
