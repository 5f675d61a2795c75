"""Functions that need a live connection Excel has and sheetgd never opens.

CUBEKPIMEMBER, CUBEMEMBER, CUBEMEMBERPROPERTY, CUBERANKEDMEMBER, CUBESET,
CUBESETCOUNT and CUBEVALUE ask an OLAP server (or the workbook's data
model) through one of the workbook's connections; RTD asks a COM server
running on the user's machine; STOCKHISTORY asks Microsoft's financial
data service, IMAGE and WEBSERVICE a web server.  sheetgd opens none of
these, and never touches the network.

As with references into other workbooks (:mod:`sheetgd.engine.external`),
a workbook read from a file keeps what Excel last fetched: a formula cell
that calls one of them evaluates to the value the file cached for it (the
whole cell: a call's own value inside a larger formula is not saved), a
constant to recalculation that is never fetched again
(:mod:`sheetgd.engine.connected`; a dynamic array, as STOCKHISTORY's, keeps
its saved spill range).  ``sheetgd eval`` counts those cells apart.

A formula without a cached value (entered with ``Workbook.set``, or saved
without one) gives the error Excel shows when the connection fails:

- CUBE functions: #NAME? ("If the OLAP server is not running, not
  available, or returns an error message, CUBEVALUE returns a #NAME? error
  value", Microsoft's CUBEVALUE, CUBEMEMBER, CUBEMEMBERPROPERTY ... pages);
- RTD: #N/A (Microsoft's RTD page: "If you haven't installed a real-time
  data server, the RTD function returns the #N/A error message");
- WEBSERVICE: #VALUE! ("If arguments are unable to return the data,
  WEBSERVICE returns a #VALUE! error", Microsoft's WEBSERVICE page);
- STOCKHISTORY and IMAGE: #CONNECT! (Excel's error for a service it cannot
  reach: the Office JavaScript API's ``ConnectErrorCellValueSubType``
  lists ``ServiceError`` and ``ImageUnableToRetrieve`` among its causes).

An error among the arguments comes first, as in any function.  The
arities are Microsoft's syntax lines; a wrong count is #VALUE! as for
every sheetgd function (Excel refuses to enter the formula).
"""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from .base import RAW, function, many, opt


def _failed(make, what: str):
    """The implementation of a function whose connection cannot be made."""
    def impl(*args):
        for a in args:
            if isinstance(a, XLError):
                return a
        return make(f"{what} (sheetgd opens no connection; a file's cached value is kept)")
    return impl


def _declare(name: str, params, make, what: str, xlfn: bool = False):
    impl = _failed(make, what)
    impl.__doc__ = f"{name}: {what}; without a cached value, {make('').kind} (see the module docstring)."
    function(name, *params, xlfn=xlfn, connection=True)(impl)


_CUBE = "needs the workbook's connection to an OLAP cube"
_declare("CUBEKPIMEMBER", (RAW, RAW, RAW, opt(RAW)), errors.NAME, _CUBE)
_declare("CUBEMEMBER", (RAW, RAW, opt(RAW)), errors.NAME, _CUBE)
_declare("CUBEMEMBERPROPERTY", (RAW, RAW, RAW), errors.NAME, _CUBE)
_declare("CUBERANKEDMEMBER", (RAW, RAW, RAW, opt(RAW)), errors.NAME, _CUBE)
_declare("CUBESET", (RAW, RAW, opt(RAW), opt(RAW), opt(RAW)), errors.NAME, _CUBE)
_declare("CUBESETCOUNT", (RAW,), errors.NAME, _CUBE)
_declare("CUBEVALUE", (RAW, many(RAW)), errors.NAME, _CUBE)
_declare("RTD", (RAW, RAW, RAW, many(RAW)), errors.NA, "needs a real-time data (COM) server")
_declare("WEBSERVICE", (RAW,), errors.VALUE, "needs the network", xlfn=True)
_declare("STOCKHISTORY", (RAW, RAW) + (opt(RAW),) * 9, errors.CONNECT,
         "needs Microsoft's financial data service", xlfn=True)
_declare("IMAGE", (RAW, opt(RAW), opt(RAW), opt(RAW), opt(RAW)), errors.CONNECT,
         "needs the network", xlfn=True)
