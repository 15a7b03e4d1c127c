"""The persisted index: round trip, stale key, damaged files, atomic writes."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.config import Config, load_config
from bot.index import segments, store
from bot.index.snapshot import Engine
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer

ROOT = Path(__file__).resolve().parents[2]

ARTICLES = {
    "a.txt": "---\ntitle: 永康举办五金博览会\nsource: 永康日报\ndate: '2016-10-01'\n---\n\n"
    "第十一届中国五金博览会昨日在永康开幕。本届博览会共有两千家企业参展。\n",
    "b.txt": "---\ntitle: 温州瓯江大桥通车\nsource: 温州日报\ndate: '2016-10-08'\n---\n\n"
    "温州瓯江大桥昨日正式通车。大桥全长1.2公里，由市交通局组织建设。\n",
    "c.txt": "---\ntitle: 杭州西湖游客\nsource: 杭州日报\ndate: '2016-10-09'\n---\n\n"
    "国庆期间西湖接待游客三百万人次。景区实行单向通行。\n",
}


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return replace(load_config(ROOT / "config.yaml", env={}), base_dir=tmp_path)


def build(config: Config, tokenizer: Tokenizer, corpus: Path) -> Engine:
    return Engine.build(config, Normalizer(), tokenizer, corpus)


def test_index_dir_is_configured_path_for_configured_corpus(
    config: Config, corpus: Path, tokenizer: Tokenizer
) -> None:
    digest = store.settings_digest(tokenizer, config)
    assert (
        store.index_dir(config, config.corpus_dir, tokenizer) == config.base_dir / ".index" / digest
    )
    assert store.index_dir(config, corpus, tokenizer) == corpus / ".index" / digest


def folder_of(config: Config, tokenizer: Tokenizer, corpus: Path) -> Path:
    return store.index_dir(config, corpus, tokenizer)


def test_round_trip_equals_fresh_build(config: Config, tokenizer: Tokenizer, corpus: Path) -> None:
    fresh = build(config, tokenizer, corpus)
    loaded = build(config, tokenizer, corpus)
    assert not fresh.loaded and loaded.loaded
    assert list(loaded.sentences) == list(fresh.sentences)
    assert list(loaded.norms) == list(fresh.norms)
    assert [d.source for d in loaded.documents] == [d.source for d in fresh.documents]
    assert [list(d.sentences) for d in loaded.documents] == [
        list(d.sentences) for d in fresh.documents
    ]
    assert loaded.doc_context == fresh.doc_context
    assert loaded.doc_title_terms == fresh.doc_title_terms
    assert np.array_equal(loaded.deictic, fresh.deictic)
    assert np.array_equal(loaded.word_kinds, fresh.word_kinds)
    assert loaded.index.vocab == fresh.index.vocab
    for name in ("ids", "shape", "offsets"):
        assert np.array_equal(
            getattr(loaded.index.postings, name), getattr(fresh.index.postings, name)
        )
    assert loaded.index.posting_weights().tobytes() == fresh.index.posting_weights().tobytes()
    assert loaded.index.search([["博览会"], ["永康"]], 5) == fresh.index.search(
        [["博览会"], ["永康"]], 5
    )


@pytest.mark.parametrize("change", ["edit", "add", "delete"])
def test_changed_corpus_is_updated(
    config: Config, tokenizer: Tokenizer, corpus: Path, change: str
) -> None:
    build(config, tokenizer, corpus)
    if change == "edit":
        (corpus / "a.txt").write_text(ARTICLES["a.txt"].replace("两千", "三千"), encoding="utf-8")
    elif change == "add":
        (corpus / "d.txt").write_text(ARTICLES["c.txt"].replace("西湖", "千岛湖"), encoding="utf-8")
    else:
        (corpus / "c.txt").unlink()
    engine = build(config, tokenizer, corpus)
    assert engine.loaded  # the saved index, updated: not rebuilt
    texts = "".join(engine.sentences[i].text for i in range(len(engine.sentences)))
    assert ("三千" in texts) == (change == "edit")
    assert ("千岛湖" in texts) == (change == "add")
    assert ("西湖" in texts) == (change != "delete")
    again = build(config, tokenizer, corpus)
    assert again.loaded and list(again.sentences) == list(engine.sentences)


def age(corpus: Path, seconds: float) -> None:
    """Date every article back, as files that have sat in the corpus for a while."""
    then = time.time() - seconds
    for path in corpus.glob("*.txt"):
        os.utime(path, (then, then))


def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The article files an update reads from now on."""
    read: list[Path] = []
    real = segments.analyse_files

    def spy(paths: list[Path], *args: object) -> object:
        read.extend(paths)
        return real(paths, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(segments, "analyse_files", spy)
    return read


def test_untouched_articles_are_not_read_to_check_the_index(
    config: Config, tokenizer: Tokenizer, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(corpus, 3600)
    build(config, tokenizer, corpus)
    read = reads(monkeypatch)
    assert build(config, tokenizer, corpus).loaded
    assert read == []


def test_touched_but_unchanged_articles_keep_the_index(
    config: Config, tokenizer: Tokenizer, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(corpus, 3600)
    fresh = build(config, tokenizer, corpus)
    age(corpus, 60)  # a copy or checkout: new times, the same bytes
    read = reads(monkeypatch)
    engine = build(config, tokenizer, corpus)
    assert engine.loaded and len(read) == len(ARTICLES)  # read to compare, nothing changed
    assert list(engine.sentences) == list(fresh.sentences)
    # The new times are remembered: the next start trusts them without reading the bytes.
    read.clear()
    assert build(config, tokenizer, corpus).loaded and read == []


def test_an_edit_that_keeps_size_and_time_is_still_seen_while_recent(
    config: Config, tokenizer: Tokenizer, corpus: Path
) -> None:
    build(config, tokenizer, corpus)
    path = corpus / "a.txt"
    st = os.stat(path)
    path.write_text(ARTICLES["a.txt"].replace("两千", "三千"), encoding="utf-8")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    stamps = {name: stamp for name, _, stamp in store.file_stamps(corpus)}
    assert stamps["a.txt"] is None  # too recent to trust
    engine = build(config, tokenizer, corpus)
    assert "三千" in "".join(s.text for s in engine.sentences)


def test_other_tokenizer_settings_make_the_index_stale(
    config: Config, tokenizer: Tokenizer, corpus: Path, tmp_path: Path
) -> None:
    build(config, tokenizer, corpus)
    user_dict = tmp_path / "words.txt"
    user_dict.write_text("瓯江大桥 100 ns\n", encoding="utf-8")
    other = Tokenizer(user_dict)
    engine = build(config, other, corpus)
    assert not engine.loaded and "瓯江大桥" in engine.index.vocab


@pytest.mark.parametrize("part", ["base.bin", "base.json", "segment.bin", "index.json"])
@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_damaged_file_is_detected_and_rebuilt(
    config: Config,
    tokenizer: Tokenizer,
    corpus: Path,
    part: str,
    damage: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    build(config, tokenizer, corpus)
    (corpus / "c.txt").unlink()  # a segment beside the base
    fresh = build(config, tokenizer, corpus)
    folder = folder_of(config, tokenizer, corpus)
    stem, suffix = part.split(".")
    [path] = folder.glob(f"{stem}*.{suffix}" if stem != "segment" else f"seg_*.{suffix}")
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2] ^= 0x5A
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.INFO, logger="bot.index"):
        engine = build(config, tokenizer, corpus)
    assert not engine.loaded
    assert list(engine.sentences) == list(fresh.sentences)
    assert caplog.records  # said why it rebuilt
    assert build(config, tokenizer, corpus).loaded  # and the rebuild was saved whole


def test_crash_mid_write_keeps_the_old_index(
    config: Config, tokenizer: Tokenizer, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(config, tokenizer, corpus)
    folder = folder_of(config, tokenizer, corpus)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    (corpus / "d.txt").write_text(ARTICLES["c.txt"].replace("西湖", "千岛湖"), encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(os, "fsync", crash)  # the segment is written, not yet renamed
        engine = build(config, tokenizer, corpus)
    assert "千岛湖" in "".join(s.text for s in engine.sentences)  # served all the same
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no temp files left
    again = build(config, tokenizer, corpus)  # the next start does the update again
    assert again.loaded and list(again.sentences) == list(engine.sentences)


def test_save_failure_still_serves(
    config: Config, tokenizer: Tokenizer, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / ".index").write_text("a file where the folder should be", encoding="utf-8")
    engine = build(config, tokenizer, corpus)
    assert len(engine.sentences) > 0 and not engine.loaded
    assert os.path.isfile(corpus / ".index")


# --- leftovers and neighbours ------------------------------------------------------------


def test_two_configs_on_one_corpus_keep_their_own_index(
    config: Config, tokenizer: Tokenizer, corpus: Path
) -> None:
    other = replace(config, retrieval=replace(config.retrieval, k1=1.2))
    assert not build(config, tokenizer, corpus).loaded
    assert not build(other, tokenizer, corpus).loaded
    assert build(config, tokenizer, corpus).loaded  # not rebuilt over by the other config
    assert build(other, tokenizer, corpus).loaded


def test_temporary_files_of_a_killed_save_are_removed(
    config: Config, tokenizer: Tokenizer, corpus: Path
) -> None:
    import subprocess
    import sys

    build(config, tokenizer, corpus)
    folder = folder_of(config, tokenizer, corpus)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    left = folder / f".base_000001.bin.{dead}.tmp"
    left.write_bytes(b"\0" * 4096)  # what SIGKILL mid-save leaves behind
    busy = folder / ".base_000001.json.1.tmp"  # pid 1 is alive: its save may be running
    busy.write_bytes(b"{}")
    assert build(config, tokenizer, corpus).loaded
    assert not left.exists() and busy.exists()


def test_index_folders_no_config_used_for_a_week_are_removed(
    config: Config, tokenizer: Tokenizer, corpus: Path
) -> None:
    base = corpus / ".index"
    stale, recent = base / ("0" * 16), base / ("1" * 16)
    for folder in (stale, recent):
        folder.mkdir(parents=True)
        (folder / store.MANIFEST).write_text("{}")
    week_ago = time.time() - 8 * 86400
    os.utime(stale / store.MANIFEST, (week_ago, week_ago))
    (base / store.ARRAYS).write_bytes(b"from the flat layout of earlier versions")
    build(config, tokenizer, corpus)
    assert not stale.exists() and recent.exists()
    assert not (base / store.ARRAYS).exists()
