"""Corpus files on disk: encodings, unreadable files, bad front matter, empty folders, copies."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import pytest
from corpora import load_documents
from inprocess import run

from bot.corpus.article import CorpusError

ROOT = Path(__file__).resolve().parents[2]

# Four articles, each with one fact no other article has.
QUALITY = """永康经验登上质量研讨班
稿源：永康日报 2016-11-25
今年9月，国家质检总局正式命名永康市为全国质量强市示范城市。
永康是全国首个获此命名的县级市。
"""
BRIDGE = """瓯江大桥正式通车
稿源：温州日报 2016-10-08
温州瓯江大桥于2016年10月8日正式通车，全长1.2公里。
市民陈先生说，通车以后他上班只要十分钟。
"""
HAM = """金华火腿文化节开幕
稿源：金华日报 2016-12-04
第十届金华火腿文化节于12月3日在金华开幕，共有86家企业参展。
主办方介绍，本届文化节为期五天。
"""
# 𠮷 and 䶮 exist in GB18030 but not in GBK.
RARE = """龙泉青瓷展在丽水举行
稿源：丽水日报 2016-09-12
龙泉青瓷传统烧制技艺展吸引了三千名观众，展品中有一件刻着𠮷字和䶮字的青瓷瓶。
策展人说，这件青瓷瓶烧制于清代。
"""


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with one article in each encoding newsrooms export."""
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "quality.txt", QUALITY.encode("utf-8"))
    write(folder, "bridge.txt", BRIDGE.encode("utf-8-sig"))
    write(folder, "ham.txt", HAM.encode("gbk"))
    write(folder, "rare.md", RARE.encode("gb18030"))
    return folder


def texts(folder: Path) -> dict[str, str]:
    return {d.source.path: "".join(s.text for s in d.sentences) for d in load_documents(folder)}


def test_every_encoding_loads_to_the_same_text(corpus: Path) -> None:
    loaded = texts(corpus)
    assert set(loaded) == {"quality.txt", "bridge.txt", "ham.txt", "rare.md"}
    assert "全国质量强市示范城市" in loaded["quality.txt"]
    assert "瓯江大桥于2016年10月8日正式通车" in loaded["bridge.txt"]
    assert not loaded["bridge.txt"].startswith("\ufeff")
    assert "第十届金华火腿文化节于12月3日在金华开幕" in loaded["ham.txt"]
    assert "刻着𠮷字和䶮字的青瓷瓶" in loaded["rare.md"]


def test_metadata_is_read_from_every_encoding(corpus: Path) -> None:
    papers = {d.source.path: (d.source.paper, d.source.date) for d in load_documents(corpus)}
    assert papers["bridge.txt"] == ("温州日报", "2016-10-08")
    assert papers["ham.txt"] == ("金华日报", "2016-12-04")


def test_binary_and_undecodable_files_are_skipped_with_a_warning(
    corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(corpus, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(corpus, "garbage.md", b"\xff\xfe\xfd\x80\x81\xfe" * 200)
    with caplog.at_level(logging.WARNING, logger="bot.corpus.article"):
        loaded = texts(corpus)
    assert set(loaded) == {"quality.txt", "bridge.txt", "ham.txt", "rare.md"}
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("photo.txt" in m and "skipped" in m for m in warned)
    assert any("garbage.md" in m and "skipped" in m for m in warned)


def test_invalid_front_matter_is_reported_with_file_and_line(
    corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bad = write(
        corpus,
        "bad.txt",
        ("---\ntitle: 永康新闻\nsource: 永康: 日报\ndate: 2016-11-25\n---\n" + QUALITY).encode(),
    )
    with caplog.at_level(logging.WARNING, logger="bot.corpus.article"):
        loaded = texts(corpus)
    assert f"{bad}:3:" in caplog.text  # the line of `source: 永康: 日报` in the file
    assert "全国质量强市示范城市" in loaded["bad.txt"]  # the article is still served


def test_front_matter_that_is_not_a_mapping_is_reported(
    corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bad = write(corpus, "list.txt", ("---\n- 永康\n- 日报\n---\n" + BRIDGE).encode())
    with caplog.at_level(logging.WARNING, logger="bot.corpus.article"):
        texts(corpus)
    assert f"{bad}:2:" in caplog.text


def test_the_same_article_under_two_names_is_indexed_once(corpus: Path) -> None:
    write(corpus, "quality copy.txt", QUALITY.encode("utf-8"))
    write(corpus, "quality-gbk.txt", QUALITY.encode("gbk"))  # same text, another encoding
    (corpus / "sub").mkdir()
    write(corpus / "sub", "quality.md", QUALITY.replace("\n", "\r\n").encode("utf-8-sig"))
    loaded = texts(corpus)
    assert len(loaded) == 4
    copies = [path for path, text in loaded.items() if "质量强市示范城市" in text]
    assert copies == ["quality copy.txt"]  # the first name in sorted order is kept


@pytest.mark.parametrize("files", [{}, {"photo.txt": b"\x00\x01\x02"}, {"notes.pdf": b"%PDF"}])
def test_a_folder_without_articles_is_an_error(tmp_path: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        write(tmp_path, name, data)
    with pytest.raises(CorpusError, match="no articles"):
        load_documents(tmp_path)


# --- the command line ----------------------------------------------------------------------


def test_cli_serves_every_article_and_names_the_skipped_file(corpus: Path, tmp_path: Path) -> None:
    write(corpus, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(corpus, "zz-copy.txt", HAM.encode("utf-8"))  # indexed once, under ham.txt
    questions = ["瓯江大桥什么时候通车", "金华火腿文化节有多少家企业参展", "青瓷瓶烧制于什么时候"]
    done = run(
        "--corpus", str(corpus), "ask", "--json", stdin="\n".join(questions) + "\n", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "photo.txt" in done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["abstained"] for r in replies] == [False, False, False]
    assert [r["source"]["path"] for r in replies] == ["bridge.txt", "ham.txt", "rare.md"]
    assert "2016年10月8日" in replies[0]["sentence"]
    assert "86" in replies[1]["sentence"]


def test_cli_index_counts_a_copied_article_once(corpus: Path, tmp_path: Path) -> None:
    write(corpus, "bridge-again.txt", BRIDGE.encode("gb18030"))
    done = run("--corpus", str(corpus), "index", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "articles 4" in done.stdout


@pytest.mark.parametrize("setup", ["empty", "binary only", "missing"])
def test_cli_unusable_corpus_folder_exits_2_with_one_line(tmp_path: Path, setup: str) -> None:
    folder = tmp_path / "articles"
    if setup != "missing":
        folder.mkdir()
    if setup == "binary only":
        write(folder, "photo.txt", b"\x00" * 64)
    done = run("--corpus", str(folder), "ask", "永康何时被命名", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    errors = [line for line in done.stderr.splitlines() if not line.startswith("WARNING")]
    assert len(errors) == 1, done.stderr
    assert str(folder) in errors[0]


def test_file_names_in_gbk_or_undecodable_bytes_are_served(corpus: Path, tmp_path: Path) -> None:
    folder = os.fsencode(corpus)  # names as a Windows zip or an old FTP server leaves them
    (corpus / "ham.txt").rename(os.fsdecode(folder + "/金华火腿.txt".encode("gbk")))
    (corpus / "bridge.txt").rename(os.fsdecode(folder + b"/\xff\xfe-bridge.txt"))
    done = run(
        "--corpus",
        str(corpus),
        "ask",
        "--json",
        cwd=tmp_path,
        stdin="瓯江大桥什么时候通车\n金华火腿文化节有多少家企业参展\n",
    )
    assert done.returncode == 0, done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["source"]["path"] for r in replies] == ["\ufffd\ufffd-bridge.txt", "金华火腿.txt"]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_cut_off_article_is_served_with_a_warning(
    corpus: Path, caplog: pytest.LogCaptureFixture, encoding: str
) -> None:
    data = (BRIDGE + "大桥由温州市交通局组织建设，历时三年。\n" * 5).encode(encoding)
    write(corpus, "bridge.txt", data[:-2] + data[-1:])  # a byte lost from the last character
    with caplog.at_level(logging.WARNING, logger="bot.corpus.article"):
        loaded = texts(corpus)
    assert "瓯江大桥于2016年10月8日正式通车" in loaded["bridge.txt"]
    assert "bridge.txt" in caplog.text and "\ufffd" in caplog.text


# --- only regular files inside the corpus folder are articles ------------------------------

SECRET = "root:x:0:0:root:/root:/bin/bash 机密的服务器口令是七七八八。\n"


def test_symbolic_links_are_not_followed_out_of_the_corpus(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET, encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(outside / "passwd.txt")
    (corpus / "etc").symlink_to(outside, target_is_directory=True)
    with caplog.at_level(logging.WARNING, logger="bot.corpus.article"):
        loaded = texts(corpus)
    assert set(loaded) == {"quality.txt", "bridge.txt", "ham.txt", "rare.md"}
    assert not any("口令" in text for text in loaded.values())
    assert f"{corpus / 'passwd.txt'}: skipped, a symbolic link" in caplog.text
    assert f"{corpus / 'etc'}: skipped, a symbolic link" in caplog.text


def test_a_link_swapped_in_after_listing_is_not_read(corpus: Path, tmp_path: Path) -> None:
    from bot.corpus.article import article_files, read_article

    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    listed = article_files(corpus)
    (corpus / "quality.txt").unlink()
    (corpus / "quality.txt").symlink_to(tmp_path / "secret.txt")
    assert read_article(corpus / "quality.txt") is None
    assert all(read_article(p) is not None for p in listed if p.name != "quality.txt")


def test_a_fifo_named_like_an_article_does_not_hang_the_build(corpus: Path) -> None:
    os.mkfifo(corpus / "pipe.txt")
    assert set(texts(corpus)) == {"quality.txt", "bridge.txt", "ham.txt", "rare.md"}


def _stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def test_folders_deeper_than_the_recursion_limit_are_listed(corpus: Path) -> None:
    # 300 levels under a recursion limit of 100 frames more than the test already uses: a
    # listing (or anything after it) that recursed per level would fail here as it would at
    # 1200 levels under Python's usual limit of 1000. Fewer folders: removing one takes
    # milliseconds on some disks (online discard).
    levels = 300
    deep = corpus
    for _ in range(levels):  # Path.mkdir(parents=True) would itself recurse
        deep = deep / "d"
        deep.mkdir()
    limit = sys.getrecursionlimit()
    try:
        write(deep, "deep.txt", QUALITY.replace("永康", "丽水").encode())
        sys.setrecursionlimit(_stack_depth() + 100)
        loaded = texts(corpus)
        sys.setrecursionlimit(limit)
        assert "/".join(["d"] * levels) + "/deep.txt" in loaded
    finally:  # bottom up: shutil.rmtree (and pytest's cleanup) recurse
        sys.setrecursionlimit(limit)
        (deep / "deep.txt").unlink(missing_ok=True)
        while deep != corpus:
            deep.rmdir()
            deep = deep.parent


def test_a_file_deleted_while_the_index_is_built_is_skipped(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing and reading race with the newsroom's edits: a file listed, then gone."""
    from bot.app import build_qa
    from bot.config import Config
    from bot.index import build, store

    def listed_then_deleted(folder: Path, warn: bool = True) -> list[Path]:
        return [*article_files(folder, warn), folder / "deleted.txt"]

    def stat_then_deleted(folder: Path) -> list[tuple[str, int | None, int | None]]:
        return [*article_stats(folder), ("deleted.txt", 12, 1)]

    from bot.corpus.article import article_files, article_stats

    monkeypatch.setattr(build, "article_files", listed_then_deleted)
    monkeypatch.setattr(store, "article_stats", stat_then_deleted)
    qa = build_qa(Config(base_dir=corpus.parent), corpus)
    assert len(qa.engine.documents) == 4


def test_file_names_with_line_breaks_stay_on_one_warning_line(corpus: Path, tmp_path: Path) -> None:
    write(corpus, "bad\nname\u2028.txt", b"\x00binary")
    done = run("--corpus", str(corpus), "index", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (line,) = [ln for ln in done.stderr.splitlines() if "name" in ln]
    assert line.startswith("WARNING") and "bad\\nname\\u2028.txt: skipped" in line
