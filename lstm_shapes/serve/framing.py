"""The wire, written once: one JSON document per line, on a socket or a pipe.

Every side of the server (client, daemon, worker) frames its messages here, so a change
of framing is one change.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator, Mapping
from typing import Any

# Largest request or reply line the other side reads, in bytes.
MAX_REQUEST = 1 << 20
MAX_REPLY = 256 << 20


def encode(message: Mapping[str, Any]) -> bytes:
    """One message as its line: compact JSON and a newline."""
    return json.dumps(message, separators=(",", ":")).encode() + b"\n"


def decode(line: bytes) -> Any:
    """One line back into its document (ValueError when it is not JSON)."""
    return json.loads(line)


class Splitter:
    """Bytes in as they arrive, whole lines out; more than `limit` bytes without a newline is refused."""

    def __init__(self, limit: int = MAX_REPLY) -> None:
        self.limit = limit
        self.buffer = b""

    def feed(self, chunk: bytes) -> None:
        self.buffer += chunk
        if b"\n" not in self.buffer and len(self.buffer) > self.limit:
            raise ValueError("message too large")

    def has_line(self) -> bool:
        return b"\n" in self.buffer

    def line(self) -> bytes:
        """The next whole line, without its newline (call has_line first)."""
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line


def send_line(sock: socket.socket, message: Mapping[str, Any]) -> None:
    sock.sendall(encode(message))


def lines(sock: socket.socket, limit: int = MAX_REPLY) -> Iterator[dict[str, Any]]:
    """The JSON documents the other side sends, until it closes."""
    splitter = Splitter(limit)
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            return
        splitter.feed(chunk)
        while splitter.has_line():
            yield decode(splitter.line())


def first_line(sock: socket.socket, limit: int = MAX_REQUEST) -> bytes:
    """The first line the other side sends (a request); ValueError when it is larger than `limit`,
    EOFError when the other side closes before its newline."""
    splitter = Splitter(limit)
    while not splitter.has_line():
        chunk = sock.recv(1 << 16)
        if not chunk:
            raise EOFError
        splitter.feed(chunk)
        if len(splitter.buffer) > limit:
            raise ValueError("message too large")
    return splitter.line()
