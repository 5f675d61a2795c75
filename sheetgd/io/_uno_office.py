"""A private headless soffice and a UNO connection to it, for the worker
scripts run with the system python that has ``uno`` (``_uno_recalc.py``,
``sheetgd/bench/_uno_bench.py``).  Imports nothing from sheetgd."""
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import uno  # only in the system python that LibreOffice was built for
from com.sun.star.beans import PropertyValue


def stop_on_signals(stop):
    """Call ``stop("terminated by signal N")`` on SIGTERM or SIGINT.  Python
    signal handlers only run once the main thread is back from UNO, so the
    signals are handled by a thread woken through the C-level wakeup fd."""
    rfd, wfd = os.pipe()
    os.set_blocking(wfd, False)
    signal.set_wakeup_fd(wfd)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    threading.Thread(target=lambda: stop("terminated by signal %d" % os.read(rfd, 1)[0]),
                     daemon=True).start()


def props(**kw):
    return tuple(PropertyValue(Name=k, Value=v) for k, v in kw.items())


class Office:
    """A private soffice process plus a UNO connection to it."""

    def __init__(self, soffice, tag="lo"):
        self.soffice = soffice
        self.proc = self.desktop = self.ctx = None
        self.root = tempfile.mkdtemp(prefix="sheetgd_%s_" % tag)  # profile + soffice's TMPDIR
        self.profile = os.path.join(self.root, "profile")
        self.pipe = "sheetgd_%s_%d_%s" % (tag, os.getpid(), uuid.uuid4().hex[:12])

    def start(self, timeout):
        cmd = [self.soffice, "--headless", "--invisible", "--nologo", "--norestore",
               "--nodefault", "--nolockcheck",
               "-env:UserInstallation=" + Path(self.profile).as_uri(),
               "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe]
        # New session, so kill() can kill exactly the process group we started.
        env = dict(os.environ, TMPDIR=os.path.join(self.root, "tmp"))
        os.mkdir(env["TMPDIR"])  # a killed soffice leaves lu*.tmp dirs there
        null = subprocess.DEVNULL
        self.proc = subprocess.Popen(cmd, stdin=null, stdout=null, stderr=null,
                                     env=env, start_new_session=True)
        self.desktop = self._connect(timeout)

    def _connect(self, timeout):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.ctx = resolver.resolve(url)
                return self.ctx.ServiceManager.createInstanceWithContext(
                    "com.sun.star.frame.Desktop", self.ctx)
            except Exception as exc:  # NoConnectException until it is up
                if self.proc.poll() is not None:
                    raise RuntimeError("soffice exited with code %s before accepting "
                                       "connections" % self.proc.returncode)
                if time.monotonic() > deadline:
                    raise RuntimeError("could not connect to soffice: %s" % exc)
                time.sleep(0.25)

    def kill(self):
        """SIGKILL the process group we started (soffice -> oosplash -> soffice.bin;
        soffice.bin may outlive oosplash).  close() asks nicely first."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # pgid == pid (new session)
            self.proc.wait(10)
        except (AttributeError, OSError, subprocess.TimeoutExpired):
            pass  # not started, already gone, or unkillable

    def close(self):
        try:
            if self.desktop is not None:
                self.desktop.terminate()
                self.proc.wait(10)  # let it shut down cleanly first
        except Exception:
            pass  # terminate() drops the connection; errors are expected
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)
        # Socket files a killed soffice leaves in /tmp: our accept pipe and its
        # SingleOfficeIPC pipe (named by the MD5 of the profile URL in UTF-16).
        md5 = hashlib.md5(Path(self.profile).as_uri().encode("utf-16-le")).digest()
        for name in (self.pipe, "SingleOfficeIPC_" + "".join("%x" % b for b in md5)):
            for leftover in Path("/tmp").glob("OSL_PIPE_*_" + name):
                leftover.unlink(missing_ok=True)
