"""LibreOffice timing worker for ``sheetgd bench`` (run by the system python
that has ``uno``; imports nothing from sheetgd).

Usage: /usr/bin/python3 _uno_bench.py JOBFILE.json

JOBFILE: {"xlsx": "/abs/adam_1000.xlsx", "sheet": "adam", "lr_cell": "D2",
          "new_lr": 0.5, "outputs": {"a": "I1003", "b": "H1003", "error": "N1004"},
          "timeout": 120, "soffice": "/usr/bin/soffice"}

Starts a private headless soffice (fresh profile, unique pipe, its own
process group), then times: loading the workbook, ``calculateAll``, writing
the learning rate and reading the outputs (LibreOffice recalculates the
dirty cells when they are read, with AutoCalculate on), and ``calculateAll``
once more.  Prints one JSON object per phase on stdout as it goes, e.g.
``{"phase": "load", "s": 0.41}``, then ``{"done": true, "values": {...},
"rss_mb": ..., "version": ...}``; on failure ``{"error": "..."}``.
``rss_mb`` is the peak resident set (VmHWM) of the soffice processes, taken
before they are stopped.  The soffice it started is always killed by its
process group and its temporary files removed, also on timeout and SIGTERM.
"""
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from _uno_office import Office, props, stop_on_signals  # noqa: E402  (sheetgd/io, imports nothing from sheetgd)


def emit(**record):
    print(json.dumps(record), flush=True)


class BenchOffice(Office):
    """The shared private soffice, plus what the benchmark reports about it."""

    def version(self):
        try:
            provider = self.ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.configuration.ConfigurationProvider", self.ctx)
            access = provider.createInstanceWithArguments(
                "com.sun.star.configuration.ConfigurationAccess",
                props(nodepath="/org.openoffice.Setup/Product"))
            return "%s %s" % (access.getByName("ooName"), access.getByName("ooSetupVersionAboutBox"))
        except Exception:
            return None

    def peak_rss_mb(self):
        """Sum of VmHWM over the processes of our soffice's process group."""
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if os.getpgid(int(entry)) != self.proc.pid:
                    continue
                for line in Path("/proc", entry, "status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
            except (OSError, ValueError):
                continue
        return total / 1024


def bench(office, spec):
    sheet_name, outputs = spec["sheet"], spec["outputs"]
    t0 = time.perf_counter()
    office.start(spec["timeout"])
    emit(phase="startup", s=time.perf_counter() - t0)
    url = Path(spec["xlsx"]).resolve().as_uri()
    t0 = time.perf_counter()
    doc = office.desktop.loadComponentFromURL(url, "_blank", 0, props(Hidden=True))
    if doc is None:
        raise RuntimeError("LibreOffice could not load %s" % spec["xlsx"])
    sheet = doc.getSheets().getByName(sheet_name)
    emit(phase="load", s=time.perf_counter() - t0)

    def read():
        return {k: sheet.getCellRangeByName(a).getValue() for k, a in outputs.items()}

    def errors():
        return {k: sheet.getCellRangeByName(a).getError() for k, a in outputs.items()}

    t0 = time.perf_counter()
    doc.calculateAll()
    first = read()
    emit(phase="first", s=time.perf_counter() - t0, values=first)
    t0 = time.perf_counter()
    sheet.getCellRangeByName(spec["lr_cell"]).setValue(spec["new_lr"])
    values = read()
    emit(phase="recalc", s=time.perf_counter() - t0, values=values)
    t0 = time.perf_counter()
    doc.calculateAll()
    full = read()
    emit(phase="full", s=time.perf_counter() - t0, values=full)
    bad = {k: e for k, e in errors().items() if e}
    rss = office.peak_rss_mb()
    try:
        doc.close(True)
    except Exception:
        doc.dispose()
    return {"done": True, "values": values, "first_values": first, "rss_mb": rss,
            "version": office.version(), "cell_errors": bad or None}


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: _uno_bench.py JOBFILE.json")
    spec = json.loads(Path(argv[1]).read_text())
    office = BenchOffice(spec.get("soffice") or shutil.which("soffice") or "soffice", tag="lobench")
    finished = threading.Event()

    def stop(reason):  # on SIGTERM/SIGINT: kill soffice, which unblocks UNO calls
        office.kill()
        if not finished.wait(20):
            shutil.rmtree(office.root, ignore_errors=True)
            emit(error=reason + "; worker hung")
            os._exit(3)

    stop_on_signals(stop)
    rc = 1
    try:
        emit(**bench(office, spec))
        rc = 0
    except BaseException as exc:
        emit(error="%s: %s" % (type(exc).__name__, getattr(exc, "Message", "") or exc))
    finally:
        office.close()
        finished.set()
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
