"""Functions needing a live connection (sheetgd/engine/functions/connections.py)
are not drawn by the fuzzer: LibreOffice would try to connect (WEBSERVICE
fetches its URL: the fuzzer never touches the network) or lacks them, and a
fresh call's value is only the error of a failed connection.
tests/test_connections.py checks them against files."""

_CUBE = ("{} needs a connection to an OLAP cube, which neither LibreOffice nor the fuzzer "
         "opens (a fresh call is only the failed connection's error); "
         "tests/test_connections.py checks it")
EXCLUDED = {
    **{name: _CUBE.format(name) for name in (
        "CUBEKPIMEMBER", "CUBEMEMBER", "CUBEMEMBERPROPERTY", "CUBERANKEDMEMBER", "CUBESET",
        "CUBESETCOUNT", "CUBEVALUE")},
    "RTD": "needs a COM real-time data server, which LibreOffice on Linux does not have; "
           "tests/test_connections.py checks it",
    "WEBSERVICE": "LibreOffice would fetch the URL from the network, which the fuzzer never "
                  "touches; tests/test_connections.py checks it",
    "STOCKHISTORY": "LibreOffice 7.4 has no STOCKHISTORY (#NAME? there), and it needs "
                    "Microsoft's service; tests/test_connections.py checks it",
    "IMAGE": "LibreOffice 7.4 has no IMAGE (#NAME? there), and it needs the network; "
             "tests/test_connections.py checks it",
}


def table(g) -> dict:
    return {}
