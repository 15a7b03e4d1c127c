"""SQuAD-format question files: read them, and write their articles as a corpus folder.

As `shared/qa/external/README.md` describes: every entry of `data` (a `title` with all its
paragraphs) becomes one article file, the title in front matter and no date or paper, its
paragraphs separated by a blank line (the corpus reader's paragraph break).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.frontends.evaluate import EvalFileError

logger = logging.getLogger(__name__)

# Bump when the corpus written from a file changes, so cached folders are rebuilt.
CORPUS_FORMAT = 2


@dataclass(frozen=True)
class SquadQuestion:
    qid: str
    question: str
    answers: tuple[str, ...]  # the gold answer texts, any of which counts
    article: int  # position of its article in the file


@dataclass(frozen=True)
class SquadArticle:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SquadFile:
    path: Path
    digest: str  # SHA-256 of the file's bytes: what a cached corpus is keyed by
    articles: tuple[SquadArticle, ...]
    questions: tuple[SquadQuestion, ...]


def looks_like_squad(path: Path) -> bool:
    """Whether a question file is SQuAD JSON: a .json name or text that starts with `{`."""
    if path.suffix.lower() == ".json":
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError:
        return False  # the YAML reader reports it
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def load_squad(path: Path) -> SquadFile:
    """Read a SQuAD-format file; a bad file raises EvalFileError naming what is wrong."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise EvalFileError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalFileError(f"{path}: cannot read as SQuAD JSON: {exc}") from None
    entries = data.get("data") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise EvalFileError(f"{path}: expected SQuAD format, a top-level 'data' list")
    articles: list[SquadArticle] = []
    questions: list[SquadQuestion] = []
    for n, entry in enumerate(entries):
        where = f"{path}: data[{n}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("paragraphs"), list):
            raise EvalFileError(f"{where} needs a 'paragraphs' list")
        paragraphs = []
        for i, para in enumerate(entry["paragraphs"]):
            if not isinstance(para, dict) or not isinstance(para.get("context"), str):
                raise EvalFileError(f"{where}.paragraphs[{i}] needs a string 'context'")
            paragraphs.append(para["context"])
            for j, qa in enumerate(para.get("qas") or []):
                questions.append(_question(qa, n, f"{where}.paragraphs[{i}].qas[{j}]"))
        articles.append(SquadArticle(str(entry.get("title") or f"article {n}"), tuple(paragraphs)))
    if not questions:
        raise EvalFileError(f"{path}: no questions")
    digest = hashlib.sha256(raw).hexdigest()
    return SquadFile(path, digest, tuple(articles), tuple(questions))


def _question(qa: object, article: int, where: str) -> SquadQuestion:
    if not isinstance(qa, dict) or not isinstance(qa.get("question"), str):
        raise EvalFileError(f"{where} needs a string 'question'")
    answers = qa.get("answers")
    if not isinstance(answers, list) or not answers:
        raise EvalFileError(f"{where} needs a non-empty 'answers' list")
    texts = []
    for a in answers:
        if not isinstance(a, dict) or not isinstance(a.get("text"), str):
            raise EvalFileError(f"{where}: every answer needs a string 'text'")
        texts.append(a["text"])
    return SquadQuestion(str(qa.get("id", where)), qa["question"], tuple(texts), article)


def article_text(article: SquadArticle) -> str:
    """One corpus file: the title in front matter, paragraphs separated by a blank line.

    Date and paper are set empty: left out, the corpus reader would detect them from the
    body (the first date an encyclopedia paragraph mentions would become its publication date).
    """
    meta = {"title": article.title, "source": "", "date": ""}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    body = "\n\n".join(article.paragraphs)
    return f"---\n{front}---\n{body}\n"


def write_corpus(squad: SquadFile, folder: Path, positions: list[int] | None = None) -> None:
    """Write the articles at `positions` (default: all) as 00000.txt, 00001.txt, … files."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = range(len(squad.articles)) if positions is None else positions
    for n in chosen:
        (folder / f"{n:05d}.txt").write_text(article_text(squad.articles[n]), encoding="utf-8")


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/newsqa-bot/squad, else ~/.cache/newsqa-bot/squad."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsqa-bot" / "squad"


def cached_corpus(squad: SquadFile, cache_dir: Path, part: str = "all") -> Path:
    """The corpus folder of a file's articles (`all`, or `even` positions), built once.

    The folder is named after the file's hash and the part, so it is reused while the file is
    unchanged; the bot keeps its index inside it (`.index`), so a second run loads rather
    than builds. A folder that cannot be written to falls back to a temporary one.
    """
    if part not in ("all", "even"):
        raise ValueError(f"part must be 'all' or 'even', not {part!r}")
    positions = None if part == "all" else list(range(0, len(squad.articles), 2))
    folder = cache_dir / f"{squad.digest[:16]}-v{CORPUS_FORMAT}-{part}"
    if (folder / ".complete").is_file():
        return folder
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    except OSError as exc:
        logger.warning("cannot write the corpus cache %s (%s); using a temporary folder",
                       cache_dir, exc)  # fmt: skip
        folder = Path(tempfile.mkdtemp(prefix="squad-corpus-"))
        write_corpus(squad, folder, positions)
        return folder
    write_corpus(squad, staging, positions)
    (staging / ".complete").write_text(f"{squad.path}\n", encoding="utf-8")
    try:
        staging.rename(folder)
    except OSError:  # another run finished first: use its folder
        shutil.rmtree(staging, ignore_errors=True)
    return folder
