"""What the sign-in dialog knows about a store before deciding its first page (no SQLAlchemy here:
a locked store's facts come from its key file, :meth:`fieldkit.app.LocalStore.locked_info`; an open
store's from :func:`fieldkit.services.overview.store_info`)."""

from __future__ import annotations

from dataclasses import dataclass

#: the demo accounts' known password (:mod:`fieldkit.services.demo` writes it; here so that a demo
#: sign-in can begin, and its key be unwrapped, before the models are imported)
DEMO_PASSWORD = "demo1234"


@dataclass
class StoreInfo:
    """What the sign-in dialog needs to decide between first run and offline sign-in."""

    has_credentials: bool
    is_demo: bool
    demo_login: str | None
    staff_count: int
