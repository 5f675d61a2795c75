"""The on-disk cache of compiled kernels heals itself: an entry that fails
to load (a module emptied, numba's index or compiled code garbled) is
discarded with one warning and compiled again; the results do not change."""

from __future__ import annotations

import sys

import numpy as np
import pytest

pytest.importorskip("numba")

from sheetgd.engine import blocks  # noqa: E402

SRC = "def kernel(x):\n    x[0] = sqrt(x[0]) + 1.0\n    return 0\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEETGD_KERNEL_CACHE", str(tmp_path))
    monkeypatch.setattr(blocks, "_NUMBA_KERNELS", {})
    return tmp_path


def _run() -> float:
    """Load the kernel as a new process would (nothing kept in memory)."""
    blocks._NUMBA_KERNELS.clear()
    for name in [m for m in sys.modules if m.startswith("_sheetgd_kernel_")]:
        del sys.modules[name]
    x = np.array([4.0])
    blocks._numba_kernel(SRC)(x)
    return float(x[0])


def _damage(files, how):
    assert files, "nothing to damage: the cache was not written"
    for f in files:
        f.write_bytes(b"" if how == "empty" else b"\x80\x04garbled" * 7)


@pytest.mark.parametrize("part, how", [("module", "empty"), ("index", "empty"),
                                       ("index", "garble"), ("code", "garble"),
                                       ("code", "empty")])
def test_a_damaged_cache_entry_is_discarded_and_compiled_again(cache, part, how):
    assert _run() == 3.0
    files = {"module": list(cache.glob("k_*.py")), "index": list(cache.glob("__pycache__/*.nbi")),
             "code": list(cache.glob("__pycache__/*.nbc"))}[part]
    _damage(files, how)
    with pytest.warns(blocks.KernelCacheWarning, match="discarded and is compiled again"):
        assert _run() == 3.0
    assert _run() == 3.0  # and the next run finds a good entry again (no warning needed)


def test_an_unwritable_cache_folder_compiles_in_memory_without_a_word(tmp_path, monkeypatch):
    import warnings

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("SHEETGD_KERNEL_CACHE", str(blocked / "kernels"))
    monkeypatch.setattr(blocks, "_NUMBA_KERNELS", {})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _run() == 3.0
    assert blocked.read_text() == "not a folder"


def test_the_cli_says_it_in_one_line():
    """Through the CLI the warning is one line on standard error."""
    import contextlib
    import io
    import warnings

    from sheetgd.cli import _one_line_warning

    err = io.StringIO()
    with contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _one_line_warning
        warnings.warn("a compiled kernel ... was discarded", blocks.KernelCacheWarning)
    assert err.getvalue() == "sheetgd: warning: a compiled kernel ... was discarded\n"
