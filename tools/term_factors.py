"""Check the question terms' weight factors (bot/answer/terms.py) on the crossed data.

    python tools/term_factors.py [--shared ../shared]

Each factor scales a term's idf: when it names the kind of answer asked (CATEGORY), when no
article uses it (UNSEEN_LIGHT for a verb or the like, UNSEEN_NOUN for a noun or name), when
it is one character (ONE_CHARACTER). For each factor and each value tried, the others as
shipped, the ranker is fitted crossed as `train_ranker.py --cross` does (on the other public
file and the news training set; on both public files for the news set) and its evidence
hit@1 printed per measured set. A shipped value stays unless another beats its mean by more
than the noise between refits; the table and the choice are in docs/answer-method.md. It needs
the `train` extra and takes about twenty minutes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import train_ranker as T

from bot.answer import terms

GRID = {
    "CATEGORY": (0.1, 0.3, 0.6, 1.0),
    "UNSEEN_LIGHT": (0.25, 0.5, 1.0),
    "UNSEEN_NOUN": (1.0, 1.5, 2.0),
    "ONE_CHARACTER": (0.2, 0.4, 0.7, 1.0),
}


def crossed(shared: Path, news: Path) -> list[tuple[str, float]]:
    """Evidence hit@1 on each source, fitted on the others (the data read afresh, since the
    term weights enter every feature)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmrc, drcd, news_set = T.load_data(shared, news, Path(tmp))
    out = []
    for fitted, measured in (([cmrc, news_set], drcd), ([drcd, news_set], cmrc)):
        out.append((measured.name, T.measure(T.fit(fitted), measured)["hit@1"]))
    out.append((news_set.name, T.measure(T.fit([cmrc, drcd]), news_set)["hit@1"]))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=T.ROOT.parent / "shared")
    p.add_argument("--news", type=Path, default=T.ROOT / "train" / "news")
    args = p.parse_args()
    if not (args.shared / "qa" / "external").is_dir():
        print(f"term_factors: no {args.shared}/qa/external", file=sys.stderr)
        return 2
    for name, values in GRID.items():
        shipped = getattr(terms, name)
        for value in values:
            setattr(terms, name, value)
            scores = crossed(args.shared, args.news)
            mean = sum(s for _, s in scores) / len(scores)
            cells = "  ".join(f"{source} {score:.3f}" for source, score in scores)
            mark = " (shipped)" if value == shipped else ""
            print(f"{name} {value}{mark}: {cells}  mean {mean:.4f}", flush=True)
        setattr(terms, name, shipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
