"""The saved index as a base and segments, brought up to date without analysing old articles.

The index folder holds a *base* (the whole engine's arrays, as a full build saves them),
zero or more *segments* (the analysis of articles added or changed since: their sentences,
norms, per-article terms and flags; kilobytes per article) and the manifest `index.json`,
the commit point: it names the base and the live segments with their SHA-256, and records
every article file's name, stamp (size and modification time) and text digest as of the
last update. Every part is written under a new name before the manifest that names it
replaces the old one, so a crash at any point leaves the last commit whole.

An update stats every file, analyses only those whose stamp changed, and replays the "same
text under two names counts once" rule over all files' digests. Its new and changed
articles become a segment and the manifest names the articles now served, by file name with
a fingerprint of each (`plan_change`, `commit`): `index` does only that, without reading
the base. Whoever then serves (a start, `ask`, a running bot updating the engine it serves)
asks bot.index.update for the engine: old articles stay as they were analysed, removed
ones go, new ones come in at their place in path order, and every BM25 statistic is
recomputed globally, so answers equal a full rebuild's. A start applies all segments in one
update. When segments pile up (MAX_SEGMENTS, or more than MERGE_SHARE of the sentences)
they are merged into a new base: the whole engine is saved again, no article analysed.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from bot.config import Config
from bot.corpus.article import CorpusError
from bot.index import store, update
from bot.index.build import Article, analyse_files
from bot.index.changes import Change, kept, plan_change
from bot.index.segment import read_segment, shape, write_segment
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer

logger = logging.getLogger(__name__)

MAX_SEGMENTS = 10  # more segments than this are merged into a new base
# ...as are segments holding more than this share of all sentences: a start pays for each
# segment's sentences (reading and placing them) every time, a merge once (one base
# written, ~5 s at 1M sentences), so a large change is merged at once and only small ones
# pile up (a start with ten single-article segments costs well under a second more).
MERGE_SHARE = 0.02
Stamps = list[tuple[str, str, str | None]]  # (name, path, stamp) of every file: file_stamps


@dataclass
class Catalog:
    """What a served engine was made from: its index folder and manifest."""

    folder: Path
    manifest: dict[str, Any]
    check: str = ""  # the SHA-256 the manifest file carries (store.manifest_check)

    @property
    def names(self) -> list[str]:
        """The file name (in the corpus) of each of the engine's documents."""
        return list(self.manifest["names"])

    def merge_due(self) -> bool:
        """Whether the segments should be merged into a new base."""
        m = self.manifest
        return len(m["segments"]) > MAX_SEGMENTS or (
            bool(m["segments"]) and m["segment_sentences"] > MERGE_SHARE * sum(m["counts"])
        )


class Served(update.Engine, Protocol):
    """The engine as this module handles it (bot.index.snapshot.Engine)."""

    build_seconds: float
    loaded: bool
    files: list[tuple[Path, str | None]]
    catalog: Catalog | None

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]: ...


E = TypeVar("E", bound=Served)


@dataclass
class Makers:
    """How to make engines of the caller's class: fully, from saved arrays, from parts."""

    full: Callable[[], Any]
    restore: Callable[[dict[str, Any], dict[str, Any]], Any]
    assemble: Callable[[update.Parts], Any]
    normalizer: Normalizer
    tokenizer: Tokenizer
    max_chars: int


def saved_manifest(folder: Path, key: str) -> dict[str, Any] | None:
    manifest = store.read_manifest(folder)
    if manifest is not None and manifest.get("key") != key:
        logger.info("saved index in %s is stale (settings or code changed)", folder)
        return None
    return manifest


def open_engine(
    folder: Path,
    corpus_dir: Path,
    config: Config,
    make: Makers,
    current: E | None = None,
    merge: bool = True,
) -> E:
    """The engine of the corpus as it is now, from `current` (a running bot's), else the
    saved index, else a full build; the saved index is brought up to date on the way."""
    key = store.settings_key(make.tokenizer, config)
    stamps = store.file_stamps(corpus_dir)  # before any article is read
    engine = current
    if engine is not None:
        cat = engine.catalog
        if cat is None or not cat.check or manifest_check(folder) != cat.check:
            engine = None  # saved by someone else since: start from what is saved
    if engine is None:
        manifest = saved_manifest(folder, key)
        engine = _load(folder, manifest, make) if manifest is not None else None
    if engine is None:
        return _full(folder, key, stamps, corpus_dir, make)
    engine = _update(engine, stamps, corpus_dir, make)
    if merge and engine.catalog is not None and engine.catalog.merge_due():
        merge_segments(engine)
    return engine


def refresh(
    folder: Path, corpus_dir: Path, config: Config, make: Makers
) -> tuple[dict[str, Any], bool] | None:
    """Bring the saved index up to date without reading it: the new articles are written as
    a segment, the manifest names the articles now served. None when there is no usable
    saved index (or merging is due): the caller opens the engine instead."""
    key = store.settings_key(make.tokenizer, config)
    stamps = store.file_stamps(corpus_dir)
    manifest = saved_manifest(folder, key)
    if manifest is None or not all(
        (folder / f"{part['name']}.bin").is_file()
        for part in [manifest["base"], *manifest["segments"]]
    ):
        return None
    change = plan_change(manifest, stamps, lambda paths: _analyse(paths, corpus_dir, make))
    if change is not None and not change.names:  # as a full build would say
        raise CorpusError(f"no articles (.txt, .md, .html) left in {corpus_dir}")
    if change is not None:
        manifest = commit(folder, manifest, change)[0]
    if Catalog(folder, manifest).merge_due():
        return None
    return manifest, change is not None and not change.only_stamps(manifest)


def _full(folder: Path, key: str, stamps: Stamps, corpus_dir: Path, make: Makers) -> Any:
    engine = make.full()
    skip = len(str(corpus_dir)) + 1
    digests = {str(path)[skip:]: digest for path, digest in engine.files}
    names = kept(digests, digests.values())
    table = engine.sentences
    shapes, counts = [], []
    for doc in engine.documents:
        lo, hi = doc.sentences.start, doc.sentences.stop
        shapes.append(shape(doc.source, doc.digest, table.paragraph[lo:hi], table.headline[lo:hi]))
        counts.append(hi - lo)
    manifest = {
        "key": key,
        "generation": 0,
        "segments": [],
        "files": [[name, stamp, digests.get(name)] for name, _, stamp in stamps],
        "names": names,
        "shapes": shapes,
        "counts": counts,
        "segment_sentences": 0,
    }
    engine.catalog = Catalog(folder, manifest)
    try:
        merge_segments(engine)
    except (OSError, ValueError) as exc:  # serve anyway; the next start builds again
        logger.warning("cannot save the index in %s: %s", folder, exc)
        engine.catalog = None
    return engine


def merge_segments(engine: Served) -> None:
    """Save the whole engine as the new base: the segments are merged away."""
    cat = engine.catalog
    if cat is None:
        raise ValueError("engine has no catalog")
    started = time.perf_counter()
    gen = int(cat.manifest["generation"]) + 1
    name = f"base_{gen:06d}"
    sums = store.write_part(cat.folder, name, *engine.to_arrays())
    manifest = {
        **cat.manifest,
        "generation": gen,
        "base": {"name": name, "sha256": sums, "names": cat.names},
        "segments": [],
        "segment_sentences": 0,
    }
    check = store.write_manifest(cat.folder, manifest)
    store.remove_unnamed(cat.folder, {name})
    engine.catalog = Catalog(cat.folder, manifest, check)
    logger.info("index saved whole (%s) in %.2fs", name, time.perf_counter() - started)


def _load(folder: Path, manifest: dict[str, Any], make: Makers) -> Any:
    """The saved engine with its segments applied; None (logged why) when it cannot serve."""
    try:
        base = manifest["base"]
        engine = store.read_part(folder, base["name"], base["sha256"], make.restore)
        if len(base["names"]) != len(engine.documents):
            raise ValueError("article names and articles disagree")
        added: dict[str, Article] = {}
        for seg in manifest["segments"]:
            added.update(read_segment(folder, seg["name"], seg["sha256"]))
        if manifest["segments"]:  # a segment may only remove articles: apply it anyway
            where = {n: i for i, n in enumerate(base["names"])}
            plan: list[int | Article] = [
                added[n] if n in added else where[n] for n in manifest["names"]
            ]
            engine = make.assemble(update.apply(engine, plan, make.normalizer, make.tokenizer))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        logger.warning("saved index in %s cannot be read (%s); rebuilding", folder, exc)
        return None
    engine.catalog = Catalog(folder, manifest, manifest_check(folder) or "")
    engine.loaded = True
    return engine


def commit(folder: Path, manifest: dict[str, Any], change: Change) -> tuple[dict[str, Any], str]:
    """Save a change: its new articles as a segment, then the manifest naming it (returned,
    with its SHA-256)."""
    out = {**manifest, "files": change.files}
    if change.only_stamps(manifest):
        return out, store.write_manifest(folder, out)  # new stamps: not read again next time
    gen = int(manifest["generation"]) + 1
    name = f"seg_{gen:06d}"
    sums = write_segment(folder, name, change.new)
    out.update(
        generation=gen,
        segments=[*manifest["segments"], {"name": name, "sha256": sums}],
        names=change.names,
        shapes=change.shapes,
        counts=change.counts,
        segment_sentences=manifest["segment_sentences"] + sum(len(a.texts) for _, a in change.new),
    )
    check = store.write_manifest(folder, out)
    store.remove_unnamed(folder, {out["base"]["name"], *(s["name"] for s in out["segments"])})
    logger.info(
        "index updated: %d articles analysed, %d served (%s)",
        len(change.new),
        len(change.names),
        name,
    )
    return out, check


def _update(engine: E, stamps: Stamps, root: Path, make: Makers) -> E:
    """The engine with the files changed since its catalog applied, and the change saved."""
    cat = engine.catalog
    assert cat is not None
    started = time.perf_counter()
    change = plan_change(cat.manifest, stamps, lambda paths: _analyse(paths, root, make))
    if change is None:
        return engine
    if change.only_stamps(cat.manifest):
        try:
            cat.manifest, cat.check = commit(cat.folder, cat.manifest, change)
        except OSError as exc:
            logger.warning("cannot save the index in %s: %s", cat.folder, exc)
        return engine
    where = {n: i for i, n in enumerate(cat.names)}
    plan = [where[p] if isinstance(p, str) else p for p in change.plan]
    out: E = make.assemble(update.apply(engine, plan, make.normalizer, make.tokenizer))
    try:
        out.catalog = Catalog(cat.folder, *commit(cat.folder, cat.manifest, change))
    except (OSError, ValueError) as exc:  # serve anyway; the next update starts from disk
        logger.warning("cannot save the index in %s: %s", cat.folder, exc)
        out.catalog = None
    out.build_seconds = time.perf_counter() - started
    out.loaded = engine.loaded  # an update of a saved index is still a loaded one
    return out


def _analyse(paths: Sequence[Path], root: Path, make: Makers) -> list[Article | None]:
    return analyse_files(paths, root, make.max_chars, make.normalizer, make.tokenizer)


def manifest_check(folder: Path) -> str | None:
    """The SHA-256 the manifest carries, read from its end (its keys are sorted: "sha256"
    comes last) without parsing the rest: whether it is still the one a running bot
    committed, for the price of a stat and a small read, not of a 5 MB parse."""
    try:
        with open(folder / store.MANIFEST, "rb") as f:
            f.seek(max(0, os.fstat(f.fileno()).st_size - 100))
            tail = f.read()
    except OSError:
        return None
    found = re.search(rb'"sha256": "([0-9a-f]{64})"}$', tail)
    return found.group(1).decode() if found else None
