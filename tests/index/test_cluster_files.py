"""What cluster-config writes, and the engine a replica builds from it (no Sphinx needed)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from bot.answer.qa import QA
from bot.index.bm25 import terms_by_id
from bot.index.cluster_files import Layout, corpus_stats, node_config, write_shard
from bot.index.remote import ClusterRetrieval, ClusterStats
from bot.index.sphinxql import Client, Head, token

NS = "http://sphinxsearch.com/"  # Sphinx reads the prefix undeclared; ElementTree needs it
COLUMNS = ("doc", "paragraph", "position", "headline", "deictic", "data")


def test_every_shard_has_two_copies_and_any_node_may_die() -> None:
    layout = Layout(("127.0.0.1",) * 3, 9306, 3, 2)
    for dead in range(3):
        assert all(set(layout.holders(s)) - {dead} for s in range(3))
    conf = node_config(layout, 0, Path("/srv/c"))
    assert "local = newsqa_s0" in conf and "local = newsqa_s2" in conf
    assert "agent = 127.0.0.1:9309|127.0.0.1:9311:newsqa_s1" in conf
    assert "listen = 127.0.0.1:9306:mysql41" in conf
    with pytest.raises(ValueError):
        Layout(("a", "b"), 9306, 2, 3)  # three copies on two nodes


def test_tokens_are_letters_and_digits_whatever_the_term() -> None:
    for term in ("永康", "gdp", "3.5%", "a b", "𠮷野家"):
        assert token(term).isalnum() and token(term).islower() and len(token(term)) == 14
    assert token("永康") != token("永康市")


def _rows(qa: QA, layout: Layout) -> list[tuple[object, ...]]:
    """Every shard's sentence rows as the cluster returns them, in id order."""
    stats = corpus_stats(qa.engine, layout.shards)
    rows = []
    for shard in range(layout.shards):
        out = io.StringIO()
        write_shard(qa.engine, layout, shard, stats, out)
        text = out.getvalue().replace("<sphinx:docset>", f'<sphinx:docset xmlns:sphinx="{NS}">')
        for doc in ET.fromstring(text).iter(f"{{{NS}}}document"):
            values = {child.tag: child.text or "" for child in doc}
            if values["dockey"] != "zstats":
                row = (int(doc.attrib["id"]), *(values[c] for c in COLUMNS[:-1]))
                rows.append((*(int(v) for v in row), values["data"]))
    return sorted(rows)


def test_the_whole_corpus_rebuilt_from_its_rows_scores_as_the_embedded_index(qa: QA) -> None:
    layout = Layout(("127.0.0.1",) * 2, 9306, 2, 1)
    stats = corpus_stats(qa.engine, 2)
    index = qa.engine.index
    words = terms_by_id(index.vocab)
    df = dict(zip(words, np.diff(index.postings.offsets).tolist(), strict=True))
    cluster = ClusterStats(
        int(str(stats["sentences"])),
        int(str(stats["length"])),
        float(str(stats["eps"])),
        int(str(stats["articles"])),
        2,
        frozenset(),
    )
    client = Client([Head("127.0.0.1", 9)], "newsqa", 1.0)  # never asked
    engine = ClusterRetrieval(client, qa.tokenizer, index.k1, index.b).build(
        _rows(qa, layout), df, cluster
    )
    assert [s.text for s in engine.sentences] == [s.text for s in qa.engine.sentences]
    assert list(engine.norms) == list(qa.engine.norms)
    assert engine.index.vocab == index.vocab
    assert np.array_equal(engine.index.idf, index.idf)  # bit for bit, the floor included
    assert engine.index.posting_weights().tobytes() == index.posting_weights().tobytes()
    assert engine.index.max_idf == index.max_idf
    assert np.array_equal(engine.word_kinds, qa.engine.word_kinds)
    assert engine.doc_context == qa.engine.doc_context
    assert [d.source for d in engine.documents] == [d.source for d in qa.engine.documents]
    assert json.loads(json.dumps(stats))["articles"] == len(qa.engine.documents)
