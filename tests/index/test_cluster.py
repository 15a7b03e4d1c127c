"""The sphinxql backend on a real three-node Sphinx cluster on loopback (skipped without one)."""

from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import Config
from bot.frontends.render import to_json, to_text
from bot.index import sphinxql
from bot.index.cluster_files import Layout, write_cluster
from bot.index.cluster_run import LocalCluster, free_base_port, sphinx_available
from bot.index.remote import ClusterRetrieval
from bot.index.sphinxql import SearchUnavailable
from bot.model import UNAVAILABLE

ROOT = Path(__file__).resolve().parents[2]
NODES = 3
MISSING = sphinx_available() or (
    None if importlib.util.find_spec("pymysql") else "PyMySQL not installed (the cluster extra)"
)
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"no Sphinx cluster here: {MISSING}")


def _questions() -> list[str]:
    data = yaml.safe_load((ROOT / "tests/data/heldout.yaml").read_text(encoding="utf-8"))
    return [item["q"] for item in data["answerable"]] + list(data.get("unanswerable", []))


def _replica(config: Config, port: int, failover: list[str]) -> QA:
    sql = replace(config.retrieval.sphinxql, port=port, failover=failover, timeout=2.0)
    retrieval = replace(config.retrieval, backend="sphinxql", sphinxql=sql)
    return build_qa(replace(config, retrieval=retrieval), None)


@pytest.fixture(scope="module")
def cluster(qa: QA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """Three nodes, three shards of the bundled corpus, each shard on two nodes."""
    folder = tmp_path_factory.mktemp("cluster")
    layout = Layout(("127.0.0.1",) * NODES, free_base_port(2 * NODES), NODES, 2)
    write_cluster(qa.engine, layout, folder)
    with LocalCluster(folder) as running:
        running.index()
        running.start()
        yield running


def _port(cluster: LocalCluster, node: int) -> int:
    return int(str(cluster.nodes[node]["sql_port"]))


@pytest.fixture(scope="module")
def replica(cluster: LocalCluster, qa: QA) -> QA:
    """A bot replica on node 0, with nodes 1 and 2 as further heads."""
    others = [f"127.0.0.1:{_port(cluster, n)}" for n in (1, 2)]
    bot = _replica(Config(), _port(cluster, 0), others)
    assert bot.cluster is not None
    deadline = time.monotonic() + 10
    while True:  # a node accepts connections a moment before its tables are loaded
        try:
            bot.cluster.stats()
            break
        except SearchUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return bot


def test_the_cluster_answers_as_the_embedded_index(qa: QA, replica: QA) -> None:
    for question in _questions():
        mine = to_json(qa.answer(question, explain=True), explain=True)
        theirs = to_json(replica.answer(question, explain=True), explain=True)
        # Everything, BM25 scores and the explained ranking included.
        assert json.dumps(theirs, ensure_ascii=False) == json.dumps(mine, ensure_ascii=False)


# Questions whose words jieba glues where the articles cut them (bot/answer/recut.py):
# re-cut against the whole corpus's words, however few articles a question fetches.
GLUED = ["奔赴各治堵重是什么", "往直前冲刺是什么", "街开到方岩是什么", "多盆菊花迎风是什么"]


def test_a_glued_question_is_re_cut_as_the_embedded_index_does(qa: QA, replica: QA) -> None:
    assert any(qa.ranked(q).question.terms != qa.analysed(q).terms for q in GLUED)
    for question in GLUED:
        mine = to_json(qa.answer(question, explain=True), explain=True)
        theirs = to_json(replica.answer(question, explain=True), explain=True)
        assert json.dumps(theirs, ensure_ascii=False) == json.dumps(mine, ensure_ascii=False)


def test_statistics_are_the_whole_corpus(qa: QA, replica: QA) -> None:
    assert replica.cluster is not None
    stats = replica.cluster.stats()
    assert stats.sentences == len(qa.engine.sentences)
    assert stats.articles == len(qa.engine.documents)
    assert stats.places == frozenset(qa.places())
    assert replica.places() == stats.places


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry at once: these tests see a failure that lasts, not a node's death mid-question."""
    monkeypatch.setattr(sphinxql, "RETRY_PAUSE", 0.001)


@pytest.mark.usefixtures("quick_retries")
def test_a_cluster_that_is_down_gives_a_refusal_saying_so(replica: QA) -> None:
    nobody = free_base_port(1)  # no node listens there
    client = sphinxql.Client([sphinxql.Head("127.0.0.1", nobody)], "newsqa", 1.0)
    assert replica.cluster is not None
    retrieval = ClusterRetrieval(client, replica.tokenizer, 1.5, 0.75)
    bot = QA(
        retrieval.empty(),
        normalizer=replica.normalizer,
        tokenizer=replica.tokenizer,
        retrieval=replica.retrieval,
        answer_config=replica.answer_config,
        ranker=replica.ranker,
        cluster=retrieval,
    )
    answer = bot.answer("研讨班有多少名学员")
    assert answer.abstained and answer.reason == UNAVAILABLE
    assert to_json(answer)["unavailable"] is True
    assert "检索服务暂时不可用" in to_text(answer)
    assert bot.places() == frozenset()


def test_a_dead_node_loses_no_question(qa: QA, replica: QA, cluster: LocalCluster) -> None:
    """Node 0 is the replica's head and holds two of the three shards: it dies, the replica
    moves to node 1, whose mirrors on node 2 hold what node 0 held."""
    cluster.kill(0)
    for question in _questions()[:8]:
        theirs = replica.answer(question)
        assert theirs.reason != UNAVAILABLE
        assert to_json(theirs) == to_json(qa.answer(question))


@pytest.mark.usefixtures("quick_retries")
def test_a_shard_with_every_copy_down_is_refused_not_half_answered(
    replica: QA, cluster: LocalCluster
) -> None:
    """With nodes 0 and 1 dead, shard 1 (on nodes 1 and 2)… is still on node 2; shard 0
    (nodes 0 and 1) is gone: node 2 answers from two shards of three, which must not pass.
    Both are killed here: with --dist worksteal the test that kills node 0 may run in another
    worker, with its own cluster."""
    cluster.kill(0)
    cluster.kill(1)
    answer = replica.answer("研讨班有多少名学员")
    assert answer.abstained and answer.reason == UNAVAILABLE
