"""Record every answer the bot gives, so a refactor can prove it changed none.

    python tools/same_answers.py OUT.jsonl [--shared ../shared] [--python .venv/bin/python]

Asks, through `python -m bot ask --json --explain` in a subprocess (so it works on any
revision of the code), the questions of dev.yaml and tests/data/heldout*.yaml against the
bundled corpus, and the first 1,000 questions of the CMRC 2018 trial file against a corpus
built from that file's articles. Compare two runs with `cmp` or `diff`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def yaml_questions(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = [item["q"] for item in data.get("answerable", [])]
    return questions + [q if isinstance(q, str) else q["q"] for q in data.get("unanswerable", [])]


def squad_corpus(path: Path, folder: Path) -> list[str]:
    """Write one article per title into `folder`; return the file's questions in order."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    questions = []
    for n, article in enumerate(data):
        body = "\n\n".join(p["context"] for p in article["paragraphs"])
        front = yaml.safe_dump({"title": article["title"]}, allow_unicode=True)
        (folder / f"{n:05d}.txt").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
        questions += [qa["question"] for p in article["paragraphs"] for qa in p["qas"]]
    return questions


def ask(python: str, corpus: Path, questions: list[str]) -> list[str]:
    text = "".join(q.replace("\n", " ") + "\n" for q in questions)
    out = subprocess.run(
        [python, "-m", "bot", "--corpus", str(corpus), "ask", "--json", "--explain"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    return out.splitlines()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--python", default=str(ROOT / ".venv/bin/python"))
    p.add_argument("--external", type=int, default=1000, help="CMRC questions to ask")
    args = p.parse_args()
    if not (args.shared / "qa/dev.yaml").is_file():
        p.error(f"no {args.shared}/qa/dev.yaml: pass --shared with the shared data folder")
    files = [args.shared / "qa/dev.yaml", *sorted((ROOT / "tests/data").glob("heldout*.yaml"))]
    lines: list[str] = []
    questions = [q for f in files if f.is_file() for q in yaml_questions(f)]
    lines += ask(args.python, ROOT / "corpus", questions)
    cmrc = args.shared / "qa/external/cmrc2018_trial.json"
    if args.external:
        with tempfile.TemporaryDirectory() as tmp:
            qs = squad_corpus(cmrc, Path(tmp))[: args.external]
            lines += ask(args.python, Path(tmp), qs)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} answers written to {args.out}")


if __name__ == "__main__":
    main()
