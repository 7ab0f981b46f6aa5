"""Pure functions that remember their last few results, by the content of their arguments.

After a save only one kind of record changed: a check-in leaves every exercise frame as it was,
a session leaves every pain frame. A function of those frames decorated with `by_content` finds
its earlier result when its arguments hold the same content (not merely the same objects) and
returns a copy of it, so nothing a caller does to the copy reaches what is kept. What it returns
is what the function returns: a test checks each decorated function against its undecorated
self (`__wrapped__`).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

KEPT = 16
"""Results each function keeps: one per range Trends may show (five), the windows My programme,
Home and the summary ask of the same functions, and the newest before a save beside each."""


_afresh = threading.local()


@contextlib.contextmanager
def worked_out_afresh() -> Iterator[None]:
    """Inside the block (in this thread) nothing kept is read, added or replaced: every result
    is worked out from its inputs. For tests that hold what is kept across saves to a full
    recomputation without losing what was kept."""
    before = getattr(_afresh, "on", False)
    _afresh.on = True
    try:
        yield
    finally:
        _afresh.on = before


def working_afresh() -> bool:
    """Whether this thread is inside `worked_out_afresh`."""
    return getattr(_afresh, "on", False)


def content_key(value: Any) -> str:
    """A digest of `value`'s content: its pickle, without the memo, so equal text pickles alike
    whether or not it is the same object."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.blake2b(buffer.getvalue(), digest_size=16).hexdigest()


def _copy(result: Any) -> Any:
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.copy()
    if isinstance(result, list | dict):
        return copy.copy(result)
    return result  # frozen values and tuples of them


def by_content(function: F | None = None, *, kept: int = KEPT) -> Any:
    """`function`, remembering its last `kept` results by the content of its arguments
    (`@by_content`, or `@by_content(kept=1)` for a large result shared by calls close together)."""
    if function is None:
        return functools.partial(by_content, kept=kept)
    return _remembering(function, Kept(kept))


def _remembering(function: F, kept: Kept) -> F:

    @functools.wraps(function)
    def remembered(*args: Any, **kwargs: Any) -> Any:
        key = content_key((args, sorted(kwargs.items())))
        return kept.get(key, lambda: function(*args, **kwargs))

    remembered.forget = kept.forget  # type: ignore[attr-defined]
    return remembered  # type: ignore[return-value]


class Kept:
    """The last KEPT results of one computation, by a key its caller builds.

    For a result whose inputs are cheaper to name than to hash: the digest of the rows it was
    worked out from (`db.Stored`) and its small arguments. The key must name everything the
    result depends on. Returns a copy, as `by_content` does.
    """

    def __init__(self, kept: int = KEPT) -> None:
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._most = kept
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept under `key`, or `compute()` kept under it."""
        if working_afresh():
            return compute()
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return _copy(self._kept[key])
        result = compute()
        with self._lock:
            self._kept[key] = result
            while len(self._kept) > self._most:
                self._kept.popitem(last=False)
        return _copy(result)

    def get_current(self, key: Hashable, version: Hashable, compute: Callable[[], T]) -> T:
        """The result kept under `key` if it was worked out at `version`, else `compute()`
        kept under `key` in its place: one result per key, the newest (for a result whose
        inputs carry a version, such as the revisions of the tables it was read from)."""
        if working_afresh():
            return compute()
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] == version:
                self._kept.move_to_end(key)
                return _copy(found[1])
        result = compute()
        with self._lock:
            self._kept[key] = (version, result)
            self._kept.move_to_end(key)
            while len(self._kept) > self._most:
                self._kept.popitem(last=False)
        return _copy(result)

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()
