"""Host names that mean this machine: the dashboard answers to them only, unless remote access was allowed."""

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
