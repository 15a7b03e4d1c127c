"""The saved index as a base and segments, brought up to date without analysing old articles.

The index folder holds a *base* (the whole engine's arrays, as a full build saves them),
zero or more *segments* (the analysis of articles added or changed since: their sentences,
norms, per-article terms and flags; kilobytes per article) and the manifest `index.json`,
the commit point: it names the base and the live segments with their SHA-256, and records
every article file's name, stamp (size and modification time) and text digest as of the
last update. Every part is written under a new name before the manifest that names it
replaces the old one, so a crash at any point leaves the last commit whole.

An update (a start, `index`, or a running bot's reload) stats every file, analyses only
those whose stamp changed, replays the "same text under two names counts once" rule over
all files' digests, and asks bot.index.update for the new engine: old articles stay as they
were analysed, removed ones go, new ones come in at their place in path order, and every
BM25 statistic is recomputed globally, so answers equal a full rebuild's. The new
articles become a segment. A start applies the base's segments in one update. When
segments pile up (MAX_SEGMENTS, or more than MERGE_SHARE of the sentences) they are merged
into a new base: the whole engine is saved again (no article is analysed again).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from bot.config import Config
from bot.index import store, update
from bot.index.build import Article, analyse_files
from bot.index.segment import read_segment, write_segment
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer

logger = logging.getLogger(__name__)

MAX_SEGMENTS = 10  # more segments than this are merged into a new base
MERGE_SHARE = 0.25  # as are segments holding more than this share of all sentences
Stamps = list[tuple[str, Path, str | None]]  # (name, path, stamp) of every file: file_stamps


@dataclass
class Catalog:
    """What a served engine was made from: its index folder, manifest and article names."""

    folder: Path
    manifest: dict[str, Any]
    names: list[str]  # the file name (in the corpus) of each of the engine's documents
    segment_sentences: int = 0  # sentences the live segments hold

    def merge_due(self, sentences: int) -> bool:
        """Whether the segments should be merged into a new base (of `sentences` in all)."""
        segments = self.manifest["segments"]
        return len(segments) > MAX_SEGMENTS or (
            bool(segments) and self.segment_sentences > MERGE_SHARE * sentences
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
    stats: dict[str, float] = field(default_factory=dict)


def kept(names: Iterable[str], digests: Iterable[str | None]) -> list[str]:
    """The files a full build indexes: those with sentences, a text seen once (first name)."""
    seen: set[str] = set()
    out = []
    for name, digest in zip(names, digests, strict=True):
        if digest is not None and digest not in seen:
            seen.add(digest)
            out.append(name)
    return out


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
        on_disk = store.read_manifest(folder)
        if (
            cat is None
            or on_disk is None
            or on_disk.get("generation") != cat.manifest.get("generation")
        ):
            engine = None  # saved by someone else since: start from what is saved
    if engine is None:
        engine = _load(folder, key, make)
    if engine is None:
        return _full(folder, key, stamps, corpus_dir, make)
    engine = _update(engine, stamps, corpus_dir, make)
    if merge and engine.catalog is not None and engine.catalog.merge_due(len(engine.sentences)):
        merge_segments(engine)
    return engine


def _full(
    folder: Path,
    key: str,
    stamps: Stamps,
    corpus_dir: Path,
    make: Makers,
) -> Any:
    engine = make.full()
    skip = len(str(corpus_dir)) + 1
    digests = {str(path)[skip:]: digest for path, digest in engine.files}
    names = kept(digests, digests.values())
    files = [[name, stamp, digests.get(name)] for name, _, stamp in stamps]
    manifest = {"key": key, "generation": 0, "segments": [], "files": files}
    engine.catalog = Catalog(folder, manifest, names)
    try:
        merge_segments(engine)
    except (OSError, ValueError) as exc:  # serve anyway; the next start builds again
        logger.warning("cannot save the index in %s: %s", folder, exc)
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
        "names": cat.names,
    }
    store.write_manifest(cat.folder, manifest)
    store.remove_unnamed(cat.folder, {name})
    engine.catalog = Catalog(cat.folder, manifest, cat.names)
    logger.info("index saved whole (%s) in %.2fs", name, time.perf_counter() - started)


def _load(folder: Path, key: str, make: Makers) -> Any:
    """The saved engine with its segments applied; None (logged why) when it cannot serve."""
    manifest = store.read_manifest(folder)
    if manifest is None:
        return None
    if manifest.get("key") != key:
        logger.info("saved index in %s is stale (settings or code changed)", folder)
        return None
    try:
        base = manifest["base"]
        meta, arrays = store.read_part(folder, base["name"], base["sha256"])
        engine = make.restore(meta, arrays)
        names = list(base["names"])
        if len(names) != len(engine.documents):
            raise ValueError("article names and articles disagree")
        added: dict[str, Article] = {}
        for seg in manifest["segments"]:
            added.update(read_segment(folder, seg["name"], seg["sha256"]))
        cat = Catalog(folder, manifest, names)
        if manifest["segments"]:  # a segment may only remove articles: apply it anyway
            where = {n: i for i, n in enumerate(names)}
            names = list(manifest["names"])
            plan: list[int | Article] = [added[n] if n in added else where[n] for n in names]
            engine = make.assemble(update.apply(engine, plan, make.normalizer, make.tokenizer))
            cat = Catalog(folder, manifest, names, sum(len(a.texts) for a in added.values()))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        logger.warning("saved index in %s cannot be read (%s); rebuilding", folder, exc)
        return None
    engine.catalog = cat
    engine.loaded = True
    return engine


def _unchanged(art: Article, engine: Served, i: int) -> bool:
    doc = engine.documents[i]
    if art.digest != doc.digest or art.source != doc.source:
        return False
    view = doc.sentences
    lo, hi = view.start, view.stop  # type: ignore[attr-defined]
    table = engine.sentences
    return bool(
        np.array_equal(table.paragraph[lo:hi], art.paragraphs)
        and np.array_equal(table.headline[lo:hi], art.headlines)
    )


def _update(engine: E, stamps: Stamps, root: Path, make: Makers) -> E:
    """The engine with the files changed since its catalog applied, and the change saved."""
    cat = engine.catalog
    assert cat is not None
    before = {f[0]: (f[1], f[2]) for f in cat.manifest["files"]}
    changed = [
        (name, path)
        for name, path, stamp in stamps
        if stamp is None or name not in before or before[name][0] != stamp
    ]
    files = [[name, stamp, before.get(name, (None, None))[1]] for name, _, stamp in stamps]
    if not changed and len(files) == len(before):
        return engine
    started = time.perf_counter()
    fresh = dict(
        zip(
            [n for n, _ in changed],
            _analyse([p for _, p in changed], root, make),
            strict=True,
        )
    )
    digest_of = {n: (a.digest if a is not None else None) for n, a in fresh.items()}
    for f in files:
        if f[0] in digest_of:
            f[2] = digest_of[f[0]]
    names = kept([f[0] for f in files], [f[2] for f in files])
    where = {n: i for i, n in enumerate(cat.names)}
    late = [n for n in names if n not in fresh and n not in where]  # a copy now kept
    paths = {n: p for n, p, _ in stamps}
    fresh.update(zip(late, _analyse([paths[n] for n in late], root, make), strict=True))
    plan: list[int | Article] = []
    new: list[tuple[str, Article]] = []
    served = []
    for name in names:
        art, i = fresh.get(name), where.get(name)
        if i is not None and (art is None or _unchanged(art, engine, i)):
            plan.append(i)
        elif art is not None:
            plan.append(art)
            new.append((name, art))
        else:  # a copy that was to take over, gone or empty since: the next update sees it
            continue
        served.append(name)
    names = served
    manifest = {**cat.manifest, "files": files, "names": names}
    if not new and plan == list(range(len(engine.documents))):
        try:
            store.write_manifest(cat.folder, manifest)  # new stamps: not read again next time
            cat.manifest = manifest
        except OSError as exc:
            logger.warning("cannot save the index in %s: %s", cat.folder, exc)
        return engine
    out: E = make.assemble(update.apply(engine, plan, make.normalizer, make.tokenizer))
    gen = int(manifest["generation"]) + 1
    name = f"seg_{gen:06d}"
    manifest["generation"] = gen
    manifest["segments"] = [*manifest["segments"], {"name": name, "sha256": {}}]
    try:
        manifest["segments"][-1]["sha256"] = write_segment(cat.folder, name, new)
        store.write_manifest(cat.folder, manifest)
        store.remove_unnamed(
            cat.folder, {manifest["base"]["name"], *(s["name"] for s in manifest["segments"])}
        )
        out.catalog = Catalog(
            cat.folder, manifest, names, cat.segment_sentences + sum(len(a.texts) for _, a in new)
        )
    except (OSError, ValueError) as exc:  # serve anyway; the next update starts from disk
        logger.warning("cannot save the index in %s: %s", cat.folder, exc)
        out.catalog = None
    out.build_seconds = time.perf_counter() - started
    out.loaded = engine.loaded  # an update of a saved index is still a loaded one
    logger.info(
        "index updated: %d articles analysed, %d removed, now %d articles (%s) in %.2fs",
        len(new),
        len(engine.documents) - (len(plan) - len(new)),
        len(plan),
        name,
        out.build_seconds,
    )
    return out


def _analyse(paths: Sequence[Path], root: Path, make: Makers) -> list[Article | None]:
    return analyse_files(paths, root, make.max_chars, make.normalizer, make.tokenizer)
