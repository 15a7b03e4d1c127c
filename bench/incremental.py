"""Benchmark: incremental index updates on the benchmark corpus (issue 15's targets).

    python bench/incremental.py --size 1M      # after `make bench` made the corpus, or it makes it

On bench.py's corpus (same generator and seed), each step in a fresh process as a user
would run it: a full `index` (only when no index is saved), add one article and `index`,
`ask` about it, delete it and `index`, add 1,000 articles (50k sentences) and `index`, then
single-article updates until ten segments are live; serve (restart time, RSS, latency) with
ten segments and again after merging them; last, a running bot (`corpus.watch_seconds: 1`)
answering a newly dropped article, with its peak RSS against its serving RSS. The articles
it adds are removed at the end, so the corpus stays bench.py's. Writes
bench/results/incremental-SIZE.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402  (bench.py beside this file: the corpus generator)

NEW = "zz-incremental"  # folder of the articles this benchmark adds (sorts last)
MIDDLE = "2019/0000500a-new.txt"  # the single article: its name sorts inside the corpus
MARK = "青田县第十三届杨梅节吸引了八千六百名游客"
QUESTION = "青田县第十三届杨梅节吸引了多少游客？"


def article(rng: np.random.Generator, words: list[str], p: np.ndarray, n: int, mark: str) -> str:
    body = []
    for _ in range(n):
        ws = [words[j] for j in rng.choice(len(words), size=int(rng.integers(8, 30)), p=p)]
        body.append("".join(ws[:4]) + "，" + "".join(ws[4:]) + "。")
    if mark:
        body.insert(len(body) // 2, mark + "。")
    paragraphs = ["".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    front = "---\ntitle: 青田新闻\nsource: 丽水日报\ndate: '2025-06-20'\nplace: 丽水\n---\n\n"
    return front + "\n\n".join(paragraphs) + "\n"


def run(*args: str, corpus: Path, stdin: str = "") -> tuple[float, str]:
    """Wall time and output of `python -m bot --corpus CORPUS ARGS` in a fresh process."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "bot", "--corpus", str(corpus), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - started, out.stdout


def answered_from(corpus: Path, name: str) -> tuple[float, bool]:
    seconds, out = run("ask", "--json", QUESTION, corpus=corpus)
    answer = json.loads(out.splitlines()[-1])
    path = (answer.get("source") or {}).get("path", "")
    return seconds, path == name


def segments_of(corpus: Path) -> int:
    [manifest] = (corpus / ".index").glob("*/index.json")
    return len(json.loads(manifest.read_text())["index"]["segments"])


def stage_watch(corpus: Path) -> dict[str, object]:
    """A running bot watching the corpus: seconds until a dropped article is answered."""
    from bot.app import build_qa
    from bot.config import load_config
    from bot.frontends.reload import Reloader

    config = load_config(ROOT / "config.yaml", env={})
    # The article first: the word list it is drawn from (jieba's dictionary, read here)
    # is the benchmark's memory, not the bot's, and must not count in its peak.
    words, p, _ = bench.dictionary()
    text = article(np.random.default_rng(9), words, p, 40, MARK)
    del words, p
    qa = build_qa(config, corpus)
    for q in json.loads((corpus / ".generated.json").read_text())["questions"][:50]:
        qa.answer(q)
    serving = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # peak RSS from here on
    reloader = Reloader.for_corpus(qa, config, corpus)
    reloader.watch(1.0)
    name = f"{NEW}/watched.txt"
    path = corpus / name
    path.parent.mkdir(exist_ok=True)
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    seconds = None
    while time.perf_counter() - started < 60:
        a = qa.answer(QUESTION)
        if a.source is not None and a.source.path == name:
            seconds = time.perf_counter() - started
            break
        time.sleep(0.1)
    reloader.wait(60)
    reloader.stop(5)
    peak = _status("VmHWM")
    path.unlink()
    return {"watch_answered_s": seconds, "serving_rss_mb": serving, "update_peak_rss_mb": peak}


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def stage_merge(corpus: Path) -> dict[str, object]:
    from bot.app import build_qa
    from bot.config import load_config
    from bot.index.segments import merge_segments

    qa = build_qa(load_config(ROOT / "config.yaml", env={}), corpus)
    started = time.perf_counter()
    merge_segments(qa.engine)
    return {"merge_s": time.perf_counter() - started}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", default="1M", choices=sorted(bench.SIZES))
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--questions", type=int, default=300)
    p.add_argument("--stage", help=argparse.SUPPRESS)
    p.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.stage:
        stages = {"watch": stage_watch, "merge": stage_merge}
        if args.stage == "serve":
            info = json.loads((args.corpus / ".generated.json").read_text())
            print(json.dumps(bench.stage_serve(args.corpus, info["questions"][: args.questions])))
        else:
            print(json.dumps(stages[args.stage](args.corpus)))
        return 0
    corpus = ROOT / "bench" / "results" / f"corpus-{args.size}-{args.seed}"
    info = bench.generate(corpus, bench.SIZES[args.size], args.seed)
    out: dict[str, object] = {"size": args.size, "machine": bench.machine()}
    out["load_before"] = os.getloadavg()

    def stage(name: str) -> dict[str, object]:
        extra = ["--questions", str(args.questions)]
        res = subprocess.run(
            [sys.executable, __file__, "--stage", name, "--corpus", str(corpus), *extra],
            capture_output=True,
            text=True,
            check=True,
        )
        return dict(json.loads(res.stdout.splitlines()[-1]))

    seconds, _ = run("index", corpus=corpus)  # a full build only if nothing is saved
    out["first_index_s"] = seconds
    words, prob, _ = bench.dictionary()
    rng = np.random.default_rng(args.seed + 1)
    single = corpus / MIDDLE
    single.write_text(article(rng, words, prob, 40, MARK), encoding="utf-8")
    out["add_one_index_s"], _ = run("index", corpus=corpus)
    out["add_one_ask_s"], out["add_one_answered"] = answered_from(corpus, MIDDLE)
    single.unlink()
    out["delete_one_index_s"], _ = run("index", corpus=corpus)
    out["delete_one_ask_s"], still = answered_from(corpus, MIDDLE)
    out["delete_one_gone"] = not still
    (corpus / NEW).mkdir(exist_ok=True)
    for i in range(1000):
        text = article(rng, words, prob, 50, "")
        (corpus / NEW / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    out["add_1000_index_s"], _ = run("index", corpus=corpus)
    singles: list[float] = []
    while segments_of(corpus) < 10:
        (corpus / NEW / f"one-{len(singles)}.txt").write_text(
            article(rng, words, prob, 30, ""), encoding="utf-8"
        )
        singles.append(run("index", corpus=corpus)[0])
    out["single_updates_s"] = singles
    out["segments"] = segments_of(corpus)
    out["serve_10_segments"] = stage("serve")
    out.update(stage("merge"))
    out["serve_merged"] = stage("serve")
    out.update(stage("watch"))
    for path in sorted((corpus / NEW).iterdir()):
        path.unlink()
    (corpus / NEW).rmdir()
    out["cleanup_index_s"], _ = run("index", corpus=corpus)
    out["load_after"] = os.getloadavg()
    out["articles"] = info["articles"]
    text = json.dumps(out, indent=1)
    (ROOT / "bench" / "results" / f"incremental-{args.size}.json").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
