"""Command line: `newsqa-bot [--config PATH] [--corpus DIR] COMMAND …` (or `python -m bot`)."""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from bot import __version__
from bot.config import Config, ConfigError
from bot.corpus.add import iso_date
from bot.corpus.article import CorpusError
from bot.frontends.evaluate import EvalFileError

if TYPE_CHECKING:
    from bot.index.snapshot import Engine

logger = logging.getLogger("bot")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
PROG = "newsqa-bot"  # the installed console script; `python -m bot` is the same program


class Usage(Exception):
    """A mistake in how the program was called."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports a mistake in one line and exits with code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


class OneLineFormatter(logging.Formatter):
    """Every log message on one line: a file name or question holding a line break cannot
    forge or split a warning. Tracebacks, added after the message, keep their lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        from bot.lang.normalize import one_line

        record.message = one_line(record.message)
        return super().formatMessage(record)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Answer questions from Chinese news articles.")
    p.add_argument("--config", type=Path, default=None, help="config file (default ./config.yaml)")
    p.add_argument(
        "--corpus", type=Path, default=None, help="article folder (overrides the config)"
    )
    p.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)"
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    c = sub.add_parser("console", help="ask questions interactively")
    c.add_argument("--explain", action="store_true", help="show terms, scores and the decision")
    a = sub.add_parser("ask", help="answer a question, or one question per line of stdin")
    a.add_argument("question", nargs="*", help="the question (omit to read stdin)")
    a.add_argument("--json", action="store_true", help="one JSON object per question and line")
    a.add_argument("--explain", action="store_true", help="show terms, scores and the decision")
    e = sub.add_parser(
        "eval", help="score a question file (shared/qa/dev.yaml format, or SQuAD JSON)"
    )
    e.add_argument("file", type=Path)
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    e.add_argument("--limit", type=_positive, help="ask only the first N questions")
    e.add_argument(
        "--split-half",
        action="store_true",
        help="SQuAD: also index the even articles only and ask the odd ones' questions",
    )
    e.add_argument(
        "--baseline", action="store_true", help="SQuAD: also score plain BM25 on the same sentences"
    )
    e.add_argument(
        "--cache-dir",
        type=Path,
        help="SQuAD: where corpora built from the file are kept (default ~/.cache/newsqa-bot)",
    )
    sub.add_parser("index", help="build the index and print its size")
    t = sub.add_parser("telegram", help="run the Telegram bot (token from TELEGRAM_BOT_TOKEN)")
    t.add_argument("--webhook", action="store_true", help="serve a webhook instead of polling")
    d = sub.add_parser("add", help="copy article files into the corpus with front matter")
    d.add_argument("files", nargs="+", type=Path)
    for key in ("title", "source", "date", "place"):
        d.add_argument(
            f"--{key}",
            type=iso_date if key == "date" else str,
            help=f"set the article's {key} instead of detecting it",
        )
    d.add_argument("--force", action="store_true", help="overwrite an article of the same name")
    sub.add_parser("fetch", help="fetch the feeds of corpus.feeds once and index new articles")
    k = sub.add_parser(
        "cluster-config", help="write shards and node configs for a Sphinx/Manticore cluster"
    )
    k.add_argument("--out", type=Path, required=True, help="folder to write into")
    k.add_argument("--nodes", type=_positive, default=3, help="search nodes (default 3)")
    k.add_argument("--shards", type=_positive, help="shards (default: one per node)")
    k.add_argument("--copies", type=_positive, default=2, help="copies of each shard (default 2)")
    k.add_argument("--hosts", default="127.0.0.1", help="the nodes' hosts, comma-separated")
    k.add_argument("--port", type=_positive, default=9306, help="node i listens on PORT+2i")
    k.add_argument("--table", default="newsqa", help="the distributed table's name")
    return p


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {text!r}")
    return value


def robust_stdio(stdin: TextIO, stdout: TextIO) -> None:
    """Read bad bytes as U+FFFD, write unencodable text as '?', end input lines only at \\n."""
    if isinstance(stdin, io.TextIOWrapper):
        stdin.reconfigure(errors="replace", newline="\n")
    if isinstance(stdout, io.TextIOWrapper):
        stdout.reconfigure(errors="replace")


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.command is None:
        raise Usage(
            "a command is needed: console, ask, eval, index, add, fetch, telegram, cluster-config "
            "(see --help)"
        )
    from bot import app

    config = app.load(args.config)
    corpus = args.corpus
    if args.command == "add":
        from bot.corpus.add import add_articles

        return add_articles(args, corpus or config.corpus_dir, stdout)
    if args.command == "fetch":
        return app.fetch(config, corpus, stdout)
    if args.command == "cluster-config":
        return app.cluster_config(config, corpus, args, stdout)
    if args.command == "telegram":
        return app.run_telegram(config, corpus, args.webhook)
    if args.command == "eval":
        return run_eval(args, config, stdin, stdout)
    blank = args.command == "ask" and args.question and not "".join(args.question).strip()
    if blank and not args.json:  # --json answers it with a refusal line like any other
        raise Usage("ask: the question is empty (give a question, or pipe questions on stdin)")
    if args.command == "index":
        started = time.perf_counter()
        return print_index(app.refresh_index(config, corpus), started, stdout)
    qa = app.build_qa(config, corpus)
    robust_stdio(stdin, stdout)
    if args.command == "console":
        from bot.frontends.console import repl

        return repl(qa, stdin, stdout, args.explain)
    if args.command == "ask":
        from bot.frontends.console import ask

        questions = [" ".join(args.question)] if args.question else stdin
        prompt = sys.stderr if not args.question and stdin.isatty() else None
        return ask(qa, questions, stdout, args.json, args.explain, prompt)
    raise Usage(f"unknown command {args.command}")


def print_index(done: tuple[dict[str, Any], bool] | Engine, started: float, stdout: TextIO) -> int:
    """`index`: the size of the index, its segments, and whether it was built, loaded, or
    brought up to date on disk without loading it: `updated` (a segment written) or `current`."""
    if isinstance(done, tuple):
        manifest, changed = done
        lines = [
            f"articles {len(manifest['names'])}",
            f"sentences {sum(manifest['counts'])}",
            f"segments {len(manifest['segments'])}",
            f"index {'updated' if changed else 'current'}",
        ]
    else:
        lines = [
            f"articles {len(done.documents)}",
            f"sentences {len(done.sentences)}",
            f"vocabulary {len(done.index.vocab)}",
            f"segments {len(done.catalog.manifest['segments']) if done.catalog else 0}",
            f"index {'loaded' if done.loaded else 'built'}",
        ]
    print("\n".join([*lines, f"seconds {time.perf_counter() - started:.2f}"]), file=stdout)
    return EXIT_OK


def run_eval(args: argparse.Namespace, config: Config, stdin: TextIO, stdout: TextIO) -> int:
    """Score a question file: dev.yaml's format on the corpus, or SQuAD JSON on its own."""
    from bot import app
    from bot.frontends import evaluate, external, squad
    from bot.frontends.render import json_line

    if squad.looks_like_squad(args.file):
        if args.corpus is not None:
            raise Usage("eval: a SQuAD file brings its own articles; leave out --corpus")
        report = external.evaluate_squad(
            squad.load_squad(args.file),
            lambda folder: app.build_qa(config, folder),
            args.cache_dir or squad.default_cache_dir(),
            limit=args.limit,
            split_half=args.split_half,
            baseline=args.baseline,
        )
        robust_stdio(stdin, stdout)
        text = json_line(report) if args.json else external.to_text(report)
        print(text, file=stdout)
        return EXIT_OK
    for option in ("split_half", "baseline", "cache_dir"):
        if getattr(args, option):
            flag = "--" + option.replace("_", "-")
            raise Usage(f"eval: {flag} applies to SQuAD JSON files only")
    items = evaluate.load_items(args.file)[: args.limit]
    qa = app.build_qa(config, args.corpus)
    robust_stdio(stdin, stdout)
    scored = evaluate.evaluate(qa, items)
    text = evaluate.to_text(scored)
    print(json_line(scored.to_dict()) if args.json else text, file=stdout)
    return EXIT_OK


def main(
    argv: list[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Parse arguments, build everything once, map errors to exit codes.

    `stdin` and `stdout` default to the process's own; tests pass their own to run a
    command in-process.
    """
    args = parser().parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.perf_counter()
    try:
        return run(args, stdin or sys.stdin, stdout or sys.stdout)
    except (Usage, ConfigError, EvalFileError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CorpusError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader left (`| head`): stop quietly, and point stdout at /dev/null so the
        # interpreter's last flush does not fail again (exit 120 and a stray message).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        logger.debug("finished in %.2fs", time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
