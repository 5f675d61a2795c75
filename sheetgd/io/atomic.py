"""Writing files so that a reader only ever sees the old file or the whole
new one: never half of one.

Every file sheetgd writes (workbooks, ``.bas``, CSV, PNG) goes through
:func:`atomic_path`: the writer fills a temporary file in the target's own
folder (``.NAME.XXXXXX.part.EXT``), which is flushed to disk and renamed over
the target only when the writer has finished.  If anything goes wrong on the
way -- an exception, a full disk, Ctrl-C -- the temporary file is removed and
the target is left byte for byte as it was.

The target's folder must exist (callers that promise to create folders, such
as the CLI's ``--out``, do so first); a file that is replaced keeps its
permission bits, a new one gets the usual ``0o666`` less the umask.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: What the temporary files' names contain (``.NAME.XXXXXX.part.EXT``).
TEMP_MARK = ".part"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _flush_to_disk(name: str) -> None:
    fd = os.open(name, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for a writer to fill; when the
    block ends normally it replaces ``path``, otherwise it is removed.

    The temporary name ends with ``path``'s suffix, so writers that choose a
    format by the suffix (matplotlib) still do.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f"{TEMP_MARK}{path.suffix}",
                               dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode_for(path))  # mkstemp made it private
        _flush_to_disk(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_path(path) as tmp:
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
