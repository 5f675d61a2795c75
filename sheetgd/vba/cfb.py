"""A minimal writer of [MS-CFB] compound files (version 3, 512-byte sectors).

Enough for a ``vbaProject.bin``: storages and streams given by path, all
timestamps and CLSIDs zero, so the output depends only on the input.

Layout (MS-CFB 2.2): the 512-byte header (2.2), then sectors in this order --
FAT sectors (2.3), DIFAT sectors when more than the header's 109 FAT sector
slots are needed (2.5), directory sectors (2.6), the mini FAT (2.4), the mini
stream (2.4: streams shorter than the 4096-byte cutoff, in 64-byte mini
sectors, itself the root entry's stream) and then the large streams.

Directory entries (2.6.1) of one storage form a red-black tree ordered as
2.6.4 says: shorter names first, equal lengths compared by the upper-cased
UTF-16 code units.  The tree is built perfectly balanced; its deepest level
is coloured red when it is not full (else all black), which satisfies the
red-black rules.
"""
from __future__ import annotations

import struct

__all__ = ["write_cfb"]

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
DIFSECT, FATSECT, ENDOFCHAIN, FREESECT = 0xFFFFFFFC, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF
_HEADER_DIFAT = 109  # FAT sector locations held in the header
_PER_SECTOR = SECTOR // 4  # 128 sector numbers per FAT / DIFAT sector
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b""):
        if len(name) > 31:
            raise ValueError("compound file names are at most 31 characters: %r" % name)
        if not name or any(c in name for c in "/\\:!"):
            raise ValueError("invalid compound file entry name: %r" % name)
        self.name, self.kind, self.data = name, kind, data
        self.children: dict[str, _Entry] = {}  # keyed by upper-cased name
        self.sid = self.left = self.right = self.child = NOSTREAM
        self.color = _BLACK
        self.start, self.size = ENDOFCHAIN, 0


def _sort_key(entry: _Entry):
    """2.6.4: compare lengths first, then upper-cased UTF-16 code units."""
    units = entry.name.upper().encode("utf-16-le")
    return (len(units), struct.unpack("<%dH" % (len(units) // 2), units))


def _build_tree(entries: list[_Entry], depth: int, out: list) -> int:
    """Balanced BST over sorted ``entries``; returns the root's sid."""
    if not entries:
        return NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    out.append((node, depth))
    node.left = _build_tree(entries[:mid], depth + 1, out)
    node.right = _build_tree(entries[mid + 1:], depth + 1, out)
    return node.sid


def _link_children(storage: _Entry) -> None:
    kids = sorted(storage.children.values(), key=_sort_key)
    placed: list[tuple[_Entry, int]] = []
    storage.child = _build_tree(kids, 0, placed)
    if placed:
        deepest = max(d for _, d in placed)
        full = len(placed) == 2 ** (deepest + 1) - 1
        for node, depth in placed:
            node.color = _RED if depth == deepest and deepest and not full else _BLACK
    for kid in kids:
        _link_children(kid)


def _dir_entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\x00\x00"
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), e.kind, e.color,
                       e.left, e.right, e.child, b"\x00" * 16, 0, 0, 0,
                       e.start, e.size)


_EMPTY_ENTRY = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM,
                           NOSTREAM, b"\x00" * 16, 0, 0, 0, 0, 0)


def _sectors(nbytes: int, size: int = SECTOR) -> int:
    return -(-nbytes // size)


def _chain(fat: list[int], start: int, count: int) -> int:
    """Mark ``count`` consecutive sectors from ``start`` as one chain."""
    for i in range(count):
        fat[start + i] = start + i + 1 if i + 1 < count else ENDOFCHAIN
    return start if count else ENDOFCHAIN


def _pad(data: bytes, size: int = SECTOR) -> bytes:
    return data + b"\x00" * (-len(data) % size)


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` ({"VBA/dir": b"...", ...}).

    Keys are '/'-separated paths; the storages along each path are created.
    Names are compared case-insensitively, as in a compound file.  Output is
    deterministic (no timestamps, zero CLSIDs).
    """
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        *dirs, leaf = path.split("/")
        node = root
        for d in dirs:
            node = node.children.setdefault(d.upper(), _Entry(d, _STORAGE))
            if node.kind != _STORAGE:
                raise ValueError("%r is both a stream and a storage" % d)
        if leaf.upper() in node.children:
            raise ValueError("duplicate compound file entry: %r" % path)
        node.children[leaf.upper()] = _Entry(leaf, _STREAM, bytes(data))

    entries = [root]  # sids in depth-first order, root first
    todo = [root]
    while todo:
        node = todo.pop(0)
        for kid in sorted(node.children.values(), key=_sort_key):
            kid.sid = len(entries)
            entries.append(kid)
            todo.append(kid)
    root.sid = 0
    _link_children(root)

    small = [e for e in entries if e.kind == _STREAM and len(e.data) < MINI_CUTOFF]
    large = [e for e in entries if e.kind == _STREAM and len(e.data) >= MINI_CUTOFF]
    minifat: list[int] = []
    ministream = bytearray()
    for e in small:
        e.size = len(e.data)
        n = _sectors(e.size, MINI_SECTOR)
        minifat.extend([0] * n)
        e.start = _chain(minifat, len(minifat) - n, n) if n else ENDOFCHAIN
        ministream += _pad(e.data, MINI_SECTOR)
    n_dir = _sectors(len(entries) * 128)
    n_minifat = _sectors(len(minifat) * 4)
    n_mini = _sectors(len(ministream))
    n_large = sum(_sectors(len(e.data)) for e in large)
    payload = n_dir + n_minifat + n_mini + n_large
    n_fat = n_difat = 0
    while True:  # FAT and DIFAT sectors must also be covered by the FAT
        need_fat = _sectors((payload + n_fat + n_difat) * 4)
        need_difat = _sectors(max(need_fat - _HEADER_DIFAT, 0), _PER_SECTOR - 1)
        if (need_fat, need_difat) == (n_fat, n_difat):
            break
        n_fat, n_difat = need_fat, need_difat

    total = n_fat + n_difat + payload
    fat = [FREESECT] * (n_fat * _PER_SECTOR)
    for i in range(n_fat):
        fat[i] = FATSECT
    for i in range(n_difat):
        fat[n_fat + i] = DIFSECT
    pos = n_fat + n_difat
    dir_start = _chain(fat, pos, n_dir)
    pos += n_dir
    minifat_start = _chain(fat, pos, n_minifat)
    pos += n_minifat
    root.start = _chain(fat, pos, n_mini)
    root.size = len(ministream)
    pos += n_mini
    for e in large:
        n = _sectors(len(e.data))
        e.start, e.size = _chain(fat, pos, n), len(e.data)
        pos += n
    assert pos == total

    fat_sids = list(range(n_fat))
    difat_head = (fat_sids[:_HEADER_DIFAT]
                  + [FREESECT] * (_HEADER_DIFAT - min(n_fat, _HEADER_DIFAT)))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", _SIGNATURE, b"\x00" * 16, 0x003E, 0x0003,
        0xFFFE, 9, 6, b"\x00" * 6, 0, n_fat, dir_start, 0, MINI_CUTOFF,
        minifat_start if n_minifat else ENDOFCHAIN, n_minifat,
        n_fat if n_difat else ENDOFCHAIN, n_difat)
    header += struct.pack("<109I", *difat_head)
    out = bytearray(header)
    out += struct.pack("<%dI" % len(fat), *fat)
    rest = fat_sids[_HEADER_DIFAT:]
    for i in range(n_difat):  # 127 FAT locations + next DIFAT sector each
        part = rest[i * 127:(i + 1) * 127]
        part += [FREESECT] * (127 - len(part))
        nxt = n_fat + i + 1 if i + 1 < n_difat else ENDOFCHAIN
        out += struct.pack("<128I", *part, nxt)
    dirs = b"".join(_dir_entry(e) for e in entries)
    out += dirs + _EMPTY_ENTRY * (n_dir * 4 - len(entries))
    out += _pad(struct.pack("<%dI" % len(minifat), *minifat)
                + struct.pack("<I", FREESECT) * (-len(minifat) % _PER_SECTOR))
    out += _pad(bytes(ministream))
    for e in large:
        out += _pad(e.data)
    assert len(out) == SECTOR * (1 + total)
    return bytes(out)
