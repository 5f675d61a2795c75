"""sheetgd.vba: MS-OVBA compression, the compound file writer and vbaProject.bin.

olefile / oletools are test-only tools (``pip install olefile oletools``);
the tests that need them are skipped without them.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path

import pytest

from sheetgd.vba import VBAModule, compress, decompress, module_text, vba_project_bin, write_cfb
from sheetgd.vba.binary import (STDOLE_LIBID, VBA_PROJECT_STREAM, decrypt_data, encrypt_data,
                                project_id, project_text)
from sheetgd.vba.compression import CHUNK_SIZE

from .conftest import needs_libreoffice

# -- compression (MS-OVBA 2.4.1, examples 3.2) --------------------------------------

SPEC_NORMAL = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
SPEC_NORMAL_COMPRESSED = bytes.fromhex(
    "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20"
    " 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C")
SPEC_PLAIN = b"abcdefghijklmnopqrstuv."
SPEC_PLAIN_COMPRESSED = bytes.fromhex(
    "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E")


def test_spec_examples():
    assert compress(SPEC_NORMAL) == SPEC_NORMAL_COMPRESSED  # 3.2.2
    assert decompress(SPEC_NORMAL_COMPRESSED) == SPEC_NORMAL
    assert compress(SPEC_PLAIN) == SPEC_PLAIN_COMPRESSED  # 3.2.1
    assert decompress(SPEC_PLAIN_COMPRESSED) == SPEC_PLAIN


def test_runs_compress_to_one_copy_token():
    data = b"a" * 15
    assert compress(data) == bytes.fromhex("01 03 B0 02 61 0B 00")  # literal + (offset 1, length 14)
    assert decompress(compress(data)) == data


SIZES = [0, 1, 2, 3, 8, 9, 100, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1,
         2 * CHUNK_SIZE, 2 * CHUNK_SIZE + 3, 3 * CHUNK_SIZE + 1000]


@pytest.mark.parametrize("size", SIZES)
def test_round_trip_text_and_runs(size):
    rng = random.Random(size)
    words = [b"Public", b"Sub", b"Range(\"A1\")", b".Value", b" = ", b"\r\n", b"End Sub",
             b"ThisWorkbook", b"'", b"x", b"1"]
    text = b"".join(rng.choice(words) for _ in range(size))[:size]
    runs = bytes(rng.choice(b"ab\x00") for _ in range(size // 7 + 1)) * 7
    for data in (text, runs[:size], bytes(size)):
        packed = compress(data)
        assert packed[0] == 1
        assert decompress(packed) == data
        if size > 100:
            assert len(packed) < len(data)


@pytest.mark.parametrize("size", SIZES)
def test_round_trip_random(size):
    data = random.Random(size).randbytes(size)
    packed = compress(data)
    tail = size % CHUNK_SIZE
    if tail and tail + -(-tail // 8) > CHUNK_SIZE:  # incompressible short last chunk
        assert decompress(packed) == data.ljust(-(-size // CHUNK_SIZE) * CHUNK_SIZE, b"\0")
    else:
        assert decompress(packed) == data


def test_incompressible_chunks_are_stored_raw():
    data = random.Random(1).randbytes(2 * CHUNK_SIZE + 10)
    packed = compress(data)
    # two raw chunks (header 0x3FFF: size 4095, signature 0b011, flag 0) + a compressed one
    assert struct.unpack_from("<H", packed, 1)[0] == 0x3FFF
    assert struct.unpack_from("<H", packed, 3 + CHUNK_SIZE)[0] == 0x3FFF
    assert struct.unpack_from("<H", packed, 5 + 2 * CHUNK_SIZE)[0] & 0xF000 == 0xB000
    assert decompress(packed) == data
    # a short incompressible last chunk can only be stored padded to 4096 bytes (2.4.1.3.10)
    tail = random.Random(2).randbytes(4000)
    assert decompress(compress(tail)) == tail + bytes(96)


def test_compressed_chunks_never_exceed_limits():
    rng = random.Random(3)
    # mostly random with a few repeats: compressed size near the 4096 limit
    data = b"".join(rng.randbytes(300) + b"abcdefgh" * 3 for _ in range(40))
    packed = compress(data)
    pos = 1
    while pos < len(packed):
        header = struct.unpack_from("<H", packed, pos)[0]
        assert (header >> 12) & 7 == 0b011
        pos += (header & 0x0FFF) + 3
    assert pos == len(packed)
    assert decompress(packed) == data


def test_decompress_rejects_garbage():
    with pytest.raises(ValueError):
        decompress(b"")
    with pytest.raises(ValueError):
        decompress(b"\x02\x00\xb0")
    with pytest.raises(ValueError):
        decompress(b"\x01\x00\x00")  # bad chunk signature


def test_matches_olevba_decompressor():
    olevba = pytest.importorskip("oletools.olevba")
    rng = random.Random(4)
    for size in (50, 5000, 20000):
        data = bytes(rng.choice(b"abc de\r\n") for _ in range(size))
        assert bytes(olevba.decompress_stream(bytearray(compress(data)))) == data


# -- compound file (MS-CFB) ------------------------------------------------------------

def _streams(rng: random.Random) -> dict[str, bytes]:
    return {"PROJECT": b"project", "PROJECTwm": b"", "VBA/dir": rng.randbytes(700),
            "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM, "VBA/big": rng.randbytes(5000),
            "VBA/exact": rng.randbytes(4096), "VBA/under": rng.randbytes(4095),
            **{f"VBA/mod{i:02d}": rng.randbytes(i * 61) for i in range(1, 25)},
            "Other/Deeper/x": b"xyz"}


def _olefile():
    olefile = pytest.importorskip("olefile")
    return olefile


def test_cfb_readable_by_olefile():
    olefile = _olefile()
    streams = _streams(random.Random(5))
    data = write_cfb(streams)
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1") and len(data) % 512 == 0
    assert write_cfb(streams) == data
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
    for path, content in streams.items():
        assert ole.openstream(path).read() == content
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE
    assert ole.root.clsid in ("", "00000000-0000-0000-0000-000000000000")


_RED, _BLACK = 0, 1  # MS-CFB 2.6.1 Color Flag


def _tree_key(name: str):
    return (len(name), name.upper())


def test_cfb_directory_is_a_sorted_red_black_tree():
    olefile = _olefile()
    ole = olefile.OleFileIO(io.BytesIO(write_cfb(_streams(random.Random(6)))))
    entries = {e.sid: e for e in ole.direntries if e is not None}

    def walk(sid, blacks, names):
        """In-order names under ``sid``; checks colours, returns black height."""
        if sid == olefile.NOSTREAM:
            return blacks + 1
        e = entries[sid]
        if e.color == _RED:
            for kid in (e.sid_left, e.sid_right):
                assert kid == olefile.NOSTREAM or entries[kid].color == _BLACK
        left = walk(e.sid_left, blacks + (e.color == _BLACK), names)
        names.append(e.name)
        right = walk(e.sid_right, blacks + (e.color == _BLACK), names)
        assert left == right
        return left

    for storage in [e for e in entries.values() if e.sid_child != olefile.NOSTREAM]:
        names: list[str] = []
        assert entries[storage.sid_child].color == _BLACK
        walk(storage.sid_child, 0, names)
        assert names == sorted(names, key=_tree_key), names


def test_cfb_many_fat_sectors_use_difat():
    olefile = _olefile()
    big = random.Random(7).randbytes(8_000_000)  # > 109 FAT sectors
    data = write_cfb({"big": big, "small": b"abc"})
    n_fat, n_difat = struct.unpack_from("<I", data, 0x2C)[0], struct.unpack_from("<I", data, 0x48)[0]
    assert n_fat > 109 and n_difat >= 1
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.openstream("big").read() == big
    assert ole.openstream("small").read() == b"abc"


def test_cfb_rejects_bad_names():
    with pytest.raises(ValueError):
        write_cfb({"x" * 32: b""})
    with pytest.raises(ValueError):
        write_cfb({"VBA/a": b"", "vba/A": b""})
    with pytest.raises(ValueError):
        write_cfb({"VBA": b"", "VBA/a": b""})


# -- vbaProject.bin (MS-OVBA 2.2-2.3) -------------------------------------------------

POKE = 'Public Sub poke()\n    ThisWorkbook.Worksheets("s1").Range("A1").Value = 42\nEnd Sub'
MODULES = [
    VBAModule("ThisWorkbook", "Option Explicit\n"),
    VBAModule("sheet1name", POKE),
    VBAModule("sheet2name", "' caf\u00e9 \u20ac\nPublic Sub a()\r\n    Range(\"B2\").Value = \"x\"\r\nEnd Sub\n"),
    VBAModule("Module1", "Sub helper()\nEnd Sub\n", document=False),
]


def _source_lines(source: str) -> list[str]:
    return source.replace("\r\n", "\n").rstrip("\n").split("\n")


def test_module_text():
    text = module_text(MODULES[1])
    lines = text.split("\r\n")
    assert text.endswith("End Sub\r\n") and "\n" not in text.replace("\r\n", "")
    assert lines[:2] == ['Attribute VB_Name = "sheet1name"',
                         'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"']
    assert lines[7] == "Attribute VB_Customizable = True"
    assert lines[8:-1] == _source_lines(POKE)
    assert 'VB_Base = "0{00020819-0000-0000-C000-000000000046}"' in module_text(MODULES[0])
    assert module_text(MODULES[3]) == 'Attribute VB_Name = "Module1"\r\nSub helper()\r\nEnd Sub\r\n'


def test_project_text_and_encrypted_fields():
    text = project_text(MODULES, "VBAProject")
    lines = text.split("\r\n")
    pid = project_id("VBAProject")
    assert lines[0] == f'ID="{pid}"' and pid == project_id("VBAProject") != project_id("Other")
    assert lines[1:5] == ["Document=ThisWorkbook/&H00000000", "Document=sheet1name/&H00000000",
                          "Document=sheet2name/&H00000000", "Module=Module1"]
    assert "[Host Extender Info]" in lines and "sheet1name=0, 0, 0, 0, C" in lines
    values = dict(line.split("=", 1) for line in lines[5:11])
    key = sum(pid.encode()) & 0xFF
    assert decrypt_data(values["CMG"].strip('"')) == (2, key, b"\0\0\0\0")
    assert decrypt_data(values["DPB"].strip('"')) == (2, key, b"\0")
    assert decrypt_data(values["GC"].strip('"')) == (2, key, b"\xff")
    for seed in range(256):
        assert decrypt_data(encrypt_data(b"abc", pid, seed, b"\x07\x08\x09")) == (2, key, b"abc")


def _dir_records(data: bytes) -> list[tuple[int, bytes]]:
    records, pos = [], 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == 0x0009:  # PROJECTVERSION: Reserved (4), then 6 bytes of version
            size = 6
        records.append((rid, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    assert pos == len(data)
    return records


def test_streams_of_the_project():
    olefile = _olefile()
    blob = vba_project_bin(MODULES)
    assert blob == vba_project_bin(MODULES)  # deterministic
    ole = olefile.OleFileIO(io.BytesIO(blob), raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x00\x00"
    assert ole.openstream("PROJECT").read() == project_text(MODULES, "VBAProject").encode("cp1252")
    wm = b"".join(m.name.encode() + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in MODULES)
    assert ole.openstream("PROJECTwm").read() == wm + b"\0\0"
    for m in MODULES:
        assert decompress(ole.openstream("VBA/" + m.name).read()) == module_text(m).encode("cp1252")
    records = _dir_records(decompress(ole.openstream("VBA/dir").read()))
    ids = [rid for rid, _ in records]
    module_ids = [0x19, 0x47, 0x1A, 0x32, 0x1C, 0x48, 0x31, 0x1E, 0x2C]
    expected = [0x01, 0x02, 0x14, 0x03, 0x04, 0x05, 0x40, 0x06, 0x3D, 0x07, 0x08, 0x09, 0x0C,
                0x3C, 0x16, 0x3E, 0x0D, 0x0F, 0x13]
    for m in MODULES:
        expected += module_ids + [0x22 if m.document else 0x21, 0x2B]
    assert ids == expected + [0x10]
    rec = dict(records[:19])
    assert rec[0x01] == struct.pack("<I", 1) and rec[0x03] == struct.pack("<H", 1252)
    assert rec[0x02] == rec[0x14] == struct.pack("<I", 0x409)
    assert rec[0x04] == b"VBAProject" and rec[0x16] == b"stdole"
    assert STDOLE_LIBID.encode() in rec[0x0D] and rec[0x0F] == struct.pack("<H", len(MODULES))
    offsets = [payload for rid, payload in records if rid == 0x31]
    assert offsets == [bytes(4)] * len(MODULES)


def test_olevba_extracts_every_module():
    olevba = pytest.importorskip("oletools.olevba")
    blob = vba_project_bin(MODULES)
    parser = olevba.VBA_Parser("vbaProject.bin", data=blob)
    try:
        assert parser.detect_vba_macros()
        found = {}
        for _, stream, vba_filename, code in parser.extract_macros():
            assert stream == "VBA/" + vba_filename.rsplit(".", 1)[0]
            lines = code.replace("\r\n", "\n").rstrip("\n").split("\n")
            found[vba_filename] = [ln for ln in lines if not ln.startswith("Attribute VB_")]
    finally:
        parser.close()
    assert found == {("%s.%s" % (m.name, "cls" if m.document else "bas")):
                     _source_lines(m.source) for m in MODULES}


def test_invalid_input_is_rejected():
    with pytest.raises(ValueError, match="identifier"):
        vba_project_bin([VBAModule("bad name", "")])
    with pytest.raises(ValueError, match="duplicate"):
        vba_project_bin([VBAModule("a", ""), VBAModule("A", "")])
    with pytest.raises(ValueError, match="code page"):
        vba_project_bin([VBAModule("a", "' \u4e2d")])
    with pytest.raises(ValueError, match="identifier"):
        vba_project_bin([], project_name="1x")


def test_xlsxwriter_embeds_it(tmp_path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = _poke_workbook(tmp_path / "poke.xlsm", xlsxwriter)
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/vbaProject.bin") == vba_project_bin(_POKE_MODULES)
        assert b'codeName="sheet1name"' in z.read("xl/worksheets/sheet1.xml")


_POKE_MODULES = [VBAModule("ThisWorkbook", ""), VBAModule("sheet1name", POKE),
                 VBAModule("sheet2name", "")]


def _poke_workbook(path: Path, xlsxwriter) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_vba_name("ThisWorkbook")
    for name, code in (("s1", "sheet1name"), ("s2", "sheet2name")):
        wb.add_worksheet(name).set_vba_name(code)
    wb.add_vba_project(io.BytesIO(vba_project_bin(_POKE_MODULES)), is_stream=True)
    wb.close()
    return path


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_runs_the_sheet_module_macro(tmp_path):
    """LibreOffice imports the modules into the Basic library named after the
    project ("VBAProject"), one module per code name, and runs them."""
    import openpyxl
    import xlsxwriter

    from sheetgd.io.libreoffice import recalculate

    src, dst = _poke_workbook(tmp_path / "poke.xlsm", xlsxwriter), tmp_path / "out.xlsm"
    recalculate([(src, dst)], macros=["VBAProject.sheet1name.poke"])
    assert openpyxl.load_workbook(dst)["s1"]["A1"].value == 42
