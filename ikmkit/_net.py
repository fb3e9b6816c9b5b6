"""Local TCP ports for the servers ikmkit starts (the dashboard, a batch's JupyterHub).

>>> port = free_port()
>>> 1024 <= port <= 65535 and port_free(port, "127.0.0.1")
True
"""

from __future__ import annotations

import socket

__all__ = ["free_port", "port_free"]


def port_free(port: int, host: str = "0.0.0.0") -> bool:
    """Whether ``port`` can be bound on ``host`` now (as tornado binds: address reuse on)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
