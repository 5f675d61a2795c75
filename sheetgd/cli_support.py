"""What the ``sheetgd`` commands share beyond click: the top-level error
policy, option types that refuse NaN and infinities, and output folders.

The error policy, in one place (:class:`GuardedGroup`):

- a bad option value is click's usage error: the usage line and one
  ``Error:`` line, exit status 2;
- an expected failure (a file that cannot be read or written) is one line
  naming the file, from the command itself;
- anything unexpected is ``sheetgd: error: <what happened>`` on one line,
  exit status 1 -- the traceback only with ``sheetgd --debug``;
- Ctrl-C is ``sheetgd: interrupted``, exit status 130 (128 + SIGINT), and
  SIGTERM ``sheetgd: terminated``, exit status 143 (128 + SIGTERM): both
  unwind the command, so every temporary file is removed; every file is
  written atomically (:mod:`sheetgd.io.atomic`), so an interrupted command
  leaves the old file or none, never half of a new one;
- after a one-line error no traceback follows (a half-written workbook's
  zip is finalized quietly where it fails: :mod:`sheetgd.products`).
"""

from __future__ import annotations

import errno
import math
import os
import re
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

import click
from click.exceptions import NoArgsIsHelpError

from .io.atomic import remove_leftovers

#: Exit status after Ctrl-C, as a shell reports a process killed by SIGINT.
EXIT_INTERRUPTED = 130
#: Exit status after SIGTERM (128 + 15).
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt for Ctrl-C,
    so that ``finally`` blocks (temporary files) run before the exit."""


def _raise_terminated(signum, frame):
    raise Terminated()


@contextmanager
def _sigterm_unwinds():
    """Within the block SIGTERM raises :class:`Terminated` (main thread only)."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield  # not ours to change (a test runner, an embedding program)
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def one_line(exc: BaseException) -> str:
    """An exception as one line of text (its type when it has no message)."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def os_error_text(exc: OSError) -> str:
    """``[Errno 2] No such file or directory: 'x'`` -> ``x: No such file or
    directory``; without a file name just the reason."""
    if not exc.strerror:
        return one_line(exc)
    return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror


class OneLineUsageError(click.ClickException):
    """A bad option or argument as one line on standard error, ``Error:
    Invalid value for '--lr': ... (sheetgd run --help lists the options)``,
    exit status 2 (click's for usage errors)."""

    exit_code = 2

    def __init__(self, error: click.UsageError):
        super().__init__(error.format_message())
        self.command_path = error.ctx.command_path if error.ctx is not None else "sheetgd"

    def format_message(self) -> str:
        return f"{self.message} ({self.command_path} --help lists the options)"


class GuardedGroup(click.Group):
    """A click group whose commands never show a user a traceback (unless
    ``--debug``) and turn Ctrl-C and SIGTERM into a one-line message and
    status 130 or 143, after the command has unwound (temporary files gone)."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except NoArgsIsHelpError:  # plain "sheetgd": the help screen
            raise
        except click.UsageError as exc:  # sheetgd --bogus
            raise OneLineUsageError(exc) from None

    def invoke(self, ctx: click.Context):
        with _sigterm_unwinds():
            return self._guarded(ctx)

    def _guarded(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a bad option: one line, not click's usage screen
            raise OneLineUsageError(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            remove_leftovers()
            click.echo("sheetgd: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Terminated:
            remove_leftovers()
            click.echo("sheetgd: terminated", err=True)
            ctx.exit(EXIT_TERMINATED)
        except Exception as exc:
            if ctx.params.get("debug") or (isinstance(exc, OSError) and exc.errno == errno.EPIPE):
                raise  # --debug: the traceback; a closed pipe: click's own quiet exit
            click.echo(f"sheetgd: error: {type(exc).__name__}: {one_line(exc)} "
                       "(sheetgd --debug shows the traceback)", err=True)
            ctx.exit(1)


def run_command_line(group: click.Group, prog_name: str = "sheetgd"):
    """Run ``group`` as the ``sheetgd`` command (its console script and
    ``python -m sheetgd``), then end the process without Python's
    interpreter teardown: once numba has started, freeing its compiler's
    objects one by one takes 0.1-0.15 s, a tenth of ``sheetgd run`` at
    100,000 rows, and gives nothing back that the process's end does not.
    What that teardown does that matters is done first: standard output
    and error flushed, the :mod:`atexit` handlers run (temporary folders,
    logging).  Every file sheetgd writes is closed by then (written
    atomically, :mod:`sheetgd.io.atomic`).  Where Python's own exit is
    needed it is used instead: a thread still running (Python waits for
    it), a profiler or tracer at work (``python -m cProfile -m sheetgd``
    writes its statistics after the command returns), a status that is no
    number, or a stream that cannot be flushed (a closed pipe, which Python
    reports as it always does)."""
    import atexit
    import sys

    try:
        group(prog_name=prog_name)
        status = 0
    except SystemExit as exc:
        status = 0 if exc.code is None else exc.code
    if not isinstance(status, int) or threading.active_count() > 1 \
            or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(status)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(status)
    atexit._run_exitfuncs()
    os._exit(status)


class FiniteFloat(click.FloatRange):
    """A float option within a range that also refuses nan and inf (which
    pass any range check, comparisons with NaN being false)."""

    name = "number"

    def convert(self, value, param, ctx):
        rv = super().convert(value, param, ctx)
        if not math.isfinite(rv):
            bounded = self.min is not None or self.max is not None
            self.fail(f"{value!r} is not a finite number"
                      + (f" ({self._describe_range()})" if bounded else ""), param, ctx)
        return rv

    def _describe_range(self) -> str:
        """Without bounds nothing, so that help shows ``[default: 2.0]`` (click
        would say ``x<=None``); with bounds click's ``0<=x<1``."""
        if self.min is None and self.max is None:
            return ""
        return super()._describe_range()


def examples(*commands: str) -> str:
    """A command's ``--help`` epilog: its examples, one a line, as written
    (click's ``\\b`` keeps the lines from being rewrapped).  Each runs as it
    stands from the repository's root (tests/test_cli_examples.py)."""
    title = "Example:" if len(commands) == 1 else "Examples:"
    return "\b\n" + title + "\n" + "\n".join(f"  {c}" for c in commands)


def warn(text: str) -> None:
    """A warning for people: ``sheetgd: warning: <text>``, one line on standard error."""
    click.echo(f"sheetgd: warning: {' '.join(str(text).split())}", err=True)


def sheet_values(option: str, values, sheets, allowed: str, check, applies=None,
                 bare=None, absent: str = "{sheet} has no such parameter") -> dict:
    """The one parser of ``SHEET=VALUE`` options (``build --lr/--beta1/--beta2``,
    ``run --lr``): ``("adam=0.5", ...)`` -> ``{"adam": 0.5}``.

    ``sheets``: the sheets the option applies to (``applies``: all sheets, to
    tell "not a sheet" from "not this option's sheet", ``absent`` saying why);
    ``check(value)``: the
    range, ``allowed`` that range in words (``{sheet}`` is filled in);
    ``bare``: the sheets a bare number (no ``SHEET=``) applies to, each
    unless given with its own ``SHEET=VALUE``; None: a bare number is refused.
    Raises click.BadParameter, one line naming ``option`` and what it allows.
    """
    hint = f"'{option}'"
    out, bare_value = {}, None
    for item in values:
        sheet, sep, number = item.partition("=")
        if not sep and bare is not None:
            sheet, number = None, item
        elif sep and sheet in (applies or ()) and sheet not in sheets:
            raise click.BadParameter(f"{item!r}: {absent.format(sheet=sheet)}; {option} "
                                     f"applies to {', '.join(sheets)}", param_hint=hint)
        elif not sep or sheet not in sheets:
            raise click.BadParameter(f"{item!r}: use SHEET=VALUE with SHEET one of "
                                     f"{', '.join(sheets)}"
                                     + (" (or a bare number for every sheet run)"
                                        if bare is not None else ""), param_hint=hint)
        what = allowed.format(sheet=sheet or "every sheet")
        try:
            value = finite_number(number)
        except ValueError:
            raise click.BadParameter(f"{item!r}: {number!r} is not a finite number ({what})",
                                     param_hint=hint) from None
        if not check(value):
            raise click.BadParameter(f"{item!r}: {what}, not {value}", param_hint=hint)
        if sheet is None:
            bare_value = value
        else:
            out[sheet] = value
    if bare_value is not None:
        out = {**{s: bare_value for s in bare}, **out}
    return out


def finite_numbers(option: str, text: str | None):
    """``"1,2,3"`` -> ``(1.0, 2.0, 3.0)`` (None stays None); click.BadParameter
    naming ``option`` for anything but comma-separated finite numbers."""
    if text is None:
        return None
    try:
        return tuple(finite_number(v) for v in text.split(","))
    except ValueError:
        raise click.BadParameter(f"{text!r}: comma-separated finite numbers expected",
                                 param_hint=f"'{option}'") from None


def finite_number(text: str) -> float:
    """``float(text)``, refusing nan and inf with ValueError."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def physical_memory() -> int | None:
    """Bytes of memory the machine has (None where the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):
        return None


#: Where the system does not say how much memory there is: the largest size allowed.
FALLBACK_MAX_BYTES = 1 << 40


def size_text(n: float) -> str:
    """``1073741824`` -> ``1GiB``; ``24_000_000_000`` -> ``22.4GiB``."""
    for unit, scale in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.3g}{unit}"
    return f"{int(n)} bytes"


class ByteSize(click.ParamType):
    """A size in bytes: ``1073741824``, ``1e9``, ``512M``, ``1GiB``, ``2 GB``
    (K, M, G, T are powers of 1024), from 1 byte to the machine's memory
    (a reader holds what it reads in memory: a larger limit is no limit,
    and a buffer that large cannot even be made); at least ``floor``, so
    that the default is always allowed."""

    name = "size"
    _UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    _FORM = re.compile(r"\s*([0-9.]+(?:e[0-9]+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)

    def __init__(self, floor: int = 1):
        self.floor = floor

    def maximum(self) -> int:
        return max(physical_memory() or FALLBACK_MAX_BYTES, self.floor)

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            size = value
        else:
            match = self._FORM.fullmatch(str(value))
            try:
                size = float(match.group(1)) * self._UNITS[match.group(2).lower()] if match else -1
            except ValueError:
                size = -1
            if not 1 <= size < math.inf:
                self.fail(f"{value!r}: a size in bytes expected, like 500M or 2GiB "
                          f"(from 1 byte to {size_text(self.maximum())})", param, ctx)
        if size > self.maximum():
            self.fail(f"{value!r} is more than this machine's memory: a size from 1 byte to "
                      f"{size_text(self.maximum())} expected, like 500M or 2GiB", param, ctx)
        return int(size)


#: What the engine holds per cell (bytes, roughly): the memory bound of --max-cells.
BYTES_PER_CELL = 500


class CellCount(click.IntRange):
    """A number of cells, from 1 to what the machine's memory holds at
    :data:`BYTES_PER_CELL` a cell (at least ``floor``, the default)."""

    name = "cells"

    def __init__(self, floor: int):
        memory = physical_memory() or FALLBACK_MAX_BYTES
        super().__init__(1, max(memory // BYTES_PER_CELL, floor))

    def _describe_range(self) -> str:
        return f"1<=x<={self.max:,} (this machine's memory at {BYTES_PER_CELL} bytes a cell)"


class OutFolder(click.Path):
    """A folder to write into (``--out``): not empty, not ``-``."""

    def __init__(self):
        super().__init__(file_okay=False)

    def convert(self, value, param, ctx):
        if str(value) == "":
            self.fail("an empty name: name a folder, e.g. --out workbooks (or . for this one)",
                      param, ctx)
        if str(value) == "-":
            self.fail("'-' is standard output, and this command writes several files: "
                      "name a folder", param, ctx)
        return super().convert(value, param, ctx)


class OutFile(click.ParamType):
    """A file to write into (``run --out``): ``-`` is standard output; a
    folder (one that exists, or any name ending in ``/``) gets the command's
    default file name inside it; an empty name is refused."""

    name = "file"

    def convert(self, value, param, ctx):
        if str(value) == "":
            self.fail("an empty name: name a file, a folder ending in /, or - for standard "
                      "output", param, ctx)
        return str(value)


def output_file(out: str, default_name: str) -> Path | None:
    """The file an :class:`OutFile` option names (None for standard output),
    its folder created if missing; a folder that cannot be is a one-line
    error naming it."""
    if out == "-":
        return None
    if out.endswith(("/", os.sep)) or os.path.isdir(out):
        return output_folder(out) / default_name
    path = Path(out)
    output_folder(path.parent)
    return path


def output_folder(folder) -> Path:
    """The folder ``--out`` names, created (with its parents) if missing;
    a folder that cannot be created is a one-line error naming it."""
    from .io.atomic import ensure_folder

    folder = Path(folder)
    try:
        ensure_folder(folder)
    except OSError as exc:
        raise click.ClickException(f"cannot create the folder {folder}: {os_error_text(exc)}") \
            from None
    return folder


@contextmanager
def writing(target):
    """Turn an OSError while writing ``target`` into a one-line error."""
    try:
        yield
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        text = exc.strerror if exc.strerror and exc.filename and \
            str(exc.filename) == str(target) else os_error_text(exc)
        raise click.ClickException(f"cannot write {target}: {text}") from None
