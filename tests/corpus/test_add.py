"""`python -m bot add`: articles copied into the corpus with front matter, body untouched."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import ROOT
from corpora import load_documents
from inprocess import Done, run

from bot.corpus.article import split_front_matter

BODY = (
    "永康日报\n\n2016年11月\n\n25\n\n治堵哨兵 志愿服务队成立\n\n"
    "22日,团市委联合举行\u3000治堵哨兵 志愿服务队成立仪式。\n"
)


def _add(corpus: Path, *args: str) -> Done:
    return run("--corpus", str(corpus), "add", *args, cwd=corpus.parent)


def _split(path: Path) -> tuple[dict[str, object], bytes]:
    data = path.read_bytes()
    assert data.startswith(b"---\n")
    end = data.index(b"\n---\n", 4) + len(b"\n---\n")
    return yaml.safe_load(data[4 : end - 4].decode()), data[end:]


def test_add_keeps_the_body_byte_identical_and_writes_front_matter(tmp_path: Path) -> None:
    original = tmp_path / "incoming.txt"
    original.write_bytes(BODY.encode() + b"\r\n\r\n\xe6\x9c\xab\xe8\xa1\x8c \t\n")
    corpus = tmp_path / "corpus"
    done = _add(corpus, str(original), "--title", "治堵哨兵志愿服务队成立", "--date", "2016-11-22")
    assert done.returncode == 0, done.stderr
    meta, body = _split(corpus / "incoming.txt")
    assert body == original.read_bytes()
    assert meta == {
        "title": "治堵哨兵志愿服务队成立",
        "source": "永康日报",
        "date": "2016-11-22",
        "place": "永康",
    }
    assert "added" in done.stdout


def test_added_article_reads_back_with_its_metadata(tmp_path: Path) -> None:
    original = tmp_path / "news.md"
    original.write_text(BODY, encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert _add(corpus, str(original), "--source", "金华日报", "--place", "金华").returncode == 0
    (doc,) = load_documents(corpus)
    assert doc.source.path == "news.md"
    source = doc.source
    assert (source.paper, source.place, source.date) == ("金华日报", "金华", "2016-11-25")
    assert "22日,团市委联合举行 治堵哨兵 志愿服务队成立仪式。" in [s.text for s in doc.sentences]


def test_existing_front_matter_is_merged_not_duplicated(tmp_path: Path) -> None:
    original = tmp_path / "a.txt"
    original.write_text("---\ntitle: 旧标题\nsource: 永康日报\n---\n" + BODY, encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert _add(corpus, str(original), "--title", "新标题").returncode == 0
    text = (corpus / "a.txt").read_text(encoding="utf-8")
    meta, body = split_front_matter(text, corpus / "a.txt")
    assert meta["title"] == "新标题" and meta["source"] == "永康日报"
    assert body == BODY
    assert text.count("---\n") == 2


def test_gb18030_file_is_stored_as_utf8_with_the_same_text(tmp_path: Path) -> None:
    original = tmp_path / "gb.txt"
    original.write_bytes(BODY.encode("gb18030"))
    corpus = tmp_path / "corpus"
    assert _add(corpus, str(original)).returncode == 0
    _, body = _split(corpus / "gb.txt")
    assert body.decode("utf-8") == BODY


def test_big5_file_is_detected_and_stored_as_utf8(tmp_path: Path) -> None:
    traditional = (
        "永康日報\n\n治堵哨兵 志願服務隊成立\n\n22日,團市委聯合舉行治堵哨兵志願服務隊成立儀式。\n"
    )
    original = tmp_path / "big5.txt"
    original.write_bytes(traditional.encode("big5"))
    corpus = tmp_path / "corpus"
    done = _add(corpus, str(original))
    assert done.returncode == 0, done.stderr
    assert "(converted from Big5 to UTF-8)" in done.stdout
    _, body = _split(corpus / "big5.txt")
    assert body.decode("utf-8") == traditional
    (doc,) = load_documents(corpus)
    assert "22日,團市委聯合舉行治堵哨兵志願服務隊成立儀式。" in [s.text for s in doc.sentences]


def test_a_web_page_saved_as_txt_is_read_as_a_page(tmp_path: Path) -> None:
    saved = tmp_path / "saved.txt"
    saved.write_bytes((ROOT / "tests" / "data" / "pages" / "modern.html").read_bytes())
    corpus = tmp_path / "corpus"
    done = _add(corpus, str(saved))
    assert done.returncode == 0, done.stderr
    meta, body = _split(corpus / "saved.txt")
    assert meta["source"] == "温州日报" and "塔高172.5米" in body.decode("utf-8")
    assert b"<html" not in body and b"</p>" not in body


def test_existing_article_is_not_overwritten_without_force(tmp_path: Path) -> None:
    original = tmp_path / "a.txt"
    original.write_text(BODY, encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert _add(corpus, str(original)).returncode == 0
    again = _add(corpus, str(original), "--title", "改过的标题")
    assert again.returncode == 1
    assert "--force" in again.stdout
    assert "改过的标题" not in (corpus / "a.txt").read_text(encoding="utf-8")
    assert _add(corpus, str(original), "--title", "改过的标题", "--force").returncode == 0
    assert "改过的标题" in (corpus / "a.txt").read_text(encoding="utf-8")


def test_unreadable_file_is_skipped_with_exit_1(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    done = _add(tmp_path / "corpus", str(binary), str(tmp_path / "missing.txt"))
    assert done.returncode == 1
    assert done.stdout.count("skipped") == 2
    assert f"skipped {binary}: not text in UTF-8, GB18030 or Big5" in done.stdout
    assert "Traceback" not in done.stderr


def test_date_is_written_as_yyyy_mm_dd(tmp_path: Path) -> None:
    original = tmp_path / "a.txt"
    original.write_text(BODY, encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert _add(corpus, str(original), "--date", "2016年11月5日").returncode == 0
    meta, _ = _split(corpus / "a.txt")
    assert meta["date"] == "2016-11-05"


def test_bad_date_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    original = tmp_path / "a.txt"
    original.write_text(BODY, encoding="utf-8")
    corpus = tmp_path / "corpus"
    done = _add(corpus, str(original), "--date", "2016-02-30")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "--date" in done.stderr
    assert not (corpus / "a.txt").exists()


def _add_here(corpus: Path, *files: Path, force: bool = False) -> tuple[int, str]:
    import argparse
    import io

    from bot.corpus.add import add_articles

    args = argparse.Namespace(
        files=list(files), title=None, source=None, date=None, place=None, force=force
    )
    out = io.StringIO()
    return add_articles(args, corpus, out), out.getvalue()


def test_add_replaces_a_link_in_the_corpus_and_never_writes_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("不能被改写的文件。", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.txt").symlink_to(outside)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    incoming = tmp_path / "in"
    incoming.mkdir()
    for name in ("news.txt", "dangling.txt"):
        (incoming / name).write_text(BODY, encoding="utf-8")
    status, out = _add_here(corpus, incoming / "dangling.txt")
    assert status == 1 and "exists" in out  # a dangling link is a name already taken
    status, out = _add_here(corpus, incoming / "news.txt", incoming / "dangling.txt", force=True)
    assert status == 0, out
    assert outside.read_text(encoding="utf-8") == "不能被改写的文件。"
    assert not (tmp_path / "nowhere.txt").exists()
    for name in ("news.txt", "dangling.txt"):
        assert not (corpus / name).is_symlink() and "治堵哨兵" in (corpus / name).read_text()


def test_add_copies_the_content_of_a_link_it_is_given(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(BODY, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    corpus = tmp_path / "corpus"
    status, _ = _add_here(corpus, tmp_path / "link.txt")
    assert status == 0
    assert not (corpus / "link.txt").is_symlink()
    assert _split(corpus / "link.txt")[1] == BODY.encode()


def test_add_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    status, out = _add_here(tmp_path / "corpus", tmp_path / "pipe.txt", Path("/dev/zero"))
    assert status == 1 and out.count("not a regular file") == 2
