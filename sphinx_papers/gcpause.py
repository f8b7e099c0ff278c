"""Keeping Python's cyclic garbage collector off the many long-lived records a big listing makes.

Reading 10,000 papers makes about a million long-lived, acyclic objects
(records, tuples, strings).  Each time allocations pass the collector's
threshold it walks all of them again: a fifth of a conversion, and about 40%
of reading 5,000 papers inside a Sphinx build (measured; see
benchmarks/README.md).  Both the command line and the Sphinx extension use
these helpers.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

#: whether :func:`freeze` froze the collector's view (process-wide, as the collector is)
_frozen = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block without the cyclic garbage collector, then restore its previous state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze() -> None:
    """Exempt everything alive now from garbage collection (a Sphinx build's catalogue, say).

    The catalogue lives as long as the build, but every full collection
    would walk its ~300,000 objects again (~0.1 s per 5,000 papers per build).
    :func:`unfreeze` (at ``build-finished``) puts them back, so that a
    long-lived process (tests, sphinx-autobuild) still collects whatever
    becomes garbage later.
    """
    global _frozen  # mirrors the interpreter-wide collector state
    gc.freeze()
    _frozen = True


def unfreeze(*_args: object) -> None:
    """Undo :func:`freeze` (a ``build-finished`` handler; nothing to do if it did not run)."""
    global _frozen
    if _frozen:
        gc.unfreeze()
        _frozen = False
