"""SQuAD files: reading them and the corpus folders built from their articles."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.app import build_qa
from bot.config import load_config
from bot.corpus.article import read_article
from bot.frontends.evaluate import EvalFileError
from bot.frontends.squad import cached_corpus, load_squad, looks_like_squad, write_corpus

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "squad_mini.json"


def test_reads_articles_questions_and_every_gold_answer() -> None:
    squad = load_squad(MINI)
    assert [a.title for a in squad.articles] == [
        "青溪大桥", "白鹭湖", "陳明遠紀念館", "山茶花节", "星火围棋社"
    ]  # fmt: skip
    assert len(squad.questions) == 11
    lake = [q for q in squad.questions if q.article == 1]
    assert lake[0].answers == ("42平方公里", "约42平方公里")
    assert len(squad.digest) == 64


def test_detects_squad_by_suffix_or_content(tmp_path: Path) -> None:
    renamed = tmp_path / "questions.txt"
    renamed.write_bytes(MINI.read_bytes())
    yaml_file = tmp_path / "dev.yaml"
    yaml_file.write_text("answerable:\n  - q: 甲\n", encoding="utf-8")
    assert looks_like_squad(MINI) and looks_like_squad(renamed)
    assert not looks_like_squad(yaml_file)
    assert load_squad(renamed).questions == load_squad(MINI).questions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "cannot read as SQuAD JSON"),
        ('{"version": 1}', "top-level 'data' list"),
        ('{"data": [{"title": "t"}]}', "needs a 'paragraphs' list"),
        ('{"data": [{"paragraphs": [{"context": "甲", "qas": [{"question": "乙"}]}]}]}', "answers"),
        ('{"data": [{"paragraphs": [{"context": "甲", "qas": []}]}]}', "no questions"),
    ],
)
def test_bad_file_is_an_eval_file_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvalFileError, match=message):
        load_squad(path)


def test_each_article_is_one_file_with_its_title_and_paragraphs(tmp_path: Path) -> None:
    squad = load_squad(MINI)
    write_corpus(squad, tmp_path)
    files = sorted(tmp_path.glob("*.txt"))
    assert [f.name for f in files] == [f"{n:05d}.txt" for n in range(5)]
    article = read_article(files[0])
    assert article is not None
    # No date or paper: the reader would otherwise take 2018年10月1日 from the body.
    assert article.meta == {"title": "青溪大桥", "source": "", "date": ""}
    assert article.body == "\n\n".join(squad.articles[0].paragraphs) + "\n"


def test_the_bot_reads_the_corpus_as_written(tmp_path: Path) -> None:
    squad = load_squad(MINI)
    write_corpus(squad, tmp_path)
    engine = build_qa(load_config(ROOT / "config.yaml", env={}), tmp_path).engine
    assert [d.source.title for d in engine.documents] == [a.title for a in squad.articles]
    assert all(d.source.date is None and d.source.paper == "" for d in engine.documents)
    bridge = engine.documents[0].sentences
    # Two paragraphs stay two; the title is front matter, not a sentence.
    assert [(s.paragraph, s.text) for s in bridge] == [
        (0, "青溪大桥位于青溪县城东侧，跨越青溪江。"),
        (0, "大桥于2015年3月开工建设，2018年10月1日正式通车。"),
        (1, "大桥全长1160米，总投资约6.5亿元，由青溪路桥集团负责施工。"),
    ]


def test_cached_corpus_is_built_once_per_file_and_part(tmp_path: Path) -> None:
    squad = load_squad(MINI)
    everything = cached_corpus(squad, tmp_path)
    stamp = (everything / "00000.txt").stat().st_mtime_ns
    assert cached_corpus(squad, tmp_path) == everything
    assert (everything / "00000.txt").stat().st_mtime_ns == stamp
    even = cached_corpus(squad, tmp_path, "even")
    assert even != everything
    assert sorted(p.name for p in even.glob("*.txt")) == ["00000.txt", "00002.txt", "00004.txt"]
    assert squad.digest[:16] in everything.name


def test_unwritable_cache_falls_back_to_a_temporary_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    folder = cached_corpus(load_squad(MINI), blocker / "cache")
    try:
        assert folder.is_relative_to(Path(tempfile.gettempdir()))
        assert len(list(folder.glob("*.txt"))) == 5
    finally:
        shutil.rmtree(folder)


def test_fixture_answers_are_spans_of_their_contexts() -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))["data"]
    for article in data:
        for para in article["paragraphs"]:
            for qa in para["qas"]:
                for a in qa["answers"]:
                    start = a["answer_start"]
                    assert para["context"][start : start + len(a["text"])] == a["text"]
