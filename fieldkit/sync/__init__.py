"""The sync between a device and the zone's server: :mod:`.protocol` holds the wire schemas both
sides share (no SQL, no Qt); the client engine comes in a later issue."""
