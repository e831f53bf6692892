"""The sync between a device and the zone's server.

:mod:`.protocol` holds the wire schemas both sides share (no SQL, no Qt); :mod:`.client` the HTTP
calls (retries, time-outs, headers); :mod:`.account` the connection settings kept in the store;
:mod:`.engine` push / upload / pull / check with progress and cancel; :mod:`.errors` what can go
wrong; :mod:`.cli` the ``fieldkit sync`` command."""
