"""What ``sheetgd build`` writes: the teaching workbooks as files."""

from __future__ import annotations

from pathlib import Path

from .books import entropy, graddesc
from .io.xlsx_write import write_xlsx


def build_products(out_dir: Path, params: graddesc.GradDescParams | None = None,
                   entropy_params: entropy.EntropyParams | None = None) -> list[Path]:
    """Write graddesc.xlsx and entropy.xlsx into ``out_dir``; return their paths."""
    params = params or graddesc.GradDescParams()
    book = graddesc.build(params)
    written = [write_xlsx(book, Path(out_dir) / "graddesc.xlsx")]
    written.append(write_xlsx(entropy.build(entropy_params), Path(out_dir) / "entropy.xlsx"))
    return written
