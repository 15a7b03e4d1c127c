#!/usr/bin/env python3
"""Validate the newstrain training set (articles + questions.yaml).

Checks:
  * every NNN_slug.txt parses: YAML front matter with title/source/date/place,
    a non-empty body of 300-900 non-whitespace characters;
  * every answerable question names an existing article, and each `expect`
    string occurs (after folding whitespace) inside ONE sentence of that
    article -- exactly one sentence, so the proving sentence is unambiguous;
  * every answer form occurs in that proving sentence, except a resolved
    absolute date (e.g. 2023年8月16日), which must come first in the list and
    must equal what the article's own relative wording (昨天, 本月20日, 上周五,
    今年9月 ...) resolves to from the article's publication date;
  * an answer form containing a relative date must be preceded by its
    resolved absolute date;
  * no duplicate questions (answerable and unanswerable together).
Prints counts; exit status 1 on any error.

Usage: python3 check.py [-v]
"""
import datetime as dt
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
VERBOSE = "-v" in sys.argv[1:]

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def fold(s):
    return re.sub(r"\s+", " ", s).strip()


# ---------------------------------------------------------------- sentences
END = "。！？!?"
CLOSE = "”’\"」』）)】"


def sentences(body):
    """Split a body into sentences: every line break ends a sentence, and so
    does 。！？!? (closing quotes/brackets right after it stay attached)."""
    out = []
    for line in body.split("\n"):
        line = fold(line)
        if not line:
            continue
        buf = ""
        i = 0
        while i < len(line):
            ch = line[i]
            buf += ch
            i += 1
            if ch in END:
                while i < len(line) and (line[i] in END or line[i] in CLOSE):
                    buf += line[i]
                    i += 1
                if buf.strip():
                    out.append(buf.strip())
                buf = ""
        if buf.strip():
            out.append(buf.strip())
    return out


# ---------------------------------------------------------------- dates
RESOLVED = re.compile(r"^\d{4}年(\d{1,2}月(\d{1,2}日|上旬|中旬|下旬|底|初)?)?$")
WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def fmt(d):
    return f"{d.year}年{d.month}月{d.day}日"


def resolve(form, pub):
    """All absolute dates that relative expressions inside `form` denote,
    seen from publication date `pub`."""
    out = set()
    day_words = [
        (r"(?<!大)(今天|今日|今晨|今晚)", 0),
        (r"(昨天|昨日|昨晚)", -1),
        (r"(?<!大)前天", -2),
        (r"(明天|明日|明晚)", 1),
        (r"(?<!大)后天", 2),
    ]
    for pat, off in day_words:
        if re.search(pat, form):
            out.add(fmt(pub + dt.timedelta(days=off)))
    for m in re.finditer(r"(上|本|这|下)周([一二三四五六日天])", form):
        monday = pub - dt.timedelta(days=pub.weekday())
        week = {"上": -7, "本": 0, "这": 0, "下": 7}[m.group(1)]
        out.add(fmt(monday + dt.timedelta(days=week + WEEKDAY[m.group(2)])))
    for m in re.finditer(r"本月(\d{1,2})日", form):
        out.add(fmt(dt.date(pub.year, pub.month, int(m.group(1)))))
    for m in re.finditer(r"本月(上旬|中旬|下旬|底|初)", form):
        out.add(f"{pub.year}年{pub.month}月{m.group(1)}")
    for m in re.finditer(r"(今年|去年|明年)(\d{1,2})月(?:(\d{1,2})日|(上旬|中旬|下旬|底|初))?", form):
        y = pub.year + {"今年": 0, "去年": -1, "明年": 1}[m.group(1)]
        mon = int(m.group(2))
        if m.group(3):
            out.add(fmt(dt.date(y, mon, int(m.group(3)))))
        elif m.group(4):
            out.add(f"{y}年{mon}月{m.group(4)}")
        else:
            out.add(f"{y}年{mon}月")
    for m in re.finditer(r"(今年|去年|明年)(?![\d一二三四五六七八九十])", form):
        y = pub.year + {"今年": 0, "去年": -1, "明年": 1}[m.group(1)]
        out.add(f"{y}年")
    return out


# ---------------------------------------------------------------- articles
def load_article(path):
    text = path.read_text(encoding="utf-8")
    m = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", text, re.S)
    if not m:
        err(f"{path.name}: no YAML front matter")
        return None
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        err(f"{path.name}: bad front matter: {e}")
        return None
    if not isinstance(meta, dict):
        err(f"{path.name}: front matter is not a mapping")
        return None
    for key in ("title", "source", "date", "place"):
        if not meta.get(key):
            err(f"{path.name}: front matter lacks {key}")
    date = meta.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            err(f"{path.name}: bad date {date!r}")
            date = None
    elif not isinstance(date, dt.date):
        err(f"{path.name}: bad date {date!r}")
        date = None
    body = m.group(2).strip()
    n = len(re.sub(r"\s", "", body))
    if not 300 <= n <= 900:
        err(f"{path.name}: body has {n} characters, want 300-900")
    return {"meta": meta, "date": date, "body": body, "chars": n,
            "sents": sentences(body)}


articles = {}
for p in sorted((HERE / "articles").glob("[0-9][0-9][0-9]_*.txt")):
    a = load_article(p)
    if a:
        articles[p.name] = a

# ---------------------------------------------------------------- questions
try:
    data = yaml.safe_load((HERE / "questions.yaml").read_text(encoding="utf-8"))
except (OSError, yaml.YAMLError) as e:
    print(f"ERROR: cannot load questions.yaml: {e}")
    sys.exit(1)

answerable = data.get("answerable") or []
unanswerable = data.get("unanswerable") or []

seen = {}


def qkey(q):
    return re.sub(r"[\s？?。！!，,]+", "", q).lower()


def note_q(q, where):
    k = qkey(q)
    if k in seen:
        err(f"duplicate question {q!r} ({seen[k]} and {where})")
    else:
        seen[k] = where


per_article = {name: 0 for name in articles}
resolved_count = 0
for i, item in enumerate(answerable):
    where = f"answerable[{i}]"
    if not isinstance(item, dict):
        err(f"{where}: not a mapping")
        continue
    q, expect, answer, art = (item.get(k) for k in ("q", "expect", "answer", "article"))
    if not isinstance(q, str) or not q.strip():
        err(f"{where}: missing q")
        continue
    where = f"{where} {q!r}"
    note_q(q, where)
    if art not in articles:
        err(f"{where}: unknown article {art!r}")
        continue
    per_article[art] += 1
    a = articles[art]
    if isinstance(expect, str):
        expect = [expect]
    if not expect or not all(isinstance(e, str) and e.strip() for e in expect):
        err(f"{where}: expect must be a non-empty list of strings")
        continue
    if not isinstance(answer, list) or not answer or not all(isinstance(x, str) and x.strip() for x in answer):
        err(f"{where}: answer must be a non-empty list of strings (quote numbers!)")
        continue
    ex = [fold(e) for e in expect]
    for e in ex:
        if e not in fold(a["body"]):
            err(f"{where}: expect {e!r} not in {art}")
    cands = [s for s in a["sents"] if all(e in s for e in ex)]
    if not cands:
        if all(e in fold(a["body"]) for e in ex):
            err(f"{where}: expect {ex!r} spans more than one sentence")
        continue
    if len(cands) > 1:
        err(f"{where}: expect {ex!r} matches {len(cands)} sentences; make it unique")
        continue
    sent = cands[0]
    literal = [fold(x) for x in answer if fold(x) in sent]
    missing = [fold(x) for x in answer if fold(x) not in sent]
    if not literal:
        err(f"{where}: no answer form occurs in the proving sentence: {sent}")
    resolvable = set()
    for x in literal:
        resolvable |= resolve(x, a["date"])
    for j, x in enumerate(missing):
        if not RESOLVED.match(x):
            err(f"{where}: answer {x!r} not in proving sentence: {sent}")
        elif answer.index(x) != 0:
            err(f"{where}: resolved date {x!r} must be the first answer form")
        elif x not in resolvable:
            err(f"{where}: resolved date {x!r} does not match the article's wording "
                f"(from {a['date']}: {sorted(resolvable) or 'nothing resolvable'})")
        else:
            resolved_count += 1
    if resolvable and not (missing and RESOLVED.match(fold(answer[0])) and fold(answer[0]) not in sent):
        err(f"{where}: relative date in answer {literal!r} but no resolved date first "
            f"(expected one of {sorted(resolvable)})")
    if VERBOSE:
        print(f"ok  {art}  {q}  ->  {answer[0]}")

for i, item in enumerate(unanswerable):
    q = item.get("q") if isinstance(item, dict) else item
    if not isinstance(q, str) or not q.strip():
        err(f"unanswerable[{i}]: not a question string")
        continue
    note_q(q, f"unanswerable[{i}] {q!r}")

for name, n in per_article.items():
    if not 7 <= n <= 9:
        warnings.append(f"{name}: {n} answerable questions (want 7-9)")

# ---------------------------------------------------------------- report
TRAD = set("們這個時開門車號線電話會長賣錢貴區鎮為誰來還幾點關圖書館請從讓後對華寧鐵運氣過見說東發國風場學醫島漁頭幣萬億舉辦賽軍隊獎貨馬臺颱義烏與歲級節樓價紀費參進餘組籃範圍橋麼鷗陸錢價")
all_q = [it.get("q", "") for it in answerable if isinstance(it, dict)] + \
        [(it.get("q") if isinstance(it, dict) else it) or "" for it in unanswerable]
trad = sum(1 for q in all_q if any(c in TRAD for c in q))

print(f"articles:      {len(articles)}  (body chars {min(a['chars'] for a in articles.values())}-"
      f"{max(a['chars'] for a in articles.values())})")
print(f"answerable:    {len(answerable)}  (per article {min(per_article.values())}-{max(per_article.values())}; "
      f"{resolved_count} with resolved relative dates)")
print(f"unanswerable:  {len(unanswerable)}")
print(f"traditional-character questions: {trad} ({100.0 * trad / max(1, len(all_q)):.1f}%)")
for w in warnings:
    print("WARNING:", w)
for e in errors:
    print("ERROR:", e)
if errors:
    print(f"FAILED with {len(errors)} error(s)")
    sys.exit(1)
print("OK")
