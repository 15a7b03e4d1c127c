"""One writer at a time: an `index` run waits while another writer holds the index folder."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from bot import app
from bot.index import lock, store

ROOT = Path(__file__).resolve().parents[2]


def test_an_update_waits_for_the_writer_holding_the_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        f"corpus:\n  path: {corpus}\n  index_path: {tmp_path / 'index'}\n", "utf-8"
    )
    config = app.load(config_path)
    app.refresh_index(config, None)  # the saved index, built once
    _, tokenizer = app.text_tools(config, None)
    folder = store.index_dir(config, corpus, tokenizer)
    before = store.read_manifest(folder)
    assert before is not None
    (corpus / "新稿.txt").write_text("标题：新稿\n\n东阳新建一座大桥，全长520米。\n", "utf-8")

    done = threading.Event()

    def update() -> None:
        app.refresh_index(config, None)  # analyses one article: well under a second alone
        done.set()

    with lock.writer(folder):  # as another process's update would hold it
        worker = threading.Thread(target=update)
        worker.start()
        time.sleep(1.0)
        assert not done.is_set()
        assert store.read_manifest(folder) == before  # nothing written meanwhile
    assert done.wait(30)
    worker.join(5)
    after = store.read_manifest(folder)
    assert after is not None and "新稿.txt" in after["names"]


def test_a_folder_that_cannot_be_created_goes_unlocked(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    ran = False
    with lock.writer(blocker / "index"):  # mkdir fails: no lock, and no error either
        ran = True
    assert ran and blocker.read_text("utf-8") == "not a folder"
