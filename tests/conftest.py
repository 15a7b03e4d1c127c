"""Shared fixtures: the QA service over the bundled corpus, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.__main__ import build_qa
from bot.answer import QA
from bot.config import load_config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def config_path() -> Path:
    """The repository's own config.yaml."""
    return ROOT / "config.yaml"


@pytest.fixture(scope="session")
def qa(config_path: Path) -> QA:
    """The QA service over the bundled corpus/ with the repository's config."""
    return build_qa(load_config(config_path, env={}), ROOT / "corpus")
