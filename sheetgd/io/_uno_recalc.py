"""LibreOffice recalculation worker (run with the system python that has ``uno``).

Usage: /usr/bin/python3 _uno_recalc.py JOBFILE.json

JOBFILE: {"jobs": [{"in": "/abs/in.xlsx", "out": "/abs/out.xlsx",
                    "macros": ["Module1.reset", "VBAProject.Sheet1.poke"]}],
          "timeout": 120, "soffice": "/usr/bin/soffice" (optional)}

Starts a private headless soffice (fresh profile, unique pipe), recalculates
each workbook, optionally runs Basic macros, stores the result and prints
{"ok": bool, "error": str|null, "results": [{"in", "out", "ok", "error"}]}
as JSON on stdout.  The soffice it started is always killed and its temporary
files removed, also on errors, timeout and SIGTERM.  Imports nothing from sheetgd.
"""
import json
import os
import shutil
import sys
import threading
import uuid
from pathlib import Path

import uno  # only in the system python that LibreOffice was built for
from _uno_office import Office, props, stop_on_signals  # beside this script (sys.path[0])

ALWAYS_EXECUTE_NO_WARN = uno.getConstantByName(
    "com.sun.star.document.MacroExecMode.ALWAYS_EXECUTE_NO_WARN")
XLSX_FILTER = "Calc MS Excel 2007 XML"
XLSM_FILTER = "Calc MS Excel 2007 VBA XML"


def run_job(desktop, job, scratch):
    src, dst = Path(job["in"]), Path(job["out"])
    macros = job.get("macros") or []
    load = dict(Hidden=True, ReadOnly=True)  # read-only: no .~lock file next to the input
    if macros:
        # Macros need a writable document (in a read-only one LibreOffice's
        # VBA ClearContents silently does nothing): open a private copy.
        copy = Path(scratch) / ("macro_%s%s" % (uuid.uuid4().hex, src.suffix))
        shutil.copyfile(src, copy)
        src = copy
        load = dict(Hidden=True, MacroExecutionMode=ALWAYS_EXECUTE_NO_WARN)
    doc = desktop.loadComponentFromURL(src.resolve().as_uri(), "_blank", 0,
                                       props(**load))
    if doc is None:
        raise RuntimeError("LibreOffice could not load %s" % src)
    try:
        doc.calculateAll()
        if macros:
            provider = doc.getScriptProvider()
            for macro in macros:
                # "Module.Sub" is in the Standard library; "Library.Module.Sub"
                # names the library (imported VBA modules are in "VBAProject").
                name = macro if macro.count(".") >= 2 else "Standard." + macro
                uri = ("vnd.sun.star.script:%s?language=Basic"
                       "&location=document" % name)
                provider.getScript(uri).invoke((), (), ())
        else:
            doc.calculateAll()
        vba = (src.suffix.lower(), dst.suffix.lower()) == (".xlsm", ".xlsm")
        dst.parent.mkdir(parents=True, exist_ok=True)
        doc.storeToURL(dst.resolve().as_uri(), props(
            FilterName=XLSM_FILTER if vba else XLSX_FILTER, Overwrite=True))
    finally:
        try:
            doc.close(True)
        except Exception:
            doc.dispose()


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: _uno_recalc.py JOBFILE.json")
    spec = json.loads(Path(argv[1]).read_text())
    timeout = float(spec.get("timeout", 120))
    office = Office(spec.get("soffice") or shutil.which("soffice") or "soffice")
    results = [{"in": j["in"], "out": j["out"], "ok": False, "error": "not run"}
               for j in spec.get("jobs", [])]
    report = {"ok": False, "error": None, "results": results}
    stopped, finished = [], threading.Event()

    def describe(exc):
        msg = "%s: %s" % (type(exc).__name__, getattr(exc, "Message", "") or exc)
        return "%s (%s)" % (stopped[0], msg) if stopped else msg

    def stop(reason):  # runs in a helper thread: on timeout or SIGTERM/SIGINT
        stopped.append(reason)
        office.kill()  # unblocks any UNO call the main thread is stuck in
        if not finished.wait(30):  # last resort if the main thread stays stuck
            shutil.rmtree(office.root, ignore_errors=True)
            report["error"] = reason + "; worker hung"
            print(json.dumps(report), flush=True)
            os._exit(3)

    stop_on_signals(stop)
    timer = threading.Timer(timeout, stop, ["timeout after %gs" % timeout])
    timer.daemon = True
    timer.start()
    try:
        office.start(timeout)
        for job, res in zip(spec.get("jobs", []), results):
            try:
                if stopped:
                    raise RuntimeError("not started")
                run_job(office.desktop, job, office.root)
                res.update(ok=True, error=None)
            except Exception as exc:
                res["error"] = describe(exc)
        report["ok"] = all(r["ok"] for r in results)
    except BaseException as exc:
        report["error"] = describe(exc)
    finally:
        timer.cancel()
        office.close()
        finished.set()
        print(json.dumps(report), flush=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
