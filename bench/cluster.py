"""The cluster backend's proof: a real Sphinx cluster on loopback answers as the embedded index.

    python bench/cluster.py --corpus DIR --questions FILE --nodes 3 [--kill-one]

Writes the corpus's shards and node configs (`newsqa-bot cluster-config`: one shard per node,
each on two nodes, every node a head), indexes and starts the nodes, and asks every question
of FILE (one per line, or a dev.yaml-style YAML file) through the embedded backend and through
a bot replica on the cluster. With --kill-one, the replica's own head node is killed (SIGKILL,
by its pid) half-way through: the replica moves to another head, whose mirrors still hold
every shard. At the end a second replica, a separate `newsqa-bot ask --json` process pointed
at another head, answers every question again. Prints one JSON line per question, then a
summary line. Every process it started is stopped, whatever happens.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from types import FrameType

import yaml

from bot.answer.qa import QA
from bot.app import build_qa, load
from bot.config import Config
from bot.frontends.render import json_line, to_json
from bot.index.cluster_files import Layout, write_cluster
from bot.index.cluster_run import LocalCluster, free_base_port, searchd_version, sphinx_available
from bot.index.remote import ClusterRetrieval
from bot.index.sphinxql import SearchUnavailable

ROOT = Path(__file__).resolve().parents[1]
READY_SECONDS = 20.0


def questions_of(path: Path) -> list[str]:
    """The questions of a dev.yaml-style file, else every line of the file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        data = yaml.safe_load(text) or {}
        found = [item["q"] for item in data.get("answerable", [])]
        return found + [q if isinstance(q, str) else q["q"] for q in data.get("unanswerable", [])]
    return [line for line in text.splitlines() if line.strip()]


def cluster_config(config: Config, port: int, failover: list[str]) -> Config:
    """The config of a bot replica on the cluster: the given head first, then the others."""
    sql = replace(config.retrieval.sphinxql, port=port, failover=failover, timeout=5.0)
    return replace(config, retrieval=replace(config.retrieval, backend="sphinxql", sphinxql=sql))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # runs the finally blocks: the nodes are stopped


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--nodes", type=int, default=3)
    p.add_argument("--kill-one", action="store_true", help="kill a node half-way through")
    p.add_argument("--keep", type=Path, help="write the cluster here instead of a temp folder")
    args = p.parse_args(argv)
    why = sphinx_available()
    if why:
        print(f"bench/cluster.py: {why}", file=sys.stderr)
        return 2
    if args.nodes < 2 and args.kill_one:
        print("bench/cluster.py: --kill-one needs at least 2 nodes", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)
    questions = questions_of(args.questions)
    config = load(None)
    embedded = build_qa(config, args.corpus)
    with tempfile.TemporaryDirectory(prefix="newsqa-cluster-") as tmp:
        folder = (args.keep or Path(tmp)).resolve()
        base = free_base_port(2 * args.nodes)
        layout = Layout(("127.0.0.1",) * args.nodes, base, args.nodes, min(2, args.nodes))
        write_cluster(embedded.engine, layout, folder)
        with LocalCluster(folder) as cluster:
            cluster.index()
            cluster.start()
            heads = [f"127.0.0.1:{layout.sql_port(i)}" for i in range(args.nodes)]
            replica = build_qa(cluster_config(config, layout.sql_port(0), heads[1:]), None)
            _wait_ready(replica.cluster)
            return _run(args, questions, embedded, replica, cluster, heads, folder)


def _wait_ready(retrieval: ClusterRetrieval | None) -> None:
    """Until every shard answers (a node accepts connections before its tables are loaded)."""
    if retrieval is None:
        raise ValueError("the replica has no cluster")
    deadline = time.monotonic() + READY_SECONDS
    while True:
        try:
            retrieval.stats()
            return
        except SearchUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _run(
    args: argparse.Namespace,
    questions: list[str],
    embedded: QA,
    replica: QA,
    cluster: LocalCluster,
    heads: list[str],
    folder: Path,
) -> int:
    killed: dict[int, int] = {}
    lost = same = 0
    timings: list[float] = []
    answers: list[dict[str, object]] = []
    for i, question in enumerate(questions):
        if args.kill_one and i == len(questions) // 2:
            killed[0] = cluster.kill(0)  # the replica's own head: it must move to another
        mine = to_json(embedded.answer(question))
        started = time.perf_counter()
        theirs = to_json(replica.answer(question))
        timings.append((time.perf_counter() - started) * 1000)
        answers.append(theirs)
        lost += bool(theirs.get("unavailable"))
        same += (mine["sentence"], mine["answer"]) == (theirs["sentence"], theirs["answer"])
        print(json_line({"question": question, "embedded": mine, "cluster": theirs}), flush=True)
    agree = _second_replica(questions, answers, heads[-1], heads[:-1], folder)
    nodes = [
        {**node, "pid": cluster.procs[n].pid, "killed": n in killed}
        for n, node in enumerate(cluster.nodes)
    ]
    summary = {
        "nodes": nodes,
        "searchd_version": searchd_version(),
        "questions": len(questions),
        "failover_lost": lost,
        "same_evidence": same,
        "second_replica_same": agree,
        "p50_ms": round(percentile(timings, 0.50), 2),
        "p99_ms": round(percentile(timings, 0.99), 2),
    }
    print(json_line({"summary": summary}), flush=True)
    return 0 if lost == 0 and agree == len(questions) else 1


def _second_replica(
    questions: list[str], answers: list[dict[str, object]], head: str, more: list[str], folder: Path
) -> int:
    """How many answers a second replica, in its own process and on another head, agrees on."""
    host, port = head.rsplit(":", 1)
    conf = folder / "replica2.yaml"
    sql = {"host": host, "port": int(port), "failover": more}
    conf.write_text(
        yaml.safe_dump({"retrieval": {"backend": "sphinxql", "sphinxql": sql}}), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(conf), "ask", "--json"],
        input="".join(q.replace("\n", " ") + "\n" for q in questions),
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        print(f"bench/cluster.py: second replica failed: {done.stderr[-500:]}", file=sys.stderr)
    second = [json.loads(line) for line in done.stdout.splitlines()]
    return sum(a == b for a, b in zip(answers, second, strict=False))


if __name__ == "__main__":
    sys.exit(main())
