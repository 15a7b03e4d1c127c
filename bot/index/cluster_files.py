"""Write what a Sphinx/Manticore cluster needs to serve an engine: shards and node configs.

Each article goes whole to one shard (article i to shard i mod S); shard s lives on nodes
s, s+1, … s+C-1 (mod N) for C copies. Every node is a head: its distributed table reads the
shards it holds locally and asks, for each other shard, any node that holds a copy (mirrors).
Each shard's rows are one sentence each:

- field `words`: the sentence's terms as tokens (bot.index.sphinxql.token), what BM25 scores;
- field `dockey`: its article's key (`d12`), how a question fetches whole articles;
- attributes `doc`, `paragraph`, `position`, `headline`, `deictic`, and `data`: JSON with the
  text, its normalised form and its terms, plus the article's metadata on its first sentence.

Each shard also holds one statistics row (dockey `zstats`) with the whole corpus's sentence
count, total length, idf floor and places: what a bot replica needs to score like the
embedded index, without any corpus-sized state of its own.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape

import numpy as np

from bot.index.bm25 import terms_by_id
from bot.index.postings import EPSILON
from bot.index.snapshot import Engine
from bot.index.sphinxql import STATS_KEY, doc_key, token

STATS_ID = 1 << 62  # document ids of the statistics rows: far above any sentence id
# Characters JSON leaves alone that XML 1.0 forbids.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_SCHEMA = """<?xml version="1.0" encoding="utf-8"?>
<sphinx:docset>
<sphinx:schema>
<sphinx:field name="words"/>
<sphinx:field name="dockey"/>
<sphinx:attr name="doc" type="int" bits="32"/>
<sphinx:attr name="paragraph" type="int" bits="32"/>
<sphinx:attr name="position" type="int" bits="32"/>
<sphinx:attr name="headline" type="bool"/>
<sphinx:attr name="deictic" type="bool"/>
<sphinx:attr name="data" type="string"/>
</sphinx:schema>
"""


@dataclass(frozen=True)
class Layout:
    """Where the shards live: N nodes (host, SphinxQL port, API port), S shards, C copies."""

    hosts: tuple[str, ...]
    base_port: int
    shards: int
    copies: int
    table: str = "newsqa"

    def __post_init__(self) -> None:
        if not self.hosts:
            raise ValueError("at least one node is needed")
        if self.shards < 1 or not 1 <= self.copies <= len(self.hosts):
            raise ValueError("shards must be at least 1, copies between 1 and the node count")
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", self.table):
            raise ValueError("the table name must be lower-case letters, digits and _")
        if not 1 <= self.base_port <= 65535 - 2 * len(self.hosts):
            raise ValueError("the base port leaves no room for the nodes' ports")

    @property
    def nodes(self) -> int:
        return len(self.hosts)

    def sql_port(self, node: int) -> int:
        return self.base_port + 2 * node

    def api_port(self, node: int) -> int:
        return self.base_port + 2 * node + 1

    def holders(self, shard: int) -> list[int]:
        """The nodes holding a copy of the shard."""
        return [(shard + j) % self.nodes for j in range(self.copies)]

    def shard_name(self, shard: int) -> str:
        return f"{self.table}_s{shard}"

    def to_dict(self) -> dict[str, object]:
        return {
            "table": self.table,
            "shards": self.shards,
            "copies": self.copies,
            "nodes": [
                {
                    "host": host,
                    "sql_port": self.sql_port(i),
                    "api_port": self.api_port(i),
                    "shards": [s for s in range(self.shards) if i in self.holders(s)],
                }
                for i, host in enumerate(self.hosts)
            ],
        }


def write_cluster(engine: Engine, layout: Layout, out: Path) -> list[Path]:
    """Write every shard's source and every node's config under `out`; the node configs."""
    out = out.resolve()
    (out / "shards").mkdir(parents=True, exist_ok=True)
    stats = corpus_stats(engine, layout.shards)
    for s in range(layout.shards):
        path = out / "shards" / f"{layout.shard_name(s)}.xml"
        tmp = path.with_suffix(".xml.tmp")
        with tmp.open("w", encoding="utf-8") as f:
            write_shard(engine, layout, s, stats, f)
        tmp.replace(path)  # indexer never reads half a file
    configs = []
    for node in range(layout.nodes):
        folder = out / f"node{node}"
        (folder / "index").mkdir(parents=True, exist_ok=True)
        conf = folder / "sphinx.conf"
        conf.write_text(node_config(layout, node, out), encoding="utf-8")
        configs.append(conf)
    (out / "layout.json").write_text(
        json.dumps(layout.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return configs


def write_shard(
    engine: Engine, layout: Layout, shard: int, stats: dict[str, object], f: TextIO
) -> None:
    """One shard's xmlpipe2 document set."""
    f.write(_SCHEMA)
    f.writelines(_rows(engine, layout.shards, shard))
    f.write(
        f'<sphinx:document id="{STATS_ID + shard}"><words></words>'
        f"<dockey>{STATS_KEY}</dockey><doc>0</doc><paragraph>0</paragraph><position>0</position>"
        f"<headline>0</headline><deictic>0</deictic><data>{_json(stats)}</data>"
        "</sphinx:document>\n"
    )
    f.write("</sphinx:docset>\n")


def corpus_stats(engine: Engine, shards: int) -> dict[str, object]:
    """What every replica needs to score like the embedded index: the corpus's BM25 counts."""
    index = engine.index
    n = index.size
    df = np.diff(index.postings.offsets).tolist()
    # okapi_idf's floor for negative idf, from the same sum in the same order.
    total = 0.0
    for f in df:
        total += math.log(n - f + 0.5) - math.log(f + 0.5)
    eps = EPSILON * (total / len(df)) if df else 0.0
    places = sorted({d.source.place for d in engine.documents if d.source.place})
    return {
        "sentences": n,
        "length": int(index.sent_offsets[-1]),
        "eps": eps,
        "articles": len(engine.documents),
        "shards": shards,
        "places": places,
    }


def _rows(engine: Engine, shards: int, shard: int) -> Iterator[str]:
    """The xmlpipe2 document of every sentence of the shard's articles."""
    words = terms_by_id(engine.index.vocab)
    tokens: dict[int, str] = {}
    table = engine.sentences
    for doc in range(shard, len(engine.documents), shards):
        document = engine.documents[doc]
        start = int(np.searchsorted(table.doc, doc))
        source = document.source
        for i in range(len(document.sentences)):
            sid = start + i
            tids = engine.index.sentence_terms(sid).tolist()
            for t in tids:
                if t not in tokens:
                    tokens[t] = token(words[t])
            text, norm = table.texts[sid], engine.norms[sid]
            data: dict[str, object] = {"t": text, "w": [words[t] for t in tids]}
            if norm != text:
                data["n"] = norm
            if i == 0:
                data["a"] = {
                    "title": source.title,
                    "paper": source.paper,
                    "date": source.date,
                    "path": source.path,
                    "place": source.place,
                    "url": source.url,
                    "digest": document.digest,
                    "count": len(document.sentences),
                    "context": sorted(engine.doc_context[doc]),
                    "titles": sorted(engine.doc_title_terms[doc]),
                }
            yield (
                f'<sphinx:document id="{sid + 1}">'
                f"<words>{' '.join(tokens[t] for t in tids)}</words>"
                f"<dockey>{doc_key(doc)}</dockey><doc>{doc}</doc>"
                f"<paragraph>{int(table.paragraph[sid])}</paragraph><position>{i}</position>"
                f"<headline>{int(bool(table.headline[sid]))}</headline>"
                f"<deictic>{int(bool(engine.deictic[sid]))}</deictic>"
                f"<data>{_json(data)}</data></sphinx:document>\n"
            )


def _json(value: object) -> str:
    """JSON safe inside an XML element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return escape(text)


def node_config(layout: Layout, node: int, out: Path) -> str:
    """One node's config for `indexer` and `searchd`: its shards, the distributed table, and
    the daemon (its ports, pid file, logs, no binlog: plain tables are rebuilt, not logged)."""
    folder = out / f"node{node}"
    parts = []
    held = [s for s in range(layout.shards) if node in layout.holders(s)]
    for s in held:
        name = layout.shard_name(s)
        source = shlex.quote(str(out / "shards" / f"{name}.xml"))
        parts.append(
            f"source {name}_src\n{{\n    type = xmlpipe2\n    xmlpipe_command = cat {source}\n}}\n"
        )
        parts.append(
            f"index {name}\n{{\n    source = {name}_src\n    path = {folder / 'index' / name}\n"
            "    docinfo = extern\n    charset_table = 0..9, a..z\n    min_word_len = 1\n"
            "    index_field_lengths = 1\n}\n"
        )
    lines = [f"    local = {layout.shard_name(s)}" for s in held]
    for s in range(layout.shards):
        if s in held:
            continue
        mirrors = "|".join(f"{layout.hosts[h]}:{layout.api_port(h)}" for h in layout.holders(s))
        lines.append(f"    agent = {mirrors}:{layout.shard_name(s)}")
    parts.append(
        f"index {layout.table}\n{{\n    type = distributed\n" + "\n".join(lines) + "\n"
        "    ha_strategy = nodeads\n    agent_connect_timeout = 500\n"
        "    agent_query_timeout = 5000\n}\n"
    )
    host = layout.hosts[node]
    parts.append(
        "indexer\n{\n    mem_limit = 256M\n}\n"
        f"searchd\n{{\n    listen = {host}:{layout.sql_port(node)}:mysql41\n"
        f"    listen = {host}:{layout.api_port(node)}\n"
        f"    log = {folder / 'searchd.log'}\n    query_log = {folder / 'query.log'}\n"
        f"    pid_file = {folder / 'searchd.pid'}\n    binlog_path =\n"
        "    workers = threads\n    read_timeout = 5\n    client_timeout = 300\n"
        "    max_children = 64\n    seamless_rotate = 1\n    ha_ping_interval = 500\n}\n"
    )
    return "\n".join(parts)
