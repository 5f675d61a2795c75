"""ANCHORARRAY is not drawn by the fuzzer."""

EXCLUDED = {"ANCHORARRAY": "LibreOffice 7.4 has no spill references (_xlfn.ANCHORARRAY is "
                           "#NAME? there); tests/test_spill.py checks it against files"}


def table(g) -> dict:
    return {}
