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

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import bot
from bot.config import Config
from bot.corpus import article_files
from bot.index import Index, Postings
from bot.model import Document, Source
from bot.tables import SentenceSlice, SentenceTable, TextTable
from bot.text import Tokenizer

if TYPE_CHECKING:
    from bot.engine import Engine

logger = logging.getLogger(__name__)

FORMAT = 3
MANIFEST, ARRAYS, META = "index.json", "arrays.bin", "meta.json"
RACY_SECONDS = 2.0  # article files younger than this are always hashed (see files_stamp)
_ALIGN = 8
# Modules whose code decides what the index holds: editing one invalidates old indexes.
_CODE = ("analysis", "clean", "corpus", "engine", "index", "model", "names", "store", "tables",
         "text")


@dataclass
class Snapshot:
    """The parts of an Engine read back from disk."""

    documents: list[Document]
    sentences: SentenceTable
    norms: TextTable
    index: Index
    doc_context: list[frozenset[str]]
    doc_title_terms: list[frozenset[str]]
    deictic: np.ndarray
    word_kinds: np.ndarray


def index_dir(config: Config, corpus_dir: Path) -> Path:
    """Where a corpus keeps its index: the configured folder, or `.index` inside another corpus."""
    if corpus_dir.resolve() == config.corpus_dir.resolve():
        return config.resolve(config.corpus.index_path)
    return corpus_dir / ".index"


def code_version() -> str:
    """A hash of the code that shapes the index, with the package and segmenter versions."""
    h = hashlib.sha256(f"{FORMAT}|{bot.__version__}|{version('rjieba')}".encode())
    here = Path(__file__).parent
    for name in _CODE:
        h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()


def corpus_key(corpus_dir: Path, tokenizer: Tokenizer, config: Config) -> str:
    """A hash of every article file's name and bytes, the tokenizer settings and the code."""
    h = _settings_hash(tokenizer, config)
    for name, path in _named_files(corpus_dir):
        h.update(name)
        with open(path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
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
        st = os.stat(path)
        if st.st_mtime_ns >= recent:
            return None
        h.update(name)
        h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _settings_hash(tokenizer: Tokenizer, config: Config) -> Any:
    h = hashlib.sha256()
    for part in (code_version(), tokenizer.settings, repr(config.corpus.max_sentence_chars),
                 repr(config.retrieval.k1), repr(config.retrieval.b)):
        h.update(part.encode())
        h.update(b"\0")
    return h


def _named_files(corpus_dir: Path) -> Iterator[tuple[bytes, Path]]:
    skip = len(str(corpus_dir)) + 1  # str slicing: pathlib's relative_to was ~1 s at 30k files
    for path in article_files(corpus_dir):
        yield os.fsencode(str(path)[skip:]) + b"\0", path  # names may not be UTF-8


def save(folder: Path, key: str, stamp: str | None, engine: Engine) -> None:
    """Write the engine's index; a crash at any point leaves no file that would be trusted.

    `key` and `stamp` (see corpus_key, files_stamp) must be taken before the articles are
    read for indexing, so that an edit made meanwhile makes the saved index stale.
    """
    folder.mkdir(parents=True, exist_ok=True)
    sentences = engine.sentences
    if not isinstance(sentences, SentenceTable):
        sentences = SentenceTable.from_sentences(sentences)
    norms = engine.norms if isinstance(engine.norms, TextTable) else TextTable.from_strings(
        engine.norms)
    index = engine.index
    vocab = "\0".join(index.vocab)  # terms never hold NUL: the normaliser removes it
    arrays = {
        "texts": _utf8(sentences.texts.blob), "text_offsets": sentences.texts.offsets,
        "norms": _utf8(norms.blob), "norm_offsets": norms.offsets,
        "doc": sentences.doc, "paragraph": sentences.paragraph,
        "position": sentences.position, "headline": sentences.headline,
        "deictic": engine.deictic, "idf": index.idf, "term_max": index.term_max,
        "post_offsets": index.postings.offsets, "post_ids": index.postings.ids,
        "post_weights": index.postings.weights,
        "sent_offsets": index.sent_offsets, "sent_terms": index.sent_terms,
        "top_offsets": index.tops[0], "top_ids": index.tops[1],
        "vocab": _utf8(vocab), "word_kinds": engine.word_kinds,
    }
    arrays = {name: np.ascontiguousarray(array) for name, array in arrays.items()}
    layout = []
    offset = 0
    for name, array in arrays.items():
        layout.append([name, array.dtype.str, list(array.shape), offset])
        offset += -(-array.nbytes // _ALIGN) * _ALIGN
    meta = {
        "k1": index.k1, "b": index.b, "arrays": layout, "terms": len(index.vocab),
        "documents": [
            [d.source.title, d.source.paper, d.source.date, d.source.path, d.source.place,
             d.digest, len(d.sentences)] for d in engine.documents
        ],
        "context": [sorted(c) for c in engine.doc_context],
        "titles": [sorted(t) for t in engine.doc_title_terms],
    }

    def write_arrays(f: Any) -> None:
        for array in arrays.values():
            data = array.tobytes()
            f.write(data)
            f.write(b"\0" * (-len(data) % _ALIGN))

    sums = {
        ARRAYS: _write(folder / ARRAYS, write_arrays),
        META: _write(folder / META, lambda f: f.write(json.dumps(meta, ensure_ascii=False)
                                                       .encode())),
    }
    manifest = {"format": FORMAT, "key": key, "stamp": stamp, "sha256": sums}
    _write(folder / MANIFEST, lambda f: f.write(json.dumps(manifest).encode()))


def load(folder: Path, stamp: str | None, key: Callable[[], str]) -> Snapshot | None:
    """Read a saved index if it is complete, intact and made for these articles; else None.

    The articles' bytes are hashed (`key`) only when their stamp differs from the saved one.
    """
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
        snapshot = _snapshot(meta, arrays)
        if (stamp is None or manifest.get("stamp") != stamp) and manifest.get("key") != key():
            logger.info("saved index in %s is stale (articles, settings or code changed)", folder)
            return None
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
            if f.readinto(memoryview(array).cast("B")) != array.nbytes:
                raise ValueError(f"{path.name} ends inside array {name}")
            h.update(array)
            at = offset + array.nbytes
            arrays[name] = str(array, "utf-8") if name in _TEXTS else array.reshape(shape)
        while block := f.read(1 << 20):
            h.update(block)
    return arrays, h.hexdigest()


def _snapshot(meta: dict[str, Any], a: dict[str, Any]) -> Snapshot:
    texts = TextTable(a["texts"], a["text_offsets"])
    norms = TextTable(a["norms"], a["norm_offsets"])
    sentences = SentenceTable(texts, a["doc"], a["paragraph"], a["position"], a["headline"])
    documents = []
    start = 0
    for title, paper, date, path, place, digest, count in meta["documents"]:
        source = Source(title, paper, date, path, place)
        documents.append(Document(source, SentenceSlice(sentences, start, start + count), digest))  # type: ignore[arg-type]
        start += count
    if start != len(sentences) or len(norms) != len(sentences):
        raise ValueError("article and sentence counts disagree")
    terms = a["vocab"].split("\0") if meta["terms"] else []
    if len(terms) != meta["terms"]:
        raise ValueError("vocabulary size disagrees")
    vocab = dict(zip(terms, range(len(terms)), strict=True))
    postings = Postings(a["post_offsets"], a["post_ids"], a["post_weights"])
    index = Index(vocab, a["idf"], postings, a["sent_offsets"], a["sent_terms"],
                  float(meta["k1"]), float(meta["b"]), a["term_max"],
                  (a["top_offsets"], a["top_ids"]))
    if index.size != len(sentences) or len(postings.offsets) != len(vocab) + 1:
        raise ValueError("index and sentence counts disagree")
    if len(a["word_kinds"]) != len(vocab):
        raise ValueError("word kinds and vocabulary disagree")
    return Snapshot(documents, sentences, norms, index,
                    [frozenset(c) for c in meta["context"]],
                    [frozenset(t) for t in meta["titles"]], a["deictic"], a["word_kinds"])


def _utf8(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


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
