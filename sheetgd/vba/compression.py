"""MS-OVBA 2.4.1 compression: the CompressedContainer used by VBA streams.

A CompressedContainer (2.4.1.1.1) is the signature byte 0x01 followed by
CompressedChunks (2.4.1.1.4), each holding up to 4096 decompressed bytes.  A
chunk starts with a 16-bit little-endian CompressedChunkHeader (2.4.1.1.5):
bits 0-11 chunk size minus 3, bits 12-14 the signature 0b011, bit 15 set for a
compressed chunk.  A compressed chunk's data is a series of TokenSequences
(2.4.1.1.7): a FlagByte, then up to 8 tokens, bit i of the FlagByte (least
significant first) telling whether token i is a literal byte (0) or a 16-bit
CopyToken (1, 2.4.1.1.8).  A CopyToken's split between offset and length bits
depends on how far into the chunk the decompressed position is (2.4.1.3.19.1
"CopyToken Help").

:func:`compress` follows the algorithm of 2.4.1.3.6-2.4.1.3.9 (longest match
in the chunk so far, the nearest one on ties, at least 3 bytes), so for the
spec's examples (3.2) it reproduces the documented bytes.  A chunk whose
compressed form would not fit in 4096 bytes is stored as a raw chunk
(2.4.1.3.10, "Compressing a RawChunk"): 4096 bytes, zero-padded when it is a
short final chunk -- the format cannot say how much of a raw chunk is real, so
then :func:`decompress` returns the padding too.  VBA source text always
compresses, so this never happens to a module stream.
"""
from __future__ import annotations

import struct

__all__ = ["compress", "decompress", "CHUNK_SIZE"]

#: Decompressed bytes per chunk (2.4.1.1.4).
CHUNK_SIZE = 4096
_SIGNATURE = 0x01
_CHUNK_SIGNATURE = 0b011 << 12
_COMPRESSED_FLAG = 0x8000


def _bit_count(difference: int) -> int:
    """Offset bits of a CopyToken at ``difference`` bytes into the chunk
    (2.4.1.3.19.1): ceil(log2(difference)), at least 4."""
    return max((difference - 1).bit_length(), 4)


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """The token sequences of one chunk ``data[start:end]`` (2.4.1.3.7)."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}  # 3-byte prefix -> positions, oldest first
    indexed = start  # positions below this are in ``heads``
    pos = start
    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            while indexed < pos:  # index every position we passed
                if indexed + 3 <= end:
                    heads.setdefault(data[indexed:indexed + 3], []).append(indexed)
                indexed += 1
            length = offset = 0
            bits = _bit_count(pos - start)
            max_len = min((0xFFFF >> bits) + 3, end - pos)
            if max_len >= 3:
                # 2.4.1.3.19.4 "Matching": the longest match, nearest first.
                for cand in reversed(heads.get(data[pos:pos + 3], ())):
                    n = 3
                    while n < max_len and data[cand + n] == data[pos + n]:
                        n += 1
                    if n > length:
                        length, offset = n, pos - cand
                        if n == max_len:
                            break
            if length >= 3:
                token = ((offset - 1) << (16 - bits)) | (length - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                pos += length
            else:
                out.append(data[pos])
                pos += 1
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """``data`` as an MS-OVBA CompressedContainer (2.4.1.3.6)."""
    data = bytes(data)
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        end = min(start + CHUNK_SIZE, len(data))
        body = _compress_chunk(data, start, end)
        if len(body) <= CHUNK_SIZE:
            header = (len(body) + 2 - 3) | _CHUNK_SIGNATURE | _COMPRESSED_FLAG
        else:  # 2.4.1.3.10: raw chunk, always 4096 bytes
            body = data[start:end].ljust(CHUNK_SIZE, b"\x00")
            header = (CHUNK_SIZE + 2 - 3) | _CHUNK_SIGNATURE
        out += struct.pack("<H", header) + body
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """The bytes of an MS-OVBA CompressedContainer (2.4.1.3.1).

    Raises ValueError on a malformed container.
    """
    data = bytes(data)
    if not data or data[0] != _SIGNATURE:
        raise ValueError("not a CompressedContainer: signature byte must be 0x01")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise ValueError("truncated chunk header at offset %d" % pos)
        (header,) = struct.unpack_from("<H", data, pos)
        if header & 0x7000 != _CHUNK_SIGNATURE:
            raise ValueError("bad chunk signature at offset %d" % pos)
        chunk_end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        if not header & _COMPRESSED_FLAG:  # 2.4.1.3.3 raw chunk
            out += data[pos:chunk_end]
            pos = chunk_end
            continue
        chunk_start = len(out)
        while pos < chunk_end:  # 2.4.1.3.4 token sequences
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                if pos + 2 > chunk_end:
                    raise ValueError("truncated CopyToken at offset %d" % pos)
                (token,) = struct.unpack_from("<H", data, pos)
                pos += 2
                bits = _bit_count(len(out) - chunk_start)
                length = (token & (0xFFFF >> bits)) + 3
                offset = (token >> (16 - bits)) + 1
                src = len(out) - offset
                if src < chunk_start:
                    raise ValueError("CopyToken reaches before its chunk")
                for i in range(length):  # may overlap its own output
                    out.append(out[src + i])
    return bytes(out)
