"""Writing files so that a reader only ever sees the old file or the whole
new one: never half of one.

Where the bytes go (:func:`resolve_target`):

- a regular file, or a name that does not exist yet, is *replaced*: the
  writer fills a temporary file in the target's own folder
  (``.NAME.XXXXXX.part.EXT``), which is flushed to disk and renamed over the
  target only when the writer has finished.  If anything goes wrong on the
  way -- an exception, a full disk, Ctrl-C, SIGTERM -- the temporary file is
  removed and the target is left byte for byte as it was;
- a symbolic link is followed: its *target* is replaced as above and the
  link stays a link (a dangling link gets its target created);
- a device, a FIFO or a socket (``/dev/null``, a named pipe), and the
  process's own streams (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``,
  ``/proc/self/fd/N``) are *written through*: opened and written, never
  replaced.  A stream is written at the descriptor the process already
  holds, so ``--out /dev/stdout >> log`` appends as a shell would;
- a folder is refused (IsADirectoryError naming it).

Several files that belong together (``sheetgd build``) go through a
:class:`Batch`: every temporary file is written first, then all are renamed
with Ctrl-C and SIGTERM held back, and a rename that fails puts back every
file already replaced (from a hard link made beforehand).  :func:`folder_lock`
keeps two such batches out of one folder.

The target's folder must exist (callers that promise to create folders, such
as the CLI's ``--out``, do so first); a file that is replaced keeps its
permission bits, a new one gets the usual ``0o666`` less the umask.
"""

from __future__ import annotations

import atexit
import errno
import os
import re
import secrets
import signal
import stat
import sys
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

#: What the temporary files' names contain (``.NAME.XXXXXX.part.EXT``).
TEMP_MARK = ".part"

#: The process's own streams, by name (written at the descriptor, never replaced).
_STREAM = re.compile(r"/dev/(?:(?P<std>stdin|stdout|stderr)|fd/(?P<fd>\d+))"
                     r"|/proc/(?:self|thread-self)/fd/(?P<pfd>\d+)")
_STD_FDS = {"stdin": 0, "stdout": 1, "stderr": 2}

#: errno values that mean "this folder cannot be written" (not "something broke").
READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


@dataclass(frozen=True)
class Target:
    """Where a write to ``named`` goes."""

    named: Path  # what the caller asked for
    path: Path  # symlinks followed: the file that is replaced or written through
    through: bool = False  # a device, FIFO, socket or stream: written in place, never replaced
    fd: int | None = None  # a stream of this process: written at this descriptor
    kind: str = "file"  # file, new, device, FIFO, socket, stream

    @property
    def is_stream(self) -> bool:
        return self.fd is not None


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def resolve_target(path) -> Target:
    """Where bytes written to ``path`` go (see the module docstring)."""
    named = Path(path)
    text = os.path.abspath(os.fspath(path))
    stream = _STREAM.fullmatch(text)
    if stream:
        fd = _STD_FDS[stream["std"]] if stream["std"] else int(stream["fd"] or stream["pfd"])
        return Target(named, named, through=True, fd=fd, kind="stream")
    real = Path(os.path.realpath(path))  # the links followed, the last one included
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return Target(named, real, kind="new")
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(named))
    if stat.S_ISREG(mode):
        return Target(named, real)
    return Target(named, real, through=True, kind=_kind(mode))


# ---- signals held back while files are renamed or cleaned up ------------------------------

@contextmanager
def signals_deferred(signums=(signal.SIGINT, signal.SIGTERM)) -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back until the block ends, then deliver them
    (to whatever handler was there).  A signal that comes while the handlers
    are being swapped reaches the old handler at once, and the block does
    not run; the old handlers are always put back.  Only the main thread
    runs Python's signal handlers, so elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def remember(signum, frame):
        caught.append(signum)

    old = {}
    try:
        for signum in signums:
            handler = signal.getsignal(signum)
            if handler is not None:  # None: installed outside Python, left alone
                old[signum] = handler
                signal.signal(signum, remember)
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)
        if caught:
            signal.raise_signal(caught[0])


# ---- temporary files: every one is known until it is renamed or removed ------------------

#: Temporary files created and not yet renamed into place or removed.  Each
#: is added in the same signal-free step that creates it, so that whatever
#: interrupts a clean-up half-way (a second signal, a handler that raised
#: before a ``finally`` could run), :func:`remove_leftovers` still finds it;
#: it runs when the process exits and when the CLI stops on a signal.
_LIVE: set[Path] = set()


def remove_leftovers() -> list[Path]:
    """Remove every temporary file still known (see :data:`_LIVE`); the
    ones removed.  Signals are held back meanwhile."""
    removed = []
    with signals_deferred():
        for tmp in sorted(_LIVE):
            _unlink_quietly(tmp)
            removed.append(tmp)
        _LIVE.clear()
    return removed


atexit.register(remove_leftovers)


def _forget(tmp: Path) -> None:
    """``tmp`` was renamed into place: no longer ours to remove."""
    _LIVE.discard(tmp)


def _remove_temporary(tmp: Path) -> None:
    """Remove a temporary file with signals held back; a signal that raised
    before the holding-back took hold leaves it to :func:`remove_leftovers`."""
    with signals_deferred():
        _unlink_quietly(tmp)
        _LIVE.discard(tmp)


def _unlink_quietly(path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# ---- one file -----------------------------------------------------------------------------

def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _flush_to_disk(name) -> None:
    fd = os.open(name, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temporary(path: Path, folder=None) -> Path:
    """A new empty temporary file for ``path`` (``.NAME.XXXXXX.part.EXT``),
    created and recorded in :data:`_LIVE` with signals held back."""
    folder = path.parent if folder is None else folder
    with signals_deferred():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f"{TEMP_MARK}{path.suffix}",
                                   dir=folder)
        os.close(fd)
        tmp = Path(os.path.realpath(tmp))
        _LIVE.add(tmp)
    return tmp


def _check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))


def _open_through(target: Target):
    """The target opened for writing in place (a descriptor of this process: a duplicate)."""
    if target.fd is not None:
        for stream in (sys.stdout, sys.stderr):  # what was printed before comes first
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        return open(os.dup(target.fd), "wb")
    return open(target.path, "wb")


def _copy_through(source: Path, target: Target) -> None:
    with open(source, "rb") as src, _open_through(target) as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)


@contextmanager
def atomic_path(path) -> Iterator[Path]:
    """Yield a temporary path for a writer to fill; when the block ends
    normally it replaces ``path`` (or, for a device, FIFO or stream, is
    copied into it), otherwise it is removed.

    The temporary name ends with ``path``'s suffix, so writers that choose a
    format by the suffix (matplotlib) still do.
    """
    target = resolve_target(path)
    if target.path in _STAGED:  # a batch's temporary file: the batch renames it or removes it
        yield target.path
        return
    if not target.through:
        _check_folder(target.path)
    # a device's folder (/dev) is no place for a temporary file: the system's is
    tmp = _temporary(target.path, tempfile.gettempdir() if target.through else None)
    try:
        yield tmp
        if target.through:
            _copy_through(tmp, target)
        else:
            os.chmod(tmp, _mode_for(target.path))  # mkstemp made it private
            _flush_to_disk(tmp)
            with signals_deferred():
                os.replace(tmp, target.path)
                _forget(tmp)
    finally:
        _remove_temporary(tmp)


def write_bytes_atomic(path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` atomically (or write it through: see
    :func:`resolve_target`)."""
    target = resolve_target(path)
    if target.through:
        with _open_through(target) as fh:
            fh.write(data)
        return Path(path)
    with atomic_path(target.path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
    return Path(path)


def write_text_atomic(path, text: str, encoding: str = "utf-8") -> Path:
    """Replace ``path`` with ``text`` atomically (newlines written as given)."""
    return write_bytes_atomic(path, text.encode(encoding))


def ensure_folder(folder) -> Path:
    """Create ``folder`` (and its parents) unless it exists; an OSError
    (a file in the way, no permission) propagates with the path in it."""
    folder = Path(folder)
    for above in (folder, *folder.parents):
        if above.exists() and not above.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "a file where a folder should be", str(above))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---- several files, all or none ----------------------------------------------------------

class NotRegularFileError(OSError):
    """A batch member that exists but is not a regular file (a FIFO, a device)."""


class FolderBusyError(RuntimeError):
    """Another process holds :func:`folder_lock` on the folder."""


@contextmanager
def folder_lock(folder, what: str = "another process is writing") -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (``flock`` on the folder itself:
    no lock file is left behind, and a read-only folder can be locked too);
    FolderBusyError ``"{what} {folder}"`` when another process holds it.
    Where folders cannot be locked (no ``fcntl``) nothing is held."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (Windows)
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield  # cannot even open it: the writes will say why
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusyError(f"{what} {folder}") from None
        except OSError:
            pass  # a file system without locks
        yield
    finally:
        os.close(fd)  # releases the lock


#: The temporary files of open batches: a writer that writes one "atomically"
#: (write_xlsx does) fills it directly, the batch being atomic already.
_STAGED: set[Path] = set()


@dataclass
class _Staged:
    target: Target
    tmp: Path
    refused: OSError | None = None  # the folder cannot be written: staged elsewhere
    backup: Path | None = None  # a hard link to the old file, while renaming


class Batch:
    """Files replaced together, all or none.

    ``stage(path)`` gives a temporary file to fill (beside the target; in the
    system's temporary folder if the target's folder is read-only, so that
    the new file can still be compared with the old one).  ``drop(tmp)``
    gives one up (it equals the old file).  ``commit()`` renames every staged
    file over its target with Ctrl-C and SIGTERM held back; if a rename fails
    the files already replaced are put back.  Leaving the ``with`` block
    removes every temporary file still there, whatever happened.
    """

    def __init__(self):
        self._staged: list[_Staged] = []

    def __enter__(self) -> "Batch":
        return self

    def __exit__(self, *exc_info):
        with signals_deferred():
            for s in self._staged:
                _STAGED.discard(s.tmp)
                _remove_temporary(s.tmp)
                if s.backup is not None:
                    _remove_temporary(s.backup)
            self._staged = []

    def stage(self, path) -> Path:
        target = resolve_target(path)
        if target.through:
            raise NotRegularFileError(errno.EINVAL, f"is a {target.kind}, not a regular file",
                                      str(target.named))
        _check_folder(target.path)
        refused = None
        try:
            tmp = _temporary(target.path)
        except OSError as exc:
            if exc.errno not in READ_ONLY:
                raise
            refused = exc
            tmp = _temporary(target.path, tempfile.gettempdir())
        with signals_deferred():  # from here on the batch removes it (_LIVE did until now)
            self._staged.append(_Staged(target, tmp, refused))
            _STAGED.add(tmp)
        return tmp

    def drop(self, tmp: Path) -> None:
        for s in self._staged:
            if s.tmp == tmp:
                with signals_deferred():
                    self._staged.remove(s)
                    _STAGED.discard(tmp)
                    _remove_temporary(tmp)
                return

    def commit(self) -> None:
        for s in self._staged:
            if s.refused is not None:
                raise s.refused
        for s in self._staged:
            os.chmod(s.tmp, _mode_for(s.target.path))  # mkstemp made it private
            _flush_to_disk(s.tmp)
        with signals_deferred():
            for s in self._staged:
                s.backup = _hard_link_of(s.target.path)
            done: list[_Staged] = []
            try:
                for s in self._staged:
                    os.replace(s.tmp, s.target.path)
                    _forget(s.tmp)
                    done.append(s)
            except BaseException:
                _put_back(done)
                raise
            finally:
                for s in self._staged:
                    if s.backup is not None:
                        _remove_temporary(s.backup)
                        s.backup = None
            for folder in {s.target.path.parent for s in done}:
                _sync_folder(folder)
            for s in self._staged:
                _STAGED.discard(s.tmp)
            self._staged = []


def _hard_link_of(path: Path) -> Path | None:
    """A second name for the old file, to put it back if the batch fails
    (None if there is no old file, or the file system has no hard links)."""
    for _ in range(10):
        backup = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_MARK}.old")
        try:
            with signals_deferred():
                os.link(path, backup)
                _LIVE.add(backup)
            return backup
        except FileExistsError:
            continue
        except OSError:
            return None
    return None


def _put_back(done: list[_Staged]) -> None:
    for s in reversed(done):
        try:
            if s.backup is not None:
                os.replace(s.backup, s.target.path)
                _forget(s.backup)
                s.backup = None
            elif s.target.kind == "new":
                _unlink_quietly(s.target.path)
        except OSError:
            pass  # the error being raised says what went wrong


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
