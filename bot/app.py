"""The one place that builds everything: config, tokenizer, index and the QA service."""

from __future__ import annotations

import logging
import os
from argparse import Namespace
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from bot.answer.qa import QA
from bot.answer.rank import Ranker
from bot.config import Config, ConfigError, apply_env, load_config
from bot.corpus.article import CorpusError
from bot.index.snapshot import Engine
from bot.lang import synonyms
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer


def load(config_path: Path | None) -> Config:
    """The config file given, else ./config.yaml, else the built-in defaults."""
    if config_path is None and not Path("config.yaml").is_file():
        config = Config(base_dir=Path.cwd())
        return apply_env(config, os.environ)  # defaults still take the environment's token
    return load_config(config_path or Path("config.yaml"))


def synonym_phrases(config: Config) -> list[str]:
    """Every word of the synonym groups, normalised, for the tokenizer's dictionary."""
    normalizer = Normalizer()
    return [normalizer(w) for group in synonyms.groups(config.text.synonyms) for w in group]


def text_tools(
    config: Config, corpus: Path | None, need_corpus: bool = True
) -> tuple[Normalizer, Tokenizer]:
    """The one normaliser and tokenizer (after checking that the corpus folder exists)."""
    if need_corpus and corpus is None and not config.corpus_dir.is_dir():
        raise CorpusError(
            f"corpus folder not found: {config.corpus_dir} (give one with --corpus DIR, or a "
            "config file whose corpus.path names it with --config FILE)"
        )
    normalizer = Normalizer()
    user_dict = config.resolve(config.text.user_dict) if config.text.user_dict else None
    try:
        tokenizer = Tokenizer(user_dict, phrases=synonym_phrases(config))
    except ValueError as exc:
        raise config.error("text.user_dict", str(exc)) from None
    return normalizer, tokenizer


def build_index(config: Config, corpus: Path | None) -> tuple[Engine, Normalizer, Tokenizer]:
    """The one normaliser and tokenizer, and the engine: the saved index, brought up to date."""
    normalizer, tokenizer = text_tools(config, corpus)
    return Engine.build(config, normalizer, tokenizer, corpus), normalizer, tokenizer


def refresh_index(config: Config, corpus: Path | None) -> tuple[dict[str, Any], bool] | Engine:
    """`index`: the saved index brought up to date, as its manifest and whether it changed
    when that needed no reading of it (new articles written as a segment), else the engine
    loaded or built."""
    normalizer, tokenizer = text_tools(config, corpus)
    manifest = Engine.refresh(config, normalizer, tokenizer, corpus or config.corpus_dir)
    return manifest if manifest is not None else Engine.build(config, normalizer, tokenizer, corpus)


def build_qa(config: Config, corpus: Path | None, ranker: Ranker | None = None) -> QA:
    """Build the one normaliser, tokenizer, engine and QA service (with the shipped ranker
    unless another is given); with the sphinxql backend, a replica of the cluster's."""
    cluster = config.retrieval.backend == "sphinxql"
    normalizer, tokenizer = text_tools(config, corpus, need_corpus=not cluster)
    retrieval = None
    if cluster:
        from bot.index.remote import ClusterRetrieval
        from bot.index.sphinxql import Client, Head

        sql = config.retrieval.sphinxql
        client = Client([Head(h, p) for h, p in sql.heads()], sql.table, sql.timeout)
        retrieval = ClusterRetrieval(client, tokenizer, config.retrieval.k1, config.retrieval.b)
        engine = retrieval.empty()  # no corpus here: each question brings its articles
    else:
        engine = Engine.build(config, normalizer, tokenizer, corpus)
    synonyms.thesaurus()  # load it now (~0.1 s, if installed), not on the first question
    return QA(
        engine,
        normalizer=normalizer,
        tokenizer=tokenizer,
        retrieval=config.retrieval,
        answer_config=config.answer,
        synonyms=synonyms.groups(config.text.synonyms),
        ranker=ranker,
        cluster=retrieval,
    )


def cluster_config(config: Config, corpus: Path | None, args: Namespace, out: TextIO) -> int:
    """`bot cluster-config`: write the shards and node configs of a cluster for the corpus."""
    from bot.index.cluster_files import Layout, write_cluster

    try:
        layout = Layout(
            tuple(args.hosts.split(",")) if "," in args.hosts else (args.hosts,) * args.nodes,
            args.port,
            args.shards or args.nodes,
            args.copies,
            args.table,
        )
    except ValueError as exc:
        raise ConfigError(f"cluster-config: {exc}") from None
    engine = build_qa(
        replace(config, retrieval=replace(config.retrieval, backend="embedded")), corpus
    ).engine
    for conf in write_cluster(engine, layout, args.out):
        out.write(f"{conf}\n")
    out.write(
        f"{len(engine.documents)} articles, {len(engine.sentences)} sentences in "
        f"{layout.shards} shards on {layout.nodes} nodes ({layout.copies} copies); now run "
        "`indexer --config NODE/sphinx.conf --all [--rotate]` and "
        "`searchd --config NODE/sphinx.conf` for each node\n"
    )
    return 0


def fetch_round(config: Config, corpus: Path | None) -> bool:
    """Fetch every configured feed once; True when articles were added or updated."""
    from bot.corpus.feeds import fetch_feeds
    from bot.corpus.fetch import Fetcher

    with Fetcher() as fetcher:
        done = fetch_feeds(config.corpus.feeds, corpus or config.corpus_dir, fetcher)
    return done.changed


def fetch(config: Config, corpus: Path | None, out: TextIO) -> int:
    """`bot fetch`: fetch the feeds once, report each article, then bring the index up to date."""
    from bot.corpus.feeds import fetch_feeds
    from bot.corpus.fetch import Fetcher

    if not config.corpus.feeds:
        raise ConfigError("no feeds to fetch: list them under corpus.feeds in the config file")
    with Fetcher() as fetcher:
        done = fetch_feeds(config.corpus.feeds, corpus or config.corpus_dir, fetcher)
    for line in done.lines():
        out.write(line + "\n")
    engine = build_index(config, corpus)[0]  # the saved index, with the new articles added
    out.write(
        f"added {len(done.added)}, updated {len(done.updated)}, skipped {len(done.skipped)}, "
        f"failed {len(done.failed)}; index: {len(engine.documents)} articles, "
        f"{len(engine.sentences)} sentences\n"
    )
    return 1 if done.failed else 0


def run_telegram(config: Config, corpus: Path | None, webhook: bool) -> int:
    """Check the token first (a quick exit 2), then build once and serve until a stop signal."""
    from bot.frontends.reload import Reloader
    from bot.frontends.telegram.app import build_application, check_ready, serve
    from bot.frontends.telegram.logsafe import RedactToken

    token = check_ready(config, webhook)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
    qa = build_qa(config, corpus)
    reloader = Reloader.for_corpus(qa, config, corpus)
    reloader.install_sighup()  # `kill -HUP <pid>` rebuilds in the background
    reloader.watch(config.corpus.watch_seconds)
    if config.corpus.feeds:  # new articles are indexed as soon as a round saves them
        minutes = config.corpus.feed_minutes
        reloader.every(minutes * 60, lambda: fetch_round(config, corpus), "feeds")
    serve(build_application(config, qa, reloader), config, webhook)
    return 0
