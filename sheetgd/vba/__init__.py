"""Our own writer of Excel ``vbaProject.bin`` files, from VBA source text.

* :mod:`.compression` -- [MS-OVBA] 2.4.1 compression / decompression;
* :mod:`.cfb` -- a minimal [MS-CFB] compound file writer;
* :mod:`.binary` -- the VBA project streams ([MS-OVBA] 2.2-2.3) and
  :func:`vba_project_bin`, whose result XlsxWriter embeds with
  ``workbook.add_vba_project(io.BytesIO(data), is_stream=True)``.

The project holds source code only (no compiled p-code); Office compiles it
on opening, LibreOffice imports it into its Basic IDE.
"""
from .binary import VBAModule, module_text, vba_project_bin
from .cfb import write_cfb
from .compression import compress, decompress

__all__ = ["VBAModule", "compress", "decompress", "module_text", "vba_project_bin",
           "write_cfb"]
