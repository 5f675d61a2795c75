"""The ``sheetgd`` command ends without Python's interpreter teardown
(:func:`sheetgd.cli_support.run_command_line`), and loses nothing by it:
its output reaches a pipe whole, its exit status is the command's, the
atexit handlers run, and a thread still working is waited for."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

DRIVER = textwrap.dedent("""
    import atexit, sys, threading, time
    import click
    from sheetgd.cli_support import run_command_line

    @click.command()
    @click.argument("marker")
    @click.option("--status", type=int, default=0)
    @click.option("--thread", is_flag=True)
    def command(marker, status, thread):
        atexit.register(lambda: open(marker, "a").write("atexit;"))
        if thread:  # a non-daemon thread that finishes after the command returns
            threading.Thread(target=lambda: (time.sleep(0.3),
                                             open(marker, "a").write("thread;"))).start()
        click.echo("x" * 200_000, nl=False)
        sys.stderr.write("to stderr")
        sys.exit(status)

    run_command_line(command, prog_name="driver")
""")


def _run(*args):
    return subprocess.run([sys.executable, "-c", DRIVER, *map(str, args)], capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("status", [0, 3])
def test_output_status_and_atexit_handlers_survive_the_quick_exit(tmp_path, status):
    marker = tmp_path / "marker"
    proc = _run(marker, "--status", status)
    assert proc.returncode == status
    assert proc.stdout == "x" * 200_000 and proc.stderr == "to stderr"
    assert marker.read_text() == "atexit;"


def test_a_running_thread_is_waited_for(tmp_path):
    marker = tmp_path / "marker"
    proc = _run(marker, "--thread")
    assert proc.returncode == 0 and len(proc.stdout) == 200_000
    assert marker.read_text() == "thread;atexit;"  # Python's own exit: the thread first


def test_a_usage_error_keeps_clicks_status(tmp_path):
    proc = _run(tmp_path / "marker", "--status", "x")
    assert proc.returncode == 2 and "Invalid value for '--status'" in proc.stderr


def test_the_sheetgd_command_writes_its_output_whole(tmp_path):
    out = tmp_path / "run.json"
    proc = subprocess.run([sys.executable, "-m", "sheetgd", "run", "graddesc", "--rows", "40",
                           "--epochs", "2", "--json", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().rstrip().endswith("]") and proc.stdout == f"wrote {out}\n"


def test_a_profiler_gets_its_statistics(tmp_path):
    """``python -m cProfile -o FILE -m sheetgd ...`` writes FILE after the
    command returns: Python's own exit is taken while a profiler runs."""
    stats = tmp_path / "run.prof"
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "sheetgd",
                           "run", "graddesc", "--rows", "30", "--epochs", "1"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    import pstats

    assert pstats.Stats(str(stats)).total_calls > 0
