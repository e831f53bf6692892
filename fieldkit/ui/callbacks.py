"""Runner callbacks that hold their widget weakly.

``TaskRunner`` itself releases every job and callback on the GUI thread and drops the result of a
job whose widget was destroyed meanwhile. ``weak(self, fn)`` adds one thing on top: a pending
callback does not keep a closed view alive until its job ends — ``fn(view, *args)`` runs only
while the view still exists. Jobs (the functions that run on the pool) should capture plain values.
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
