#!/usr/bin/env python3
"""Check the city-daily evaluation set in this folder.

Verifies that
  * every article file (NN_slug.txt) has YAML front matter with title,
    source, date (YYYY-MM-DD) and place, and a body of 400-900 characters;
  * every answerable question names an existing article, and every `expect`
    substring occurs in that article inside one line and one sentence
    (after removing whitespace and folding full-width/half-width forms);
  * every `answer` form occurs in the article, unless it is an absolute date
    that another form of the same answer (a relative date such as 昨天,
    本月12日, 明年4月 that does occur in the article) resolves to against the
    article's publication date;
  * each evidence sentence (one containing an `expect`) contains at least one
    answer form or the relative wording behind it;
  * no question is listed twice;
and prints the counts. Exits 1 if anything fails.

Usage: python3 tools/check_news_set.py [folder]   (default: tests/data/news)
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

FIELDS = ("title", "source", "date", "place")
BODY_MIN, BODY_MAX = 400, 900
SENTENCE_END = re.compile(r"(?<=[。！？!?])")

RELATIVE_DAY = {
    "前天": -2,
    "昨天": -1,
    "昨日": -1,
    "昨晚": -1,
    "昨夜": -1,
    "今天": 0,
    "今日": 0,
    "今晨": 0,
    "今晚": 0,
    "今夜": 0,
    "明天": 1,
    "明日": 1,
    "后天": 2,
}
RELATIVE_YEAR = {"去年": -1, "今年": 0, "明年": 1}


def fold(text: str) -> str:
    """Fold full-width forms (NFKC) and drop all whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def read_article(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", text, re.S)
    if not match:
        raise ValueError("no YAML front matter")
    meta = yaml.safe_load(match.group(1))
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    missing = [f for f in FIELDS if not meta.get(f)]
    if missing:
        raise ValueError(f"front matter lacks {missing}")
    date = meta["date"]
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise ValueError(f"bad date {date!r}: {exc}") from None
    if not isinstance(date, dt.date):
        raise ValueError(f"bad date {meta['date']!r}")
    meta["date"] = date
    body = match.group(2).strip()
    if not body:
        raise ValueError("empty body")
    return meta, body


def resolve_relative(expr: str, pub: dt.date) -> tuple | None:
    """Resolve relative wording to (y, m, d) or (y, m); None if not relative."""
    for word, delta in RELATIVE_DAY.items():
        if expr.startswith(word):
            day = pub + dt.timedelta(days=delta)
            return (day.year, day.month, day.day)
    m = re.match(r"本月(\d{1,2})日", expr)
    if m:
        return (pub.year, pub.month, int(m.group(1)))
    for word, delta in RELATIVE_YEAR.items():
        m = re.match(word + r"(\d{1,2})月(?:(\d{1,2})日)?", expr)
        if m:
            if m.group(2):
                return (pub.year + delta, int(m.group(1)), int(m.group(2)))
            return (pub.year + delta, int(m.group(1)))
    m = re.match(r"(\d{1,2})月(\d{1,2})日", expr)
    if m:
        return (pub.year, int(m.group(1)), int(m.group(2)))
    m = re.match(r"(\d{1,2})日", expr)
    if m:
        return (pub.year, pub.month, int(m.group(1)))
    return None


def parse_absolute(form: str) -> tuple | None:
    """Parse 2024年5月16日 / 2024年7月 / 5月16日 into a comparable key."""
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", form)
    if m:
        y, mo, d = m.groups()
        return (int(y), int(mo), int(d)) if d else (int(y), int(mo))
    m = re.fullmatch(r"(\d{1,2})月(\d{1,2})日", form)
    if m:
        return (None, int(m.group(1)), int(m.group(2)))
    return None


def same_date(absolute: tuple, resolved: tuple) -> bool:
    if absolute[0] is None:  # month and day only
        return len(resolved) == 3 and resolved[1:] == absolute[1:]
    if len(absolute) == 2:  # year and month only
        return resolved[:2] == absolute
    return resolved == absolute


def main(folder: Path) -> int:
    errors: list[str] = []
    warnings: list[str] = []

    articles: dict[str, tuple[dict, str]] = {}
    for path in sorted((folder / "articles").glob("[0-9]*_*.txt")):
        try:
            meta, body = read_article(path)
        except (ValueError, yaml.YAMLError) as exc:
            errors.append(f"{path.name}: {exc}")
            continue
        size = len(fold(body))
        if not BODY_MIN <= size <= BODY_MAX:
            errors.append(f"{path.name}: body has {size} characters")
        articles[path.name] = (meta, body)

    data = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    answerable = data.get("answerable") or []
    unanswerable = data.get("unanswerable") or []

    folded_lines = {
        name: [fold(line) for line in body.splitlines() if line.strip()]
        for name, (_, body) in articles.items()
    }

    per_article: Counter = Counter()
    relative_dates = 0
    for i, item in enumerate(answerable, 1):
        q = item.get("q")
        name = item.get("article")
        where = f"answerable #{i} ({q})"
        if not isinstance(q, str) or not q.strip():
            errors.append(f"{where}: empty question")
            continue
        if name not in articles:
            errors.append(f"{where}: unknown article {name!r}")
            continue
        per_article[name] += 1
        pub = articles[name][0]["date"]
        whole = "".join(folded_lines[name])
        expects = item.get("expect") or []
        answers = item.get("answer") or []
        if not expects:
            errors.append(f"{where}: no expect")
        if not all(isinstance(x, str) for x in expects + answers):
            errors.append(f"{where}: expect/answer entries must be strings")
            continue

        # relative wording present in the article, resolved against its date
        present = [a for a in answers if fold(a) in whole]
        resolved = {a: resolve_relative(fold(a), pub) for a in present}
        for form in answers:
            if fold(form) in whole:
                continue
            key = parse_absolute(fold(form))
            if key and any(r and same_date(key, r) for r in resolved.values()):
                relative_dates += 1
                continue
            errors.append(f"{where}: answer {form!r} not in {name}")

        evidence_sentences = []
        for exp in expects:
            e = fold(exp)
            lines = [ln for ln in folded_lines[name] if e in ln]
            if not lines:
                where_else = "" if e not in whole else " (spans a line break)"
                errors.append(f"{where}: expect {exp!r} not in {name}{where_else}")
                continue
            sentences = [s for ln in lines for s in SENTENCE_END.split(ln) if e in s]
            if not sentences:
                errors.append(f"{where}: expect {exp!r} spans a sentence end")
            evidence_sentences.append((exp, sentences))
            others = [
                n for n, ls in folded_lines.items() if n != name and any(e in ln for ln in ls)
            ]
            if others:
                warnings.append(f"{where}: expect {exp!r} also occurs in {others}")

        if answers:
            for exp, sentences in evidence_sentences:
                if not any(fold(a) in s for a in present for s in sentences):
                    errors.append(f"{where}: no answer form in the sentence of {exp!r}")

    for name in articles:
        if per_article[name] == 0:
            errors.append(f"{name}: no questions")

    seen = Counter(
        [fold(x["q"]) for x in answerable if isinstance(x.get("q"), str)]
        + [fold(x) for x in unanswerable if isinstance(x, str)]
    )
    for q, n in seen.items():
        if n > 1:
            errors.append(f"question listed {n} times: {q}")
    if not all(isinstance(x, str) and x.strip() for x in unanswerable):
        errors.append("unanswerable entries must be non-empty strings")

    total = len(answerable) + len(unanswerable)
    print(f"articles:       {len(articles)}")
    for name, (meta, body) in articles.items():
        print(
            f"  {name:26} {meta['source']} {meta['date']}  "
            f"{len(fold(body))} chars  {per_article[name]} questions"
        )
    print(
        f"answerable:     {len(answerable)}"
        f"  (resolved relative-date answer forms: {relative_dates})"
    )
    share = len(unanswerable) / total if total else 0.0
    print(f"unanswerable:   {len(unanswerable)}  ({share:.0%} of {total})")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / "tests/data/news"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
