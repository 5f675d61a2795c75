"""The teaching workbooks: generators (:mod:`.graddesc`, :mod:`.entropy`)
built from declarative sheet definitions (:mod:`.sheetdef`), and the
Run/Reset loops (:mod:`.macros`)."""

from .graddesc import OPTIMISERS, GradDescParams, build as build_graddesc  # noqa: F401
from .macros import Runner, runner_for  # noqa: F401
