"""``python -m tests.fixtures.build_fixtures`` is reproducible: its files
are byte-identical however often, and whenever, it runs."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from .conftest import needs_libreoffice
from .fixtures import build_fixtures
from .fixtures.build_fixtures import FIXED_TIME, reproducible

FIXTURE = Path(__file__).parent / "fixtures" / "features_libreoffice.xlsx"


def _resaved(path: Path, when: tuple, seed: int) -> None:
    """The fixture as a save at ``when`` writes it: dates stamped, entries in another order."""
    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*when)
    with zipfile.ZipFile(FIXTURE) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    core = parts["docProps/core.xml"].decode()
    for tag in ("created", "modified"):
        start = core.index(">", core.index(f"<dcterms:{tag}")) + 1
        core = core[:start] + stamp + core[core.index("</dcterms:", start):]
    parts["docProps/core.xml"] = core.encode()
    names = sorted(parts)
    random.Random(seed).shuffle(names)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            zf.writestr(zipfile.ZipInfo(name, date_time=when), parts[name])


def test_two_saves_at_different_times_become_the_same_bytes(tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    _resaved(first, (2026, 11, 28, 7, 42, 47), seed=1)
    _resaved(second, (2031, 3, 4, 5, 6, 8), seed=2)
    assert first.read_bytes() != second.read_bytes()
    reproducible(first)
    reproducible(second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as got, zipfile.ZipFile(FIXTURE) as source:
        assert got.namelist() == sorted(source.namelist())
        assert all(info.date_time == FIXED_TIME for info in got.infolist())
        for name in source.namelist():  # every part but the dates as LibreOffice saved it
            if name != "docProps/core.xml":
                assert got.read(name) == source.read(name), name
        core = got.read("docProps/core.xml").decode()
    assert core.count("1980-01-01T00:00:00Z") == 2 and "2026" not in core


@needs_libreoffice
def test_building_the_fixtures_twice_gives_the_same_bytes(tmp_path):
    runs = []
    for run in ("one", "two"):
        (tmp_path / run).mkdir()
        runs.append(build_fixtures.main(tmp_path / run))
    assert len(runs[0]) == len(build_fixtures.NAMES) == 2
    for first, second in zip(*runs):
        if first.read_bytes() != second.read_bytes():
            with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
                differ = [n for n in a.namelist() if a.read(n) != b.read(n)]
                assert a.namelist() == b.namelist() and not differ, (first.name, differ)
            pytest.fail(f"{first.name}: the same parts, not the same bytes")
