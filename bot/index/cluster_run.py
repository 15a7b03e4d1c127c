"""Run a cluster written by cluster_files on this machine: index, start, kill and stop its nodes.

For the benchmark (bench/cluster.py) and the tests: every node is a `searchd --nodetach`
child in its own process group, so stopping it stops everything it started.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

START_SECONDS = 20.0  # a node that does not accept connections by then failed to start


def sphinx_available() -> str | None:
    """Why a local cluster cannot run here (searchd or indexer missing), or None."""
    missing = [tool for tool in ("searchd", "indexer") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not installed (apt-get install sphinxsearch)"
    return None


def searchd_version() -> str:
    """The first line searchd prints about itself, e.g. 'Sphinx 2.2.11-id64-release (95ae9a6)'."""
    done = subprocess.run(["searchd", "--help"], capture_output=True, text=True, check=False)
    lines = (done.stdout or done.stderr).splitlines()
    return lines[0].strip() if lines else "unknown"


def free_base_port(count: int, host: str = "127.0.0.1") -> int:
    """A port p such that p .. p+count-1 are all free now."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind((host, 0))
            base = probe.getsockname()[1]
        if base + count >= 65535:
            continue
        if all(_free(host, p) for p in range(base, base + count)):
            return base
    raise OSError("no run of free ports found")


def _free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


class LocalCluster:
    """The nodes of a cluster folder, run as child processes; a context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.layout = json.loads((folder / "layout.json").read_text(encoding="utf-8"))
        self.procs: dict[int, subprocess.Popen[bytes]] = {}

    @property
    def nodes(self) -> list[dict[str, object]]:
        return list(self.layout["nodes"])

    def config(self, node: int) -> Path:
        return self.folder / f"node{node}" / "sphinx.conf"

    def index(self, rotate: bool = False) -> None:
        """Build every node's shards with indexer (`--rotate` while the nodes serve)."""
        for node in range(len(self.nodes)):
            command = ["indexer", "--config", str(self.config(node)), "--all", "--quiet"]
            done = subprocess.run(
                [*command, "--rotate"] if rotate else command, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise RuntimeError(f"indexer failed for node {node}: {done.stdout[-500:]}")

    def start(self) -> None:
        """Start every node and wait until each accepts SphinxQL connections."""
        for node in range(len(self.nodes)):
            log = (self.folder / f"node{node}" / "stdout.log").open("wb")
            self.procs[node] = subprocess.Popen(
                ["searchd", "--config", str(self.config(node)), "--nodetach"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends all of it
            )
            log.close()
        deadline = time.monotonic() + START_SECONDS
        for node, info in enumerate(self.nodes):
            address = (str(info["host"]), int(str(info["sql_port"])))
            while not _accepts(address):
                if self.procs[node].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"node {node} did not start; see {self.folder}/node{node}")
                time.sleep(0.02)

    def kill(self, node: int) -> int:
        """Kill one node at once (SIGKILL, as a crash); its pid."""
        proc = self.procs[node]
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return proc.pid

    def stop(self) -> None:
        """Stop every node still running, whatever state it is in.

        SIGKILL, not a polite SIGTERM (which takes searchd seconds): plain tables are
        read-only files, there is no binlog, so nothing is lost.
        """
        for node in self.procs:
            self.kill(node)

    def __enter__(self) -> LocalCluster:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _accepts(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=0.2):
            return True
    except OSError:
        return False
