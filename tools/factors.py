"""Check the hand-set factors of the question terms and their coverage on the crossed data.

    python tools/factors.py [--shared ../shared] [NAME ...]

The factors: a term's idf times CATEGORY when it names the kind of answer asked, UNSEEN_LIGHT
or UNSEEN_NOUN when no article uses it (a verb or the like; a noun or name), ONE_CHARACTER when
it is one character (bot/answer/terms.py); and how much a term found around the sentence covers
(bot/answer/coverage.py: the *_STRENGTH factors). For each factor (or those named)
and each value tried, the others as shipped, the ranker is fitted crossed as
`train_ranker.py --cross` does (on the other public file and the news training set; on both
public files for the news set) and its evidence hit@1 printed per measured set. A shipped value
stays unless another beats its mean by more than the noise between refits; the tables and the
choices are in docs/answer-method.md. It needs the `train` extra and takes about a minute and a
half per value.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import train_ranker as T

from bot.answer import coverage, terms

GRID = {
    "CATEGORY": (terms, (0.1, 0.3, 0.6, 1.0)),
    "UNSEEN_LIGHT": (terms, (0.25, 0.5, 1.0)),
    "UNSEEN_NOUN": (terms, (1.0, 1.5, 2.0)),
    "ONE_CHARACTER": (terms, (0.2, 0.4, 0.7, 1.0)),
    "ARTICLE_STRENGTH": (coverage, (0.4, 0.6, 0.8, 1.0)),
    "NEARBY_STRENGTH": (coverage, (0.4, 0.6, 0.8)),
    "SECTION_STRENGTH": (coverage, (0.3, 0.5, 0.7)),
    "HEADLINE_STRENGTH": (coverage, (0.2, 0.4, 0.6)),
}


def crossed(shared: Path, news: Path) -> list[tuple[str, float]]:
    """Evidence hit@1 on each source, fitted on the others (the data read afresh, since the
    term weights enter every feature)."""
    with tempfile.TemporaryDirectory() as tmp:
        return [
            (measured.name, T.measure(T.fit(fitted), measured)["hit@1"])
            for fitted, measured in T.crossed(
                T.prepare(shared, news, Path(tmp)),
                [c for c in T.CROSSINGS if len(c[0]) == 2],  # each source from both others
            )
        ]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=T.ROOT.parent / "shared")
    p.add_argument("--news", type=Path, default=T.ROOT / "train" / "news")
    p.add_argument("names", nargs="*", help=f"only these factors, of {', '.join(GRID)}")
    args = p.parse_args()
    unknown = [n for n in args.names if n not in GRID]
    if unknown:
        p.error(f"no factor {', '.join(unknown)}")
    if not (args.shared / "qa" / "external").is_dir():
        print(f"factors: no {args.shared}/qa/external", file=sys.stderr)
        return 2
    for name in args.names or GRID:
        module, values = GRID[name]
        shipped = getattr(module, name)
        for value in values:
            setattr(module, name, value)
            scores = crossed(args.shared, args.news)
            mean = sum(s for _, s in scores) / len(scores)
            cells = "  ".join(f"{source} {score:.3f}" for source, score in scores)
            mark = " (shipped)" if value == shipped else ""
            print(f"{name} {value}{mark}: {cells}  mean {mean:.4f}", flush=True)
        setattr(module, name, shipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
