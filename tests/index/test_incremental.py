"""Incremental updates: random adds, edits and deletes answer exactly as a full rebuild."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import numpy as np
import pytest

from bot.answer.qa import QA
from bot.config import Config
from bot.index import segments, store
from bot.index.bm25 import Index, terms_by_id
from bot.index.snapshot import Engine
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer

# Words drawn into sentences; the first ones are drawn often, so some terms are in more
# than half the sentences and get rank-bm25's negative-idf floor (a mean in first-use order).
WORDS = (
    "记者 今天 温州 杭州 永康 博览会 大桥 通车 游客 企业 政府 市民 学校 医院 公司 "
    "发布 建设 举办 开幕 接待 投资 增长 下降 项目 工程 公里 万元 亿元 人次 活动"
).split()
PLACES = ("温州", "杭州", "永康", "宁波")
QUESTIONS = [
    "博览会在哪里举办？",
    "大桥什么时候通车？",
    "杭州接待了多少游客？",
    "温州日报报道了什么项目？",
    "政府投资了多少亿元？",
    "学校建设工程有多少公里？",
    "谁发布了增长数据？",
    "永康企业今天举办什么活动？",
]


def sentence(rng: random.Random) -> str:
    n = rng.randint(3, 9)
    words = [WORDS[min(int(rng.expovariate(0.25)), len(WORDS) - 1)] for _ in range(n)]
    number = f"{rng.randint(1, 99)}" if rng.random() < 0.3 else ""
    return "".join(words[: n // 2]) + number + "，" + "".join(words[n // 2 :]) + "。"


def article(rng: random.Random, common: list[str]) -> str:
    place = rng.choice(PLACES)
    lines = []
    for _ in range(rng.randint(1, 3)):
        # Shared sentences make equal scores, which only path order can break the same way.
        para = [rng.choice(common) if rng.random() < 0.2 else sentence(rng) for _ in range(4)]
        lines.append("".join(para))
    title = "".join(rng.sample(WORDS, 3))
    date = f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return f"---\ntitle: {title}\nsource: {place}日报\ndate: '{date}'\n---\n\n" + "\n\n".join(lines)


@pytest.fixture(scope="module")
def tools() -> tuple[Normalizer, Tokenizer]:
    return Normalizer(), Tokenizer()


def write(path: Path, text: str, tick: list[int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    tick[0] += 1  # an old, distinct time: trusted by its stamp, as files that sat a while
    then = time.time() - 10_000 + tick[0]
    os.utime(path, (then, then))


def answers(engine: Engine, config: Config, tools: tuple[Normalizer, Tokenizer]) -> list[object]:
    qa = QA(
        engine,
        normalizer=tools[0],
        tokenizer=tools[1],
        retrieval=config.retrieval,
        answer_config=config.answer,
    )
    return [qa.answer(q, explain=True) for q in QUESTIONS]


def same_index(a: Engine, b: Engine) -> None:
    """The same sentences, articles and, per term, the same postings and weights."""
    assert list(a.sentences) == list(b.sentences)
    assert list(a.norms) == list(b.norms)
    assert [(d.source, d.digest) for d in a.documents] == [
        (d.source, d.digest) for d in b.documents
    ]
    assert a.doc_context == b.doc_context and a.doc_title_terms == b.doc_title_terms
    assert np.array_equal(a.deictic, b.deictic)
    assert set(a.index.vocab) == set(b.index.vocab)
    pa, pb = a.index.postings, b.index.postings
    for term, ta in a.index.vocab.items():
        tb = b.index.vocab[term]
        sa, sb = (
            slice(pa.offsets[ta], pa.offsets[ta + 1]),
            slice(pb.offsets[tb], pb.offsets[tb + 1]),
        )
        assert np.array_equal(pa.ids[sa], pb.ids[sb]), term
        assert a.index.weights_of(ta).tobytes() == b.index.weights_of(tb).tobytes(), term
        assert a.index.idf[ta] == b.index.idf[tb], term
        assert a.word_kinds[ta] == b.word_kinds[tb], term
    wa = terms_by_id(a.index.vocab, len(a.index.idf))
    wb = terms_by_id(b.index.vocab, len(b.index.idf))
    for i in range(len(a.sentences)):
        terms = [wa[t] for t in a.index.sentence_terms(i).tolist()]
        assert terms == [wb[t] for t in b.index.sentence_terms(i).tolist()]


@pytest.mark.parametrize("seed", range(3))
def test_random_changes_answer_as_a_full_rebuild(
    tmp_path: Path,
    tools: tuple[Normalizer, Tokenizer],
    seed: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(segments, "MAX_SEGMENTS", 3)  # merges happen within the run
    monkeypatch.setattr(segments, "MERGE_SHARE", 0.5)  # small corpora: segments stay too
    # Search prunes with MaxScore (seeds and bounds carried through updates), not only
    # scores every posting as it would on corpora this small.
    monkeypatch.setattr(Index, "dense_below", 0)
    rng = random.Random(seed)
    corpus = tmp_path / "news"
    config = Config(base_dir=tmp_path)
    common = [sentence(rng) for _ in range(4)]
    tick = [0]
    names: list[str] = []
    for i in range(8):
        names.append(f"{rng.choice('bdfh')}/{i:03d}.txt")
        write(corpus / names[-1], article(rng, common), tick)
    engine = Engine.build(config, *tools, corpus)
    assert not engine.loaded
    for step in range(10):
        action = rng.choice(["add", "add", "edit", "delete", "copy", "title", "several"])
        for _ in range(3 if action == "several" else 1):
            kind = action if action != "several" else rng.choice(["add", "edit", "delete"])
            if kind in ("delete", "edit", "copy", "title") and len(names) < 3:
                kind = "add"
            if kind == "add":  # names sort anywhere among the old ones
                names.append(f"{rng.choice('abcdefgh')}/{rng.randint(0, 999):03d}x{step}.txt")
                write(corpus / names[-1], article(rng, common), tick)
            elif kind == "edit":
                write(corpus / rng.choice(names), article(rng, common), tick)
            elif kind == "title":  # same text, other front matter
                path = corpus / rng.choice(names)
                text = path.read_text(encoding="utf-8")
                write(path, text.replace("title: ", "title: 新"), tick)
            elif kind == "copy":  # the same article under a second name, maybe sorting first
                source = corpus / rng.choice(names)
                names.append(f"{rng.choice('ab')}/{rng.randint(0, 999):03d}c{step}.txt")
                write(corpus / names[-1], source.read_text(encoding="utf-8"), tick)
            else:
                victim = names.pop(rng.randrange(len(names)))
                (corpus / victim).unlink()
        # A running bot updates the engine it serves; `index` writes a segment without
        # reading the saved index, and the next start reads base and segments.
        if rng.random() < 0.3:
            Engine.refresh(config, *tools, corpus)
        engine = Engine.build(config, *tools, corpus, current=engine)
        full = Engine.index_corpus(config, *tools, corpus, workers=1)
        same_index(engine, full)
        assert answers(engine, config, tools) == answers(full, config, tools)
        if step % 3 == 2:
            restarted = Engine.build(config, *tools, corpus)
            assert restarted.loaded
            same_index(restarted, full)
            engine = restarted
    folder = store.index_dir(config, corpus, tools[1])
    parts = {p.stem for p in folder.iterdir() if p.suffix == ".bin"}
    assert len(parts) <= segments.MAX_SEGMENTS + 2  # merged, and nothing left unnamed


def test_an_unchanged_corpus_analyses_nothing(
    tmp_path: Path, tools: tuple[Normalizer, Tokenizer], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(7)
    corpus = tmp_path / "news"
    config = Config(base_dir=tmp_path)
    tick = [0]
    for i in range(5):
        write(corpus / f"{i}.txt", article(rng, [sentence(rng)]), tick)
    Engine.build(config, *tools, corpus)
    write(corpus / "2.txt", article(rng, [sentence(rng)]), tick)
    read: list[object] = []
    real = segments.analyse_files
    monkeypatch.setattr(
        segments, "analyse_files", lambda paths, *a: read.extend(paths) or real(paths, *a)
    )
    engine = Engine.build(config, *tools, corpus)
    assert read == [corpus / "2.txt"] and engine.loaded
    read.clear()
    assert Engine.build(config, *tools, corpus).loaded and read == []


def test_deleting_every_article_is_a_clear_error(
    tmp_path: Path, tools: tuple[Normalizer, Tokenizer]
) -> None:
    from bot.corpus.article import CorpusError

    corpus = tmp_path / "news"
    config = Config(base_dir=tmp_path)
    write(corpus / "a.txt", article(random.Random(1), [sentence(random.Random(2))]), [0])
    engine = Engine.build(config, *tools, corpus)
    (corpus / "a.txt").unlink()
    with pytest.raises(CorpusError, match="no articles"):
        Engine.build(config, *tools, corpus, current=engine)
    with pytest.raises(CorpusError, match="no articles"):  # `index`, and nothing committed
        Engine.refresh(config, *tools, corpus)
    write(corpus / "b.txt", article(random.Random(3), [sentence(random.Random(4))]), [5])
    assert len(Engine.build(config, *tools, corpus).documents) == 1
