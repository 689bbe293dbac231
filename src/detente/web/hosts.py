"""Host names that mean this machine: the dashboard binds to and answers for them only, unless remote access was
allowed. One rule for both, so an address `detente serve` accepts to bind is one whose requests it accepts."""

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, IPv6 with or without brackets, no port) is one of ``LOOPBACK``."""
    return host.strip("[]") in LOOPBACK


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without its port: ``127.0.0.1:8000`` -> ``127.0.0.1``, ``[::1]:80`` -> ``::1``."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0]
