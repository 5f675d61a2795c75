"""Build an Excel ``vbaProject.bin`` from VBA source text ([MS-OVBA]).

The project holds source only: every module stream is its compressed source
text at MODULEOFFSET 0 (2.3.4.3) and ``_VBA_PROJECT`` is the 7-byte
version-independent header (2.3.4.1, Version 0xFFFF), so Office compiles the
code from source when it opens the file.  Streams (2.2):

* ``PROJECT`` (2.3.1): the text project properties, with CMG/DPB/GC
  obfuscated by the data encryption of 2.4.3 (not protected, no password,
  visible) from seeds derived from the project id, so output is deterministic;
* ``PROJECTwm`` (2.3.3): the module name map;
* ``VBA/dir`` (2.3.4.2): the compressed (2.4.1) project information,
  references (stdole only) and module records;
* ``VBA/_VBA_PROJECT`` and one ``VBA/<module>`` stream per module.

Strings are written in code page 1252 (PROJECTCODEPAGE), lines end in CRLF.
"""
from __future__ import annotations

import hashlib
import re
import struct
import uuid
from dataclasses import dataclass

from .cfb import write_cfb
from .compression import compress

__all__ = ["VBAModule", "vba_project_bin", "module_text", "project_id", "project_text",
           "encrypt_data", "decrypt_data"]

CODEPAGE = 1252
_ENCODING = "cp1252"
LCID = 0x409
#: VB_Base of the workbook document module ("ThisWorkbook"): Excel's Workbook.
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
#: VB_Base of a worksheet document module: Excel's Worksheet.
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
STDOLE_LIBID = ("*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
                "C:\\Windows\\System32\\stdole2.tlb#OLE Automation")
HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_ID_NAMESPACE = uuid.UUID("6f1c1c1e-4b7e-5b1a-9d1e-736865657467")  # fixed, arbitrary
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}\Z")
#: 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 0x0000.
VBA_PROJECT_STREAM = b"\xcc\x61\xff\xff\x00\x00\x00"


@dataclass
class VBAModule:
    """One VBA module.

    ``name`` is the module (and stream) name; for a document module it is the
    code name of its sheet or workbook.  ``source`` is the code as the user
    reads it, without ``Attribute`` lines.  ``workbook`` marks the workbook's
    document module (VB_Base Workbook); None means "if named ThisWorkbook".
    """

    name: str
    source: str
    document: bool = True
    workbook: bool | None = None

    @property
    def is_workbook(self) -> bool:
        if self.workbook is None:
            return self.document and self.name.lower() == "thisworkbook"
        return self.workbook


def _check_name(name: str, what: str) -> None:
    if not _IDENTIFIER.match(name or ""):
        raise ValueError("%s %r is not a VBA identifier (a letter, then up to 30 "
                         "letters, digits or underscores)" % (what, name))


def _mbcs(text: str, what: str) -> bytes:
    try:
        return text.encode(_ENCODING)
    except UnicodeEncodeError as exc:
        raise ValueError("%s is not representable in code page %d: %s"
                         % (what, CODEPAGE, exc)) from None


def module_text(module: VBAModule) -> str:
    """The text stored in the module stream: Attribute lines, then the source,
    every line ending in CRLF (2.3.4.3)."""
    attrs = ['Attribute VB_Name = "%s"' % module.name]
    if module.document:
        attrs += ['Attribute VB_Base = "%s"' % (WORKBOOK_BASE if module.is_workbook
                                                 else WORKSHEET_BASE),
                  "Attribute VB_GlobalNameSpace = False",
                  "Attribute VB_Creatable = False",
                  "Attribute VB_PredeclaredId = True",
                  "Attribute VB_Exposed = True",
                  "Attribute VB_TemplateDerived = False",
                  "Attribute VB_Customizable = True"]
    source = module.source.replace("\r\n", "\n").replace("\r", "\n")
    if source.endswith("\n"):
        source = source[:-1]
    lines = attrs + (source.split("\n") if source else [])
    return "".join(line + "\r\n" for line in lines)


# -- 2.4.3 data encryption ---------------------------------------------------

def _proj_key(project_id: str) -> int:
    """2.4.3.2: the byte sum of ProjectId.ProjectCLSID ("{...}")."""
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt_data(data: bytes, project_id: str, seed: int, ignored: bytes = b"") -> str:
    """2.4.3.2 encryption of ``data`` as upper-case hex.  ``ignored`` supplies
    the (Seed AND 6) / 2 arbitrary bytes (zero-filled when short)."""
    version, key = 2, _proj_key(project_id)
    out = bytearray([seed, seed ^ version, seed ^ key])
    unenc1, enc1, enc2 = key, out[2], out[1]
    n_ignored = (seed & 6) // 2
    plain = ignored[:n_ignored].ljust(n_ignored, b"\x00")
    plain += struct.pack("<I", len(data)) + bytes(data)
    for byte in plain:
        enc = byte ^ ((enc2 + unenc1) & 0xFF)
        out.append(enc)
        enc2, enc1, unenc1 = enc1, enc, byte
    return out.hex().upper()


def decrypt_data(text: str) -> tuple[int, int, bytes]:
    """Inverse of :func:`encrypt_data` (2.4.3.3): (version, ProjKey, Data)."""
    raw = bytes.fromhex(text)
    seed, version, key = raw[0], raw[0] ^ raw[1], raw[0] ^ raw[2]
    unenc1, enc1, enc2 = key, raw[2], raw[1]
    plain = bytearray()
    for enc in raw[3:]:
        byte = enc ^ ((enc2 + unenc1) & 0xFF)
        plain.append(byte)
        enc2, enc1, unenc1 = enc1, enc, byte
    plain = plain[(seed & 6) // 2:]
    (length,) = struct.unpack_from("<I", plain)
    if length != len(plain) - 4:
        raise ValueError("encrypted data length mismatch")
    return version, key, bytes(plain[4:])


def _encrypt_fixed(data: bytes, project_id: str, field: str) -> str:
    """Deterministic seed and ignored bytes, derived from the id and field."""
    digest = hashlib.sha256(("%s:%s" % (project_id, field)).encode()).digest()
    return encrypt_data(data, project_id, digest[0], digest[1:4])


# -- streams -------------------------------------------------------------------

def project_id(project_name: str) -> str:
    """A GUID fixed by the project name, as ``{XXXXXXXX-...}``."""
    return "{%s}" % str(uuid.uuid5(_ID_NAMESPACE, project_name)).upper()


def project_text(modules: list[VBAModule], project_name: str) -> str:
    """The PROJECT stream's text (2.3.1)."""
    pid = project_id(project_name)
    lines = ['ID="%s"' % pid]
    for m in modules:
        lines.append("Document=%s/&H00000000" % m.name if m.document
                     else "Module=%s" % m.name)
    lines += ['Name="%s"' % project_name, 'HelpContextID="0"',
              'VersionCompatible32="393222000"',
              'CMG="%s"' % _encrypt_fixed(b"\x00\x00\x00\x00", pid, "CMG"),
              'DPB="%s"' % _encrypt_fixed(b"\x00", pid, "DPB"),
              'GC="%s"' % _encrypt_fixed(b"\xff", pid, "GC"),
              "", "[Host Extender Info]", HOST_EXTENDER, "", "[Workspace]"]
    lines += ["%s=0, 0, 0, 0, C" % m.name for m in modules]
    return "".join(line + "\r\n" for line in lines)


def _projectwm(modules: list[VBAModule]) -> bytes:
    """PROJECTwm (2.3.3): MBCS name NUL, UTF-16 name NUL, ..., then 0x0000."""
    out = bytearray()
    for m in modules:
        out += _mbcs(m.name, "module name") + b"\x00"
        out += m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def _rec(rid: int, payload: bytes = b"") -> bytes:
    """A dir record: Id (2 bytes), Size (4 bytes), payload."""
    return struct.pack("<HI", rid, len(payload)) + payload


def _text_rec(rid: int, uid: int, text: str) -> bytes:
    """A record with an MBCS string followed by its Unicode twin."""
    return _rec(rid, _mbcs(text, "text")) + _rec(uid, text.encode("utf-16-le"))


def _dir_stream(modules: list[VBAModule], project_name: str) -> bytes:
    """The decompressed dir stream (2.3.4.2)."""
    u32, u16 = (lambda v: struct.pack("<I", v)), (lambda v: struct.pack("<H", v))
    out = bytearray()
    # 2.3.4.2.1 PROJECTINFORMATION
    out += _rec(0x0001, u32(1))                        # PROJECTSYSKIND: Win32
    out += _rec(0x0002, u32(LCID))                     # PROJECTLCID
    out += _rec(0x0014, u32(LCID))                     # PROJECTLCIDINVOKE
    out += _rec(0x0003, u16(CODEPAGE))                 # PROJECTCODEPAGE
    out += _rec(0x0004, _mbcs(project_name, "project name"))  # PROJECTNAME
    out += _text_rec(0x0005, 0x0040, "")               # PROJECTDOCSTRING
    out += _rec(0x0006, b"") + _rec(0x003D, b"")       # PROJECTHELPFILEPATH
    out += _rec(0x0007, u32(0))                        # PROJECTHELPCONTEXT
    out += _rec(0x0008, u32(0))                        # PROJECTLIBFLAGS
    # PROJECTVERSION: Reserved (=4), VersionMajor (4 bytes), VersionMinor (2)
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)
    out += _text_rec(0x000C, 0x003C, "")               # PROJECTCONSTANTS
    # 2.3.4.2.2 PROJECTREFERENCES: REFERENCENAME + REFERENCEREGISTERED
    out += _text_rec(0x0016, 0x003E, "stdole")
    libid = STDOLE_LIBID.encode("ascii")
    out += _rec(0x000D, u32(len(libid)) + libid + u32(0) + u16(0))
    # 2.3.4.2.3 PROJECTMODULES
    out += _rec(0x000F, u16(len(modules)))
    out += _rec(0x0013, u16(0xFFFF))                   # PROJECTCOOKIE
    for m in modules:                                   # 2.3.4.2.3.2 MODULE
        out += _rec(0x0019, _mbcs(m.name, "module name"))    # MODULENAME
        out += _rec(0x0047, m.name.encode("utf-16-le"))      # MODULENAMEUNICODE
        out += _text_rec(0x001A, 0x0032, m.name)             # MODULESTREAMNAME
        out += _text_rec(0x001C, 0x0048, "")                 # MODULEDOCSTRING
        out += _rec(0x0031, u32(0))                          # MODULEOFFSET
        out += _rec(0x001E, u32(0))                          # MODULEHELPCONTEXT
        out += _rec(0x002C, u16(0xFFFF))                     # MODULECOOKIE
        out += struct.pack("<HI", 0x0022 if m.document else 0x0021, 0)  # MODULETYPE
        out += struct.pack("<HI", 0x002B, 0)                 # Terminator
    out += struct.pack("<HI", 0x0010, 0)               # dir stream Terminator
    return bytes(out)


def vba_project_bin(modules: list[VBAModule], project_name: str = "VBAProject") -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules``.

    Deterministic: the same input gives the same bytes.  Raises ValueError for
    names that are not VBA identifiers, duplicate module names, or text not
    representable in code page 1252.
    """
    modules = list(modules)
    _check_name(project_name, "project name")
    seen = set()
    for m in modules:
        _check_name(m.name, "module name")
        if m.name.lower() in seen:
            raise ValueError("duplicate module name %r" % m.name)
        seen.add(m.name.lower())
    if sum(1 for m in modules if m.document and m.is_workbook) > 1:
        raise ValueError("more than one workbook document module")
    streams = {
        "PROJECT": _mbcs(project_text(modules, project_name), "PROJECT text"),
        "PROJECTwm": _projectwm(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(_dir_stream(modules, project_name)),
    }
    for m in modules:
        if m.name.lower() in ("dir", "_vba_project"):
            raise ValueError("module name %r clashes with a VBA stream" % m.name)
        streams["VBA/" + m.name] = compress(
            _mbcs(module_text(m), "source of module %s" % m.name))
    return write_cfb(streams)
