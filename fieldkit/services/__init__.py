"""Domain services: the only place with SQL on the client side. No Qt here."""
