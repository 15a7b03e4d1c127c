"""Cost of hostile questions, and what attackers at the allowed rate do to everyone else.

    .venv/bin/python bench/attack.py --size 1M      # or 10k / 100k (the dev extra suffices)

On bench.py's seeded synthetic corpus of that size (generated and indexed on first use):

1. **Worst single question.** Long questions of the corpus's most common words (256-500
   characters, the most work a question can ask for) and other hostile shapes (random
   characters, digits, question words only) are each answered three times in-process; the
   fastest of the three is the question's cost (the machine is shared), the report gives
   the worst and the median.
2. **Another user's reply delay under attack.** The real Telegram front-end runs against
   the loopback Bot API stand-in (tests/botapi_standin.py). Attackers send, at the start of
   each flood window, everything their flood gate allows: the most expensive questions in
   private chats, as inline queries, and /sources. Meanwhile a bystander asks an ordinary
   question every half second; the delay from the update to the bot's reply is measured,
   and the same with no attackers as the baseline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BYSTANDERS = 10
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]  # bench.py and the stand-in

from bench import SIZES, generate, machine  # noqa: E402


def common_words(qa: Any, count: int = 600) -> list[str]:
    """The index's words of two or more characters in the most sentences."""
    index = qa.engine.index
    df = np.diff(index.postings.offsets)
    words = sorted(index.vocab, key=lambda w: -int(df[index.vocab[w]]))
    return [w for w in words if len(w) >= 2 and w.isalpha()][:count]


def expensive_questions(qa: Any, count: int, seed: int = 7) -> list[str]:
    """Questions of 256-500 characters made of the corpus's most common words."""
    words = common_words(qa)
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        size = 256 + (244 * i) // max(count - 1, 1)
        text = ""
        while len(text) < size:
            text += str(rng.choice(words))
        out.append(text[: size - 5] + "是什么时候？")
    return out


def odd_questions(seed: int = 3) -> dict[str, str]:
    rng = np.random.default_rng(seed)
    digits = "".join(str(d) for d in rng.integers(0, 10, 500))
    return {
        "random CJK": "".join(chr(int(c)) for c in rng.integers(0x4E00, 0x9FA5, 500)),
        "digits": digits,
        "digit pairs": " ".join(digits[i : i + 2] for i in range(0, 330, 2)),
        "question words": "什么时候谁在哪里多少为什么怎么样哪些" * 28,
        "repeated word": "质量" * 250,
    }


def worst_question(qa: Any, questions: dict[str, str]) -> dict[str, Any]:
    costs = {}
    for name, q in questions.items():
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            qa.answer(q)
            runs.append(time.perf_counter() - started)
        costs[name] = min(runs) * 1000
    worst = max(costs, key=costs.__getitem__)
    return {
        "questions": len(costs),
        "worst_ms": round(costs[worst], 1),
        "worst": worst,
        "median_ms": round(statistics.median(costs.values()), 1),
        "by_shape_ms": {k: round(v, 1) for k, v in costs.items() if not k.startswith("common")},
    }


def under_attack(
    qa: Any,
    bystander_questions: list[str],
    expensive: list[str],
    attackers: int,
    seconds: float,
    window: float,
) -> dict[str, Any]:
    """The bystander's reply delays (seconds) while `attackers` of each kind attack."""
    from botapi_standin import Standin, private, user
    from conftest import TELEGRAM_TOKEN
    from telegram_runner import RunningBot

    standin = Standin(TELEGRAM_TOKEN).start()
    bot = RunningBot.start(standin, qa, flood_window=window)
    tg = bot.state.config.telegram
    stop = threading.Event()

    def attack(kind: str, uid: int) -> None:
        n = 0
        while not stop.is_set():
            allowed = tg.flood_limit * (5 if kind == "inline" else 1)
            for _ in range(allowed):  # the whole allowance at once: the worst burst
                n += 1
                text = expensive[n % len(expensive)] + str(n)
                if kind == "question":
                    standin.message(private(uid), uid, text)
                elif kind == "sources":
                    standin.message(private(uid), uid, "/sources")
                else:
                    payload = {"id": f"{uid}-{n}", "from": user(uid), "query": text, "offset": ""}
                    standin.push("inline_query", payload)
            stop.wait(window)

    threads = []
    if attackers:
        for k, kind in enumerate(("question", "inline", "sources")):
            for a in range(attackers):
                uid = 10_000 + 100 * k + a
                threads.append(threading.Thread(target=attack, args=(kind, uid), daemon=True))
    for t in threads:
        t.start()
    time.sleep(0.2)
    # Bystanders take turns, a question every half second in all, each well within its limit.
    bystanders = list(range(90, 90 + BYSTANDERS))
    asked: list[tuple[int, int, float]] = []
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        uid = bystanders[i % len(bystanders)]
        pushed = time.monotonic()
        msg = standin.message(private(uid), uid, bystander_questions[i % 50])
        asked.append((uid, msg["message_id"], pushed))
        i += 1
        time.sleep(0.5)

    def answered(sent: list[dict[str, Any]]) -> bool:
        return len([m for m in sent if m["chat"]["id"] in bystanders]) >= len(asked)

    standin.wait_for(answered, timeout=120)
    stop.set()
    for t in threads:
        t.join()

    def replies_so_far() -> int:
        return len(standin.sent) + len(standin.inline_answers)

    quiet = -1
    while replies_so_far() != quiet:  # let the attackers' last replies go out first
        quiet = replies_so_far()
        time.sleep(1.0)
    replies = {m["reply_to"]: m["at"] for uid in bystanders for m in standin.to_chat(uid)}
    delays = [replies[mid] - pushed for _, mid, pushed in asked]
    attacks = len(standin.sent) - len(delays) + len(standin.inline_answers)
    bot.stop()
    standin.stop()
    return {
        "attackers": 3 * attackers,
        "attack_replies": attacks,
        "bystander_questions": len(delays),
        "throttled_bystander": sum(
            "太频繁" in m["text"] for u in bystanders for m in standin.to_chat(u)
        ),
        "p50_s": round(float(np.percentile(delays, 50)), 3),
        "p99_s": round(float(np.percentile(delays, 99)), 3),
        "max_s": round(max(delays), 3),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", default="100k", choices=sorted(SIZES))
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--work", type=Path, default=ROOT / "bench" / "results")
    p.add_argument("--expensive", type=int, default=40, help="long common-word questions")
    p.add_argument("--attackers", type=int, default=2, help="attackers of each kind")
    p.add_argument("--seconds", type=float, default=40.0, help="how long the bystander asks")
    p.add_argument("--window", type=float, default=20.0, help="telegram.flood_window")
    args = p.parse_args()

    from bot.app import build_qa
    from bot.config import load_config

    corpus = args.work / f"corpus-{args.size}-{args.seed}"
    info = generate(corpus, SIZES[args.size], args.seed)
    started = time.perf_counter()
    qa = build_qa(load_config(ROOT / "config.yaml", env={}), corpus)
    print(f"[{args.size}] index ready in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    expensive = expensive_questions(qa, args.expensive)
    shapes = {f"common {i}": q for i, q in enumerate(expensive)} | odd_questions()
    result: dict[str, Any] = {
        "size": args.size,
        "sentences": len(qa.engine.sentences),
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "single": worst_question(qa, shapes),
    }
    print(json.dumps(result["single"]), file=sys.stderr)
    ordinary = [str(q) for q in info["questions"]]  # type: ignore[index]
    for attackers in (0, args.attackers):
        key = "baseline" if attackers == 0 else "attack"
        result[key] = under_attack(qa, ordinary, expensive, attackers, args.seconds, args.window)
        print(json.dumps(result[key]), file=sys.stderr)
    out = args.work / f"attack-{args.size}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
