"""Benchmark: synthetic corpora of 10k-1M sentences, our pipeline against bm25s, scipy, rank-bm25.

    python bench/bench.py --sizes 10k,100k,1M      # or `make bench`

Each size gets a seeded synthetic corpus (jieba dictionary words drawn by frequency into
sentences of 8-40 words, articles with dates and places, plus the bundled seed articles)
and a question set drawn the same way. Every stage runs in a fresh process so its peak RSS
is its own: build (fresh index, both cores), serve (restart from the persisted index, then
the whole pipeline per question through `QA.answer`), and the references (bm25s numpy and
numba backends, scipy CSC, rank-bm25). Prints and writes a Markdown table to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus"
WH = ("是什么", "在哪里", "是谁", "什么时候", "有多少", "为什么")
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dictionary() -> tuple[list[str], np.ndarray, list[str]]:
    """jieba's dictionary: Chinese words, their frequencies, and place names."""
    import jieba

    words, freqs, places = [], [], []
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        if all("\u4e00" <= ch <= "\u9fff" for ch in word):
            words.append(word)
            freqs.append(int(freq))
            if tag == "ns" and 2 <= len(word) <= 3 and int(freq) > 2000:
                places.append(word)
    p = np.array(freqs, dtype=np.float64)
    return words, p / p.sum(), places


def generate(folder: Path, sentences: int, seed: int) -> dict[str, object]:
    """Write a synthetic corpus and its questions (cached by size and seed)."""
    marker = folder / ".generated.json"
    if marker.is_file():
        return json.loads(marker.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    words, p, places = dictionary()
    lengths = rng.integers(8, 41, size=sentences)
    drawn = rng.choice(len(words), size=int(lengths.sum()), p=p)
    starts = np.concatenate(([0], np.cumsum(lengths)))
    questions: list[str] = []
    made = written = 0
    while made < sentences:
        n = int(rng.integers(10, 60))
        year, month, day = (
            int(rng.integers(2014, 2025)),
            int(rng.integers(1, 13)),
            int(rng.integers(1, 29)),
        )
        place = places[int(rng.integers(len(places)))]
        body = []
        for i in range(made, min(made + n, sentences)):
            ws = [words[j] for j in drawn[starts[i] : starts[i + 1]]]
            cut = int(rng.integers(4, len(ws) - 2))
            body.append("".join(ws[:cut]) + "，" + "".join(ws[cut:]) + "。")
            if rng.random() < 1000 / sentences * 1.2 and len(questions) < 1000:
                k = int(rng.integers(0, len(ws) - 4))
                span = ws[k : k + int(rng.integers(2, 5))]
                questions.append("".join(span) + WH[int(rng.integers(len(WH)))] + "？")
        title = "".join(words[j] for j in rng.choice(len(words), size=6, p=p))
        sub = folder / str(year)
        sub.mkdir(exist_ok=True)
        front = (
            f"---\ntitle: {title}\nsource: {place}日报\ndate: '{year}-{month:02d}-{day:02d}'"
            f"\nplace: {place}\n---\n\n"
        )
        paragraphs = ["".join(body[i : i + 4]) for i in range(0, len(body), 4)]
        (sub / f"{written:07d}.txt").write_text(
            front + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
        made += n
        written += 1
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    info = {"articles": written, "questions": questions}
    marker.write_text(json.dumps(info, ensure_ascii=False))
    return info


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = np.array(seconds) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


def stage_build(corpus: Path) -> dict[str, object]:
    from bot.app import build_qa
    from bot.config import load_config

    config = load_config(ROOT / "config.yaml", env={})
    shutil.rmtree(corpus / ".index", ignore_errors=True)  # every saved index of this corpus
    engine = build_qa(config, corpus).engine
    seconds = engine.build_seconds  # reading, tokenizing, indexing and saving
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "build_s": seconds,
        "sentences": len(engine.sentences),
        "vocab": len(engine.index.vocab),
        "build_rss_mb": peak_rss_mb(),
        "worker_rss_mb": children,
    }


def stage_serve(corpus: Path, questions: list[str]) -> dict[str, object]:
    from bot.app import build_qa
    from bot.config import load_config

    config = load_config(ROOT / "config.yaml", env={})
    started = time.perf_counter()
    qa = build_qa(config, corpus)
    load_s = time.perf_counter() - started  # the whole restart: tokenizer, key, index
    index_s = qa.engine.build_seconds  # hashing the articles and reading the index
    if not qa.engine.loaded:
        raise SystemExit("serve stage expected a persisted index")
    for q in questions[:20]:  # warm caches as a running bot would have
        qa.answer(q)
    whole, retrieval = [], []
    for q in questions:
        t = time.perf_counter()
        qa.answer(q)
        whole.append(time.perf_counter() - t)
    search = []
    for q in questions:
        t = time.perf_counter()
        terms = qa.tokenizer.tokenize(qa.normalizer.question(q))
        groups = [[w] for w in terms]
        s = time.perf_counter()
        qa.engine.index.search(groups, 10)
        done = time.perf_counter()
        retrieval.append(done - t)
        search.append(done - s)
    return {
        "load_s": load_s,
        "index_load_s": index_s,
        "serve_rss_mb": peak_rss_mb(),
        "pipeline": percentiles(whole),
        "retrieval": percentiles(retrieval),
        "search": percentiles(search),
    }


def stage_refs(corpus: Path, questions: list[str], rank_limit: int) -> dict[str, object]:
    import bm25s
    import scipy.sparse as sp
    from bm25s.tokenization import Tokenized

    from bot.app import build_qa
    from bot.config import load_config

    config = load_config(ROOT / "config.yaml", env={})
    qa = build_qa(config, corpus)
    normalizer, tokenizer, index = qa.normalizer, qa.tokenizer, qa.engine.index
    pairs = [
        (q, [t for t in tokenizer.tokenize(normalizer.question(q)) if t in index.vocab])
        for q in questions
    ]
    pairs = [(q, tokens) for q, tokens in pairs if tokens]
    queries = [tokens for _, tokens in pairs]
    out: dict[str, object] = {}
    bounds = index.sent_offsets.tolist()
    flat = index.sent_terms.array().tolist()
    ids = [flat[bounds[i] : bounds[i + 1]] or [0] for i in range(index.size)]
    for backend in ("numpy", "numba"):
        retriever = bm25s.BM25(k1=index.k1, b=index.b, backend=backend)
        retriever.index(Tokenized(ids=ids, vocab=dict(index.vocab)), show_progress=False)
        for q in queries[:5]:  # compile / warm up
            retriever.retrieve([q], k=10, show_progress=False, backend_selection=backend)
        times = []
        for q in queries:
            t = time.perf_counter()
            retriever.retrieve(
                [q], k=10, show_progress=False, backend_selection=backend, n_threads=1
            )
            times.append(time.perf_counter() - t)
        out[f"bm25s_{backend}"] = percentiles(times)
        if backend == "numba":
            out["duel"] = duel(qa, retriever, pairs)
        del retriever
    del ids
    csc = sp.csc_matrix(
        (index.posting_weights(), index.postings.ids, index.postings.offsets),
        shape=(index.size, len(index.vocab)),
    )
    times = []
    for q in queries:
        t = time.perf_counter()
        cols = [index.vocab[w] for w in q]
        scores = np.asarray(csc[:, cols].sum(axis=1)).ravel()
        top = np.argpartition(-scores, 9)[:10]
        top[np.argsort(-scores[top])]
        times.append(time.perf_counter() - t)
    out["scipy_csc"] = percentiles(times)
    if index.size <= rank_limit:
        out.update(rank_bm25_check(index, queries[:100]))
    return out


def duel(qa: object, retriever: object, pairs: list[tuple[str, list[int]]]) -> dict[str, object]:
    """Our whole pipeline and bm25s-numba's bare search, question by question, turn about.

    The machine's speed drifts by a quarter within minutes here; timing the two in one loop
    compares them under the same conditions.
    """
    ours, theirs = [], []
    for n, (question, tokens) in enumerate(pairs):
        for side in ("ours", "theirs") if n % 2 else ("theirs", "ours"):
            t = time.perf_counter()
            if side == "ours":
                qa.answer(question)  # type: ignore[attr-defined]
            else:
                retriever.retrieve(
                    [tokens],
                    k=10,
                    show_progress=False,  # type: ignore[attr-defined]
                    backend_selection="numba",
                    n_threads=1,
                )
            (ours if side == "ours" else theirs).append(time.perf_counter() - t)
    return {"pipeline": percentiles(ours), "bm25s_numba": percentiles(theirs)}


def rank_bm25_check(index: object, queries: list[list[str]]) -> dict[str, object]:
    """rank-bm25's own ranking against our top 10 (ties broken by sentence id on both sides)."""
    from rank_bm25 import BM25Okapi

    terms = list(index.vocab)  # type: ignore[attr-defined]
    bounds = index.sent_offsets.tolist()  # type: ignore[attr-defined]
    flat = index.sent_terms.array().tolist()  # type: ignore[attr-defined]
    corpus = [[terms[t] for t in flat[bounds[i] : bounds[i + 1]]] for i in range(len(bounds) - 1)]
    okapi = BM25Okapi(corpus, k1=index.k1, b=index.b)  # type: ignore[attr-defined]
    same, times = 0, []
    for q in queries:
        t = time.perf_counter()
        scores = okapi.get_scores(q)
        times.append(time.perf_counter() - t)
        order = np.lexsort((np.arange(len(scores)), -scores))[:10]
        want = [(int(i), float(scores[i])) for i in order if scores[i] > 0]
        got = [(h.sentence, h.score) for h in index.search([[w] for w in q], 10)]  # type: ignore[attr-defined]
        same += got[: len(want)] == want
    return {"rank_bm25": percentiles(times), "top10_equal": f"{same}/{len(queries)}"}


def run_stage(stage: str, corpus: Path, extra: list[str]) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--stage", stage, "--corpus", str(corpus), *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"stage {stage} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def fmt(pair: object) -> str:
    return "—" if pair is None else f"{pair[0]:.2f} / {pair[1]:.2f}"  # type: ignore[index]


def fmt_duel(duel: object) -> str:
    if not isinstance(duel, dict):
        return "—"
    return f"{duel['pipeline'][0]:.2f} vs {duel['bm25s_numba'][0]:.2f} (p50)"


def table(rows: list[dict[str, object]]) -> str:
    head = (
        "| size | sentences | build s | build RSS MB (main / worker) | restart s "
        "| serve RSS MB | pipeline p50/p99 ms | retrieval p50/p99 ms | search only "
        "| bm25s numpy | bm25s numba | scipy CSC | rank-bm25 | top-10 = rank-bm25 "
        "| pipeline vs bm25s numba, turn about |"
    )
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for r in rows:
        lines.append(
            f"| {r['size']} | {r['sentences']:,} | {r['build_s']:.1f} | {r['build_rss_mb']:.0f} / "
            f"{r['worker_rss_mb']:.0f} | {r['load_s']:.2f} ({r['index_load_s']:.2f}) | "
            f"{r['serve_rss_mb']:.0f} | "
            f"{fmt(r['pipeline'])} | {fmt(r['retrieval'])} | {fmt(r.get('search'))} | "
            f"{fmt(r.get('bm25s_numpy'))} | "
            f"{fmt(r.get('bm25s_numba'))} | {fmt(r.get('scipy_csc'))} | "
            f"{fmt(r.get('rank_bm25'))} | {r.get('top10_equal', '—')} | "
            f"{fmt_duel(r.get('duel'))} |"
        )
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10k,100k,1M")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--work", type=Path, default=ROOT / "bench" / "results")
    p.add_argument("--questions", type=int, default=500)
    p.add_argument(
        "--rank-limit",
        type=int,
        default=200_000,
        help="largest size checked against rank-bm25 (it scores in Python)",
    )
    p.add_argument("--stage", help=argparse.SUPPRESS)
    p.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.stage:
        info = json.loads((args.corpus / ".generated.json").read_text())
        questions = info["questions"][: args.questions]
        if args.stage == "build":
            result = stage_build(args.corpus)
        elif args.stage == "serve":
            result = stage_serve(args.corpus, questions)
        else:
            result = stage_refs(args.corpus, questions, args.rank_limit)
        print(json.dumps(result))
        return 0
    rows = []
    for size in args.sizes.split(","):
        corpus = args.work / f"corpus-{size}-{args.seed}"
        started = time.perf_counter()
        info = generate(corpus, SIZES[size], args.seed)
        print(
            f"[{size}] corpus: {info['articles']} articles, {len(info['questions'])} questions "
            f"({time.perf_counter() - started:.0f}s)",
            file=sys.stderr,
        )
        row: dict[str, object] = {"size": size}
        extra = ["--questions", str(args.questions), "--rank-limit", str(args.rank_limit)]
        for stage in ("build", "serve", "refs"):
            started = time.perf_counter()
            row.update(run_stage(stage, corpus, extra))
            print(f"[{size}] {stage} done ({time.perf_counter() - started:.0f}s)", file=sys.stderr)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
        text = (
            f"{table(rows)}\n\nMachine: {machine()}. Latencies are p50 / p99 in ms; "
            "restart is a fresh process's build_qa, in brackets the index load alone.\n"
        )
        (args.work / "results.md").write_text(text, encoding="utf-8")  # after each size
        (args.work / "results.json").write_text(json.dumps(rows, indent=1))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
