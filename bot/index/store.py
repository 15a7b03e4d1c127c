"""The persisted index: numpy arrays and JSON beside the corpus, checked before it is trusted.

Parts (a base, segments: bot.index.segments) are each two files, `NAME.bin` (numpy arrays,
raw and 8-byte aligned, so a restart reads each straight into its array, checksumming as
it goes) and `NAME.json` (their layout and metadata), each written to a temporary name and
renamed; last the manifest `index.json` names the live parts with their SHA-256, and
carries its own. A key that differs means the tokenizer settings or the code changed; a
checksum that differs means a torn or damaged file. Either way the caller rebuilds. No
pickle anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import queue
import re
import shutil
import threading
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

import bot
from bot.config import Config
from bot.corpus.article import article_stats
from bot.lang.tokenizer import Tokenizer

T = TypeVar("T")

logger = logging.getLogger(__name__)

FORMAT = 6  # 6: per-file stamps, term frequencies, segments
MANIFEST, ARRAYS, META = "index.json", "arrays.bin", "meta.json"  # the last two: format 5
RACY_SECONDS = 2.0  # article files younger than this are always read (see file_stamps)
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


def settings_key(tokenizer: Tokenizer, config: Config) -> str:
    """A hash of the code that shapes the index and the settings: an index saved under
    another key cannot be updated, only rebuilt."""
    return str(_settings_hash(tokenizer, config).hexdigest())


def file_stamps(corpus_dir: Path) -> list[tuple[str, str, str | None]]:
    """Every article file in index order: its name in the corpus, path, and size and
    modification time as a stamp (None when younger than RACY_SECONDS, or gone).

    A file whose stamp equals the one saved with the index is not read again; Python's own
    bytecode cache trusts the same two fields. A file touched within RACY_SECONDS could be
    edited again within the same clock tick and keep both (git's "racy" files), so it is
    read and compared by content, now and on the next update.
    """
    recent = time.time_ns() - int(RACY_SECONDS * 1e9)
    root = os.path.join(str(corpus_dir), "")
    return [
        (name, root + name, None if mtime is None or mtime >= recent else f"{size}:{mtime}")
        for name, size, mtime in article_stats(corpus_dir)
    ]


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


def write_part(
    folder: Path, stem: str, arrays: dict[str, np.ndarray], meta: dict[str, Any]
) -> dict[str, str]:
    """Write named arrays (`stem`.bin) and their metadata (`stem`.json), each through a
    temporary file; return their SHA-256 for the manifest that will name them."""
    folder.mkdir(parents=True, exist_ok=True)
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

    return {
        "bin": _write(folder / f"{stem}.bin", write_arrays),
        "json": _write(
            folder / f"{stem}.json",
            lambda f: f.write(json.dumps(meta, ensure_ascii=False).encode()),
        ),
    }


def read_part(
    folder: Path,
    stem: str,
    sums: dict[str, str],
    restore: Callable[[dict[str, Any], dict[str, Any]], T],
) -> T:
    """What `restore` makes of the metadata and arrays write_part wrote; ValueError when a
    file is torn or damaged. The arrays are checksummed in another thread while `restore`
    runs (hashlib lets go of the interpreter): a restart at 1M sentences hashes ~650 MB."""
    if _sha256(folder / f"{stem}.json") != sums["json"]:
        raise ValueError(f"{stem}.json is damaged")
    meta = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
    arrays, digest = _read_arrays(folder / f"{stem}.bin", meta["arrays"])
    made = restore(meta, arrays)
    if digest() != sums["bin"]:
        raise ValueError(f"{stem}.bin is damaged")
    return made


def write_manifest(folder: Path, manifest: dict[str, Any]) -> str:
    """Replace the manifest at once: the saved index is exactly the parts it names. It
    carries its own SHA-256 (returned), so a damaged manifest is not trusted either."""
    check = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
    text = json.dumps({"format": FORMAT, "sha256": check, "index": manifest}, sort_keys=True)
    _write(folder / MANIFEST, lambda f: f.write(text.encode()))
    _prune_unused(folder)
    return check


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest if there is an intact one of this format; None (and why, logged) if not."""
    remove_leftovers(folder)
    try:
        saved = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        logger.info("no saved index in %s", folder)
        return None
    except (OSError, ValueError) as exc:
        logger.warning("saved index in %s is unreadable (%s); rebuilding", folder, exc)
        return None
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        logger.info("saved index in %s has another format; rebuilding", folder)
        return None
    manifest = saved.get("index")
    body = json.dumps(manifest, sort_keys=True)
    if not isinstance(manifest, dict) or hashlib.sha256(body.encode()).hexdigest() != saved.get(
        "sha256"
    ):
        logger.warning("saved index file %s is damaged; rebuilding", folder / MANIFEST)
        return None
    with contextlib.suppress(OSError):
        os.utime(folder / MANIFEST)  # in use: _prune_unused keeps it
    return manifest


def remove_unnamed(folder: Path, names: set[str]) -> None:
    """Remove the parts (.bin/.json) no manifest names any more: merged away, or left by a
    crash between writing a part and the manifest."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.suffix in (".bin", ".json") and path.stem not in names | {"index"}:
                with contextlib.suppress(OSError):
                    path.unlink()


# Arrays of UTF-8 text, handed over decoded: their bytes are not kept.
_TEXTS = frozenset({"texts", "norms", "vocab"})


def _read_arrays(path: Path, layout: list[list[Any]]) -> tuple[dict[str, Any], Callable[[], str]]:
    """The arrays, read into the process's own memory, and the SHA-256 of the whole file
    (a function: a thread computes it meanwhile).

    Read, not mapped: this machine's kernel pages out file pages left idle for a minute, so
    a mapped index answered a question after a quiet spell from disk, in tens of ms. The
    checksum is taken on the same read, so the file is read once.
    """
    h = hashlib.sha256()
    blocks: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def hash_all() -> None:
        while (block := blocks.get()) is not None:
            h.update(block)

    hasher = threading.Thread(target=hash_all, name="checksum", daemon=True)
    hasher.start()
    arrays: dict[str, Any] = {}
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            at = 0
            for name, dtype, shape, offset in sorted(layout, key=lambda entry: entry[3]):
                dt = np.dtype(dtype)
                count = int(np.prod(shape, dtype=np.int64))
                if dt.hasobject or offset < at or offset + count * dt.itemsize > size:
                    raise ValueError(f"array {name} lies outside {path.name}")
                blocks.put(f.read(offset - at))  # alignment padding
                array = np.empty(count, dt)
                if f.readinto(array.data.cast("B")) != array.nbytes:
                    raise ValueError(f"{path.name} ends inside array {name}")
                blocks.put(array.data)  # only read from here on
                at = offset + array.nbytes
                # str() decodes straight from the array's buffer: no copy of the bytes first
                arrays[name] = str(array.data, "utf-8") if name in _TEXTS else array.reshape(shape)
            while block := f.read(1 << 20):
                blocks.put(block)
    finally:
        blocks.put(None)

    def digest() -> str:
        hasher.join()
        return h.hexdigest()

    return arrays, digest


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
