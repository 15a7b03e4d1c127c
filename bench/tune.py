"""Sweep the refusal thresholds over question files and print how each setting scores.

    python bench/tune.py ../shared/qa/dev.yaml tests/data/heldout.yaml

The defaults in config.yaml are the setting that refuses every unanswerable question
while keeping the most answers right.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import load_config
from bot.frontends.evaluate import evaluate, load_items

COVERAGE = (0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)
RELATIVE = (0.0, 0.15, 0.25, 0.4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--config", type=Path, default=Path("config.yaml"))
    args = parser.parse_args(argv)
    config = load_config(args.config, env={})
    base = build_qa(config, None)
    items = [item for f in args.files for item in load_items(f)]
    print(
        "| min_coverage | min_relative_score | hit@1 | short answer | refusal precision | "
        "refusal recall |"
    )
    print("|---|---|---|---|---|---|")
    for coverage in COVERAGE:
        for relative in RELATIVE:
            tuned = replace(config.answer, min_coverage=coverage, min_relative_score=relative)
            qa = QA(
                base.engine,
                normalizer=base.normalizer,
                tokenizer=base.tokenizer,
                retrieval=config.retrieval,
                answer_config=tuned,
                synonyms=config.text.synonyms,
            )
            r = evaluate(qa, items)
            mark = (
                " ←"
                if (coverage, relative)
                == (config.answer.min_coverage, config.answer.min_relative_score)
                else ""
            )
            print(
                f"| {coverage} | {relative} | {r.hit1:.3f} | {r.short_answer:.3f} | "
                f"{r.refusal_precision:.3f} | {r.refusal_recall:.3f}{mark} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
