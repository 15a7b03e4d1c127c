"""The cluster backend's config section (retrieval.sphinxql), and the config error type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TABLE = re.compile(r"[a-z][a-z0-9_]{0,40}")
HEAD = re.compile(r"(?P<host>[^\s:/]+):(?P<port>\d{1,5})")


class ConfigError(Exception):
    """A configuration problem, worded for the user: file, key and what was expected."""


def require(ok: bool, key: str, expected: str) -> None:
    """Raise a ConfigError naming the key unless `ok`."""
    if not ok:
        raise ConfigError(f"'{key}' must be {expected}")


@dataclass(frozen=True)
class SphinxqlConfig:
    """A Sphinx/Manticore cluster's head node (SphinxQL), and more heads to try when it is down."""

    host: str = "127.0.0.1"
    port: int = 9306
    table: str = "newsqa"
    timeout: float = 5.0  # seconds for connecting and for each query
    failover: list[str] = field(default_factory=list)  # more heads, "host:port"

    def check(self) -> None:
        key = "retrieval.sphinxql."
        require(bool(re.fullmatch(r"[^\s:/]+", self.host)), key + "host", "a host name or address")
        require(0 < self.port < 65536, key + "port", "a port in 1..65535")
        require(bool(TABLE.fullmatch(self.table)), key + "table", "letters, digits or _")
        require(0 < self.timeout <= 600, key + "timeout", "seconds in (0, 600]")
        require(
            all((m := HEAD.fullmatch(h)) and 0 < int(m["port"]) < 65536 for h in self.failover),
            key + "failover",
            'a list of "host:port" strings',
        )

    def heads(self) -> list[tuple[str, int]]:
        """The head nodes to try, in order."""
        more = [(m["host"], int(m["port"])) for h in self.failover if (m := HEAD.fullmatch(h))]
        return [(self.host, self.port), *more]
