"""The names in an [MS-CFB] compound file's directory, to say what an OLE2
file given as a workbook really is.

Old binary Excel files (.xls) hold a ``Workbook`` (or, before Excel 97,
``Book``) stream; a password-protected .xlsx/.xlsm is a compound file with
``EncryptionInfo`` and ``EncryptedPackage`` streams ([MS-OFFCRYPTO] 2.3.4);
Word and Outlook files hold other streams.  Only the header (MS-CFB 2.2),
the FAT (2.3, found through the DIFAT, 2.5) and the directory chain (2.6) are
read; every sector number is checked, and a chain that loops or leaves the
file ends the walk, so a damaged file gives fewer names, never a hang.
"""

from __future__ import annotations

import struct

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENDOFCHAIN = 0xFFFFFFFE
_MAX_REGULAR = 0xFFFFFFFA  # sector numbers above this are markers
_ENTRY = 128


def _sector(data: bytes, shift: int, number: int) -> bytes | None:
    start = (number + 1) << shift
    end = start + (1 << shift)
    return data[start:end] if number <= _MAX_REGULAR and end <= len(data) else None


def _fat_sectors(data: bytes, shift: int) -> list[int]:
    count, difat_start, difat_count = struct.unpack_from("<I4xII", data, 44)
    numbers = list(struct.unpack_from("<109I", data, 76))
    per_sector = (1 << shift) // 4
    sector, seen = difat_start, set()
    while len(seen) < difat_count and sector not in seen:
        seen.add(sector)
        body = _sector(data, shift, sector)
        if body is None:
            break
        entries = struct.unpack(f"<{per_sector}I", body)
        numbers += entries[:-1]
        sector = entries[-1]
    return [n for n in numbers[:count] if n <= _MAX_REGULAR]


def _fat(data: bytes, shift: int) -> list[int]:
    per_sector = (1 << shift) // 4
    fat = []
    for number in _fat_sectors(data, shift):
        body = _sector(data, shift, number)
        if body is not None:
            fat += struct.unpack(f"<{per_sector}I", body)
    return fat


def stream_names(data: bytes) -> set[str]:
    """Every storage and stream name in the compound file ``data`` (empty
    when it is not one, or its directory cannot be read)."""
    if not data.startswith(SIGNATURE) or len(data) < 512:
        return set()
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        return set()
    fat = _fat(data, shift)
    names, sector, seen = set(), struct.unpack_from("<I", data, 48)[0], set()
    while sector != _ENDOFCHAIN and sector not in seen and sector < len(fat):
        seen.add(sector)
        body = _sector(data, shift, sector)
        if body is None:
            break
        for offset in range(0, len(body), _ENTRY):
            length = struct.unpack_from("<H", body, offset + 64)[0]
            if body[offset + 66] != 0 and 2 <= length <= 64:
                names.add(body[offset:offset + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector]
    return names
