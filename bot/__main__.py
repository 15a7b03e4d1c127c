"""Command line: `python -m bot [--config PATH] [--corpus DIR] COMMAND …`."""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from bot import __version__
from bot.config import ConfigError
from bot.corpus.add import iso_date
from bot.corpus.article import CorpusError
from bot.frontends.evaluate import EvalFileError

logger = logging.getLogger("bot")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Usage(Exception):
    """A mistake in how the program was called."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports a mistake in one line and exits with code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="bot", description="Answer questions from Chinese news articles.")
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
    e = sub.add_parser("eval", help="score a question file (shared/qa/dev.yaml format)")
    e.add_argument("file", type=Path)
    e.add_argument("--json", action="store_true", help="print the report as JSON")
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
    return p


def robust_stdio() -> None:
    """Read bad bytes as U+FFFD, write unencodable text as '?', end input lines only at \\n."""
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace", newline="\n")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def run(args: argparse.Namespace) -> int:
    if args.command is None:
        raise Usage("a command is needed: console, ask, eval, index, add, telegram (see --help)")
    from bot import app

    config = app.load(args.config)
    corpus = args.corpus
    if args.command == "add":
        from bot.corpus.add import add_articles

        return add_articles(args, corpus or config.corpus_dir, sys.stdout)
    if args.command == "telegram":
        return app.run_telegram(config, corpus, args.webhook)
    blank = args.command == "ask" and args.question and not "".join(args.question).strip()
    if blank and not args.json:  # --json answers it with a refusal line like any other
        raise Usage("ask: the question is empty (give a question, or pipe questions on stdin)")
    qa = app.build_qa(config, corpus)
    robust_stdio()
    if args.command == "console":
        from bot.frontends.console import repl

        return repl(qa, sys.stdin, sys.stdout, args.explain)
    if args.command == "ask":
        from bot.frontends.console import ask

        questions = [" ".join(args.question)] if args.question else sys.stdin
        return ask(qa, questions, sys.stdout, args.json, args.explain)
    if args.command == "eval":
        from bot.frontends.evaluate import evaluate, load_items, to_text

        report = evaluate(qa, load_items(args.file))
        print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else to_text(report))
        return EXIT_OK
    if args.command == "index":
        engine = qa.engine
        print(
            f"articles {len(engine.documents)}\nsentences {len(engine.sentences)}\n"
            f"vocabulary {len(engine.index.vocab)}\nseconds {engine.build_seconds:.2f}"
        )
        return EXIT_OK
    raise Usage(f"unknown command {args.command}")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build everything once, map errors to exit codes."""
    args = parser().parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.perf_counter()
    try:
        return run(args)
    except (Usage, ConfigError, EvalFileError) as exc:
        print(f"bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CorpusError as exc:
        print(f"bot: {exc}", file=sys.stderr)
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
