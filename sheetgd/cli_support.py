"""What the ``sheetgd`` commands share beyond click: the top-level error
policy, option types that refuse NaN and infinities, and output folders.

The error policy, in one place (:class:`GuardedGroup`):

- a bad option value is click's usage error: the usage line and one
  ``Error:`` line, exit status 2;
- an expected failure (a file that cannot be read or written) is one line
  naming the file, from the command itself;
- anything unexpected is ``sheetgd: error: <what happened>`` on one line,
  exit status 1 -- the traceback only with ``sheetgd --debug``;
- Ctrl-C is ``sheetgd: interrupted``, exit status 130 (128 + SIGINT); every
  file is written atomically (:mod:`sheetgd.io.atomic`), so an interrupted
  command leaves the old file or none, never half of a new one.
"""

from __future__ import annotations

import errno
import math
import re
from contextlib import contextmanager
from pathlib import Path

import click

#: Exit status after Ctrl-C, as a shell reports a process killed by SIGINT.
EXIT_INTERRUPTED = 130


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


class GuardedGroup(click.Group):
    """A click group whose commands never show a user a traceback (unless
    ``--debug``) and turn Ctrl-C into a one-line message and status 130."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("sheetgd: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            if ctx.params.get("debug") or (isinstance(exc, OSError) and exc.errno == errno.EPIPE):
                raise  # --debug: the traceback; a closed pipe: click's own quiet exit
            click.echo(f"sheetgd: error: {type(exc).__name__}: {one_line(exc)} "
                       "(sheetgd --debug shows the traceback)", err=True)
            ctx.exit(1)


class FiniteFloat(click.FloatRange):
    """A float option within a range that also refuses nan and inf (which
    pass any range check, comparisons with NaN being false)."""

    name = "finite float"

    def convert(self, value, param, ctx):
        rv = super().convert(value, param, ctx)
        if not math.isfinite(rv):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return rv


def finite_number(text: str) -> float:
    """``float(text)``, refusing nan and inf with ValueError."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


class ByteSize(click.ParamType):
    """A size in bytes: ``1073741824``, ``1e9``, ``512M``, ``1GiB``, ``2 GB``
    (K, M, G, T are powers of 1024)."""

    name = "size"
    _UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    _FORM = re.compile(r"\s*([0-9.]+(?:e[0-9]+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        match = self._FORM.fullmatch(str(value))
        try:
            size = float(match.group(1)) * self._UNITS[match.group(2).lower()] if match else -1
        except ValueError:
            size = -1
        if not 1 <= size < math.inf:
            self.fail(f"{value!r}: a size in bytes expected, like 500M or 2GiB", param, ctx)
        return int(size)


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
        raise click.ClickException(f"cannot write {target}: {os_error_text(exc)}") from None
