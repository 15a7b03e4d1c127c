"""The persisted index: numpy arrays and JSON beside the corpus, checked before it is trusted.

Three files in the index folder, each written to a temporary name and renamed:
`arrays.bin` (the numpy arrays, raw and 8-byte aligned, so a restart reads each straight
into its array, checksumming as it goes), `meta.json` (the arrays' layout, articles,
vocabulary) and last `index.json`, the manifest with the key, the files' stamp and a SHA-256
of the other two. A manifest whose stamp and key both differ means the corpus, the
tokenizer settings or the code changed; a checksum that differs means a torn or damaged
file. Either way the caller rebuilds. No pickle anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

import bot
from bot.config import Config
from bot.corpus.article import article_files, read_article_bytes
from bot.lang.tokenizer import Tokenizer

T = TypeVar("T")

logger = logging.getLogger(__name__)

FORMAT = 5
MANIFEST, ARRAYS, META = "index.json", "arrays.bin", "meta.json"
RACY_SECONDS = 2.0  # article files younger than this are always hashed (see files_stamp)
KEEP_DAYS = 7  # an index folder no config used for this long is removed
_TEMPORARY = re.compile(r"\.[\w.]+\.(\d+)\.tmp")  # what _write names its temporary files
_DIGEST = re.compile(r"[0-9a-f]{16}")
_ALIGN = 8
# Code that decides what the index holds: editing any module in these packages (or the
# shared model) invalidates old indexes. Whole packages, so a new module cannot be forgotten.
_CODE = ("lang", "corpus", "index", "model.py", "data")


def index_dir(config: Config, corpus_dir: Path, tokenizer: Tokenizer) -> Path:
    """Where a corpus keeps its index for these settings: a folder named by settings_digest
    in the configured index folder, or in `.index` inside a corpus given with --corpus.

    One folder per corpus and settings, not one per corpus: two configs on one corpus (say
    different k1 or user dictionaries) each keep their own index instead of rebuilding over
    each other's, and configs that index alike share one. Folders no config used for
    KEEP_DAYS are removed when a new index is saved beside them.
    """
    if corpus_dir.resolve() == config.corpus_dir.resolve():
        base = config.resolve(config.corpus.index_path)
    else:
        base = corpus_dir / ".index"
    return base / settings_digest(tokenizer, config)


def settings_digest(tokenizer: Tokenizer, config: Config) -> str:
    """16 hex digits naming what, besides the articles and the code, shapes an index."""
    h = hashlib.sha256()
    for part in _settings(tokenizer, config):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def code_version() -> str:
    """A hash of the code that shapes the index, with the package and segmenter versions."""
    # trafilatura decides what text a web page (.html) yields.
    versions = "|".join(version(name) for name in ("rjieba", "trafilatura"))
    h = hashlib.sha256(f"{FORMAT}|{bot.__version__}|{versions}".encode())
    package = Path(__file__).resolve().parent.parent
    for name in _CODE:
        path = package / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.suffix in (".py", ".txt"):
                h.update(file.relative_to(package).as_posix().encode())
                h.update(file.read_bytes())
    return h.hexdigest()


def corpus_key(corpus_dir: Path, tokenizer: Tokenizer, config: Config) -> str:
    """A hash of every article file's name and bytes, the tokenizer settings and the code."""
    h = _settings_hash(tokenizer, config)
    for name, path in _named_files(corpus_dir):
        h.update(name)
        try:
            h.update(hashlib.sha256(read_article_bytes(path)).digest())
        except OSError:  # gone or replaced since it was listed: the build skips it too
            h.update(b"unreadable")
    return h.hexdigest()


def files_stamp(corpus_dir: Path, tokenizer: Tokenizer, config: Config) -> str | None:
    """Like corpus_key, with each file's size and modification time for its bytes.

    When it equals the stamp saved with the index, no file was touched since, and reading
    every article to hash it (~4 s for 30k files not in the OS cache) is skipped. Python's
    own bytecode cache trusts the same two fields. None while a file is younger than
    RACY_SECONDS: an edit within the same clock tick could keep both (git's "racy" files).
    """
    h = _settings_hash(tokenizer, config)
    recent = time.time_ns() - int(RACY_SECONDS * 1e9)
    for name, path in _named_files(corpus_dir):
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:  # gone since it was listed: hash the bytes instead
            return None
        if st.st_mtime_ns >= recent:
            return None
        h.update(name)
        h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _settings(tokenizer: Tokenizer, config: Config) -> tuple[str, ...]:
    return (
        tokenizer.settings,
        repr(config.corpus.max_sentence_chars),
        repr(config.retrieval.k1),
        repr(config.retrieval.b),
    )


def _settings_hash(tokenizer: Tokenizer, config: Config) -> Any:
    h = hashlib.sha256()
    for part in (code_version(), *_settings(tokenizer, config)):
        h.update(part.encode())
        h.update(b"\0")
    return h


def _named_files(corpus_dir: Path) -> Iterator[tuple[bytes, Path]]:
    skip = len(str(corpus_dir)) + 1  # str slicing: pathlib's relative_to was ~1 s at 30k files
    for path in article_files(corpus_dir, warn=False):  # the build warns
        yield os.fsencode(str(path)[skip:]) + b"\0", path  # names may not be UTF-8


def save(
    folder: Path, key: str, stamp: str | None, arrays: dict[str, np.ndarray], meta: dict[str, Any]
) -> None:
    """Write named arrays and their metadata; a crash at any point leaves no file trusted.

    `key` and `stamp` (see corpus_key, files_stamp) must be taken before the articles are
    read for indexing, so that an edit made meanwhile makes the saved index stale.
    """
    folder.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder)
    arrays = {name: np.ascontiguousarray(array) for name, array in arrays.items()}
    layout = []
    offset = 0
    for name, array in arrays.items():
        layout.append([name, array.dtype.str, list(array.shape), offset])
        offset += -(-array.nbytes // _ALIGN) * _ALIGN
    meta = {**meta, "arrays": layout}

    def write_arrays(f: Any) -> None:
        for array in arrays.values():
            data = array.tobytes()
            f.write(data)
            f.write(b"\0" * (-len(data) % _ALIGN))

    sums = {
        ARRAYS: _write(folder / ARRAYS, write_arrays),
        META: _write(
            folder / META, lambda f: f.write(json.dumps(meta, ensure_ascii=False).encode())
        ),
    }
    manifest = {"format": FORMAT, "key": key, "stamp": stamp, "sha256": sums}
    _write(folder / MANIFEST, lambda f: f.write(json.dumps(manifest).encode()))
    _prune_unused(folder)


def load(
    folder: Path,
    stamp: str | None,
    key: Callable[[], str],
    check: Callable[[dict[str, Any], dict[str, Any]], T],
) -> T | None:
    """Read a saved index if it is complete, intact and made for these articles; else None.

    The articles' bytes are hashed (`key`) only when their stamp differs from the saved one.
    `check` turns the metadata and named arrays into the caller's object, raising ValueError
    when they disagree.
    """
    remove_leftovers(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        logger.info("no saved index in %s", folder)
        return None
    except (OSError, ValueError) as exc:
        logger.warning("saved index in %s is unreadable (%s); rebuilding", folder, exc)
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        logger.info("saved index in %s has another format; rebuilding", folder)
        return None
    try:
        if _sha256(folder / META) != manifest["sha256"][META]:
            logger.warning("saved index file %s is damaged; rebuilding", folder / META)
            return None
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        arrays, digest = _read_arrays(folder / ARRAYS, meta["arrays"])
        if digest != manifest["sha256"][ARRAYS]:
            logger.warning("saved index file %s is damaged; rebuilding", folder / ARRAYS)
            return None
        snapshot = check(meta, arrays)
        if stamp is None or manifest.get("stamp") != stamp:
            if manifest.get("key") != key():
                logger.info(
                    "saved index in %s is stale (articles, settings or code changed)", folder
                )
                return None
            if stamp is not None:
                # The bytes matched under new times (a copy, a checkout, or files too fresh to
                # trust when it was saved): keep the new stamp so the next start need not hash.
                manifest["stamp"] = stamp
                _write(folder / MANIFEST, lambda f: f.write(json.dumps(manifest).encode()))
        os.utime(folder / MANIFEST)  # in use: _prune_unused keeps it
        return snapshot
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        logger.warning("saved index in %s cannot be read (%s); rebuilding", folder, exc)
        return None


# Arrays of UTF-8 text, handed over decoded: their bytes are not kept.
_TEXTS = frozenset({"texts", "norms", "vocab"})


def _read_arrays(path: Path, layout: list[list[Any]]) -> tuple[dict[str, Any], str]:
    """The arrays, read into the process's own memory, and the SHA-256 of the whole file.

    Read, not mapped: this machine's kernel pages out file pages left idle for a minute, so
    a mapped index answered a question after a quiet spell from disk, in tens of ms. The
    checksum is taken on the same read, so the file is read once.
    """
    h = hashlib.sha256()
    arrays: dict[str, Any] = {}
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        at = 0
        for name, dtype, shape, offset in sorted(layout, key=lambda entry: entry[3]):
            dt = np.dtype(dtype)
            count = int(np.prod(shape, dtype=np.int64))
            if dt.hasobject or offset < at or offset + count * dt.itemsize > size:
                raise ValueError(f"array {name} lies outside {path.name}")
            h.update(f.read(offset - at))  # alignment padding
            array = np.empty(count, dt)
            if f.readinto(array.data.cast("B")) != array.nbytes:
                raise ValueError(f"{path.name} ends inside array {name}")
            h.update(array.data)
            at = offset + array.nbytes
            arrays[name] = array.tobytes().decode() if name in _TEXTS else array.reshape(shape)
        while block := f.read(1 << 20):
            h.update(block)
    return arrays, h.hexdigest()


def remove_leftovers(folder: Path) -> None:
    """Remove temporary files of saves whose process is gone (killed mid-save)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TEMPORARY.fullmatch(name)
        if m and not _alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
                logger.info("removed %s, left by an interrupted save", folder / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except PermissionError:  # another user's process
        return True
    except (ProcessLookupError, OverflowError, ValueError):  # gone, or not a pid at all
        return False
    return True


def _prune_unused(folder: Path) -> None:
    """Remove the indexes beside this one that no config loaded or saved for KEEP_DAYS, and
    the files of the layout before per-settings folders."""
    base = folder.parent
    old = time.time() - KEEP_DAYS * 86400
    for name in (MANIFEST, ARRAYS, META):  # the flat layout of earlier versions
        with contextlib.suppress(OSError):
            (base / name).unlink()
    try:
        siblings = [p for p in base.iterdir() if p != folder and _DIGEST.fullmatch(p.name)]
    except OSError:
        return
    for sibling in siblings:
        try:
            unused = (sibling / MANIFEST).stat().st_mtime < old
        except FileNotFoundError:
            unused = sibling.stat().st_mtime < old
        except OSError:
            continue
        if unused:
            logger.info("removing %s: no config used it for %d days", sibling, KEEP_DAYS)
            shutil.rmtree(sibling, ignore_errors=True)


def _write(path: Path, fill: Any) -> str:
    """Write through a temporary file, fsync and rename; return the SHA-256 of what was written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        digest = _sha256(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return digest


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()
