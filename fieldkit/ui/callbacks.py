"""Runner callbacks that hold their widget weakly.

``TaskRunner`` keeps each job's callbacks in signal connections and in the job; Qt may release
those from the worker thread that finished the job. A closure that captured ``self`` could then
drop the last reference to a widget that is already closed, and the widget would be destroyed on
a worker thread (a crash). So a view passes ``weak(self, fn)`` instead: ``fn(view, *args)`` runs
only while the view still exists, and releasing the callback never releases the view.
Jobs themselves (the functions that run on the pool) must capture plain values only.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from shiboken6 import isValid

T = TypeVar("T")


def weak(obj: T, fn: Callable[..., Any]) -> Callable[..., None]:
    """A callback calling ``fn(obj, *args)`` while ``obj`` lives; ``fn`` must not capture ``obj``."""
    ref = weakref.ref(obj)

    def call(*args: Any) -> None:
        target = ref()
        if target is not None and isValid(target):
            fn(target, *args)

    return call
