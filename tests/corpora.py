"""Read a folder of articles the way the bot does (the index build is its only loader), and
serve a few articles written for a test."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import Config, load_config
from bot.index.snapshot import Engine
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer
from bot.model import Document


@cache
def _tools() -> tuple[Normalizer, Tokenizer]:
    return Normalizer(), Tokenizer()


def load_documents(folder: Path, max_chars: int = 120) -> list[Document]:
    """Every article the bot serves from `folder`, in index order (raises CorpusError)."""
    config = Config(base_dir=folder)
    config = replace(config, corpus=replace(config.corpus, max_sentence_chars=max_chars))
    normalizer, tokenizer = _tools()
    return Engine.index_corpus(config, normalizer, tokenizer, folder, workers=1).documents


def qa_over(articles: dict[str, str], folder: Path) -> QA:
    """The QA service, with the repository's config.yaml, over these articles (file name →
    text) written into `folder`."""
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    return build_qa(load_config(root / "config.yaml", env={}), folder)
