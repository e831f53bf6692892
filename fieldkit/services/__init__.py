"""Domain services: the only place with SQL on the client side. No Qt here."""

# every session commit on a store indexes what it wrote (in whatever process writes)
from . import search_upkeep as search_upkeep
