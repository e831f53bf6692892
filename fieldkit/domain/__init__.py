"""Pure domain rules: lifecycle tables and legal paths, the record content hash, credit-code and
phone checks.

Nothing here touches a database, Qt or the rest of fieldkit, so the services use these rules
today and the central server and the sync engine can import them later without the client.
"""
