"""What changed in the corpus since the saved index: which articles are served now.

Only files whose stamp (size and modification time) changed are read. The "same text under
two names counts once" rule is replayed over every file's digest, so a copy that sorts
before its original, or a copy whose original went, is served as a full build would. An
article is unchanged when its fingerprint (text digest, front matter, paragraph breaks)
is; otherwise it is new, and its analysis goes into the next segment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.index.build import Article
from bot.index.segment import shape


@dataclass
class Change:
    """The articles served after an update: old ones by name, new ones analysed."""

    files: list[list[Any]]  # [name, stamp, digest] of every file
    names: list[str]
    shapes: list[str]
    counts: list[int]
    plan: list[str | Article]  # per served article: its old name, or its new analysis
    new: list[tuple[str, Article]]

    def only_stamps(self, manifest: dict[str, Any]) -> bool:
        return not self.new and self.names == manifest["names"]


def kept(names: Iterable[str], digests: Iterable[str | None]) -> list[str]:
    """The files a full build indexes: those with sentences, a text seen once (first name)."""
    seen: set[str] = set()
    out = []
    for name, digest in zip(names, digests, strict=True):
        if digest is not None and digest not in seen:
            seen.add(digest)
            out.append(name)
    return out


def plan_change(
    manifest: dict[str, Any],
    stamps: list[tuple[str, str, str | None]],
    analyse: Callable[[list[Path]], list[Article | None]],
) -> Change | None:
    """What the files changed since the manifest mean for the articles served; None when
    no file changed at all."""
    before = {f[0]: (f[1], f[2]) for f in manifest["files"]}
    changed = [
        (name, path)
        for name, path, stamp in stamps
        if stamp is None or name not in before or before[name][0] != stamp
    ]
    files = [[name, stamp, before.get(name, (None, None))[1]] for name, _, stamp in stamps]
    if not changed and len(files) == len(before):
        return None
    analysed = analyse([Path(p) for _, p in changed])
    fresh = dict(zip([n for n, _ in changed], analysed, strict=True))
    for f in files:
        if f[0] in fresh:
            art = fresh[f[0]]
            f[2] = art.digest if art is not None else None
    names = kept([f[0] for f in files], [f[2] for f in files])
    old = {
        n: (s, c)
        for n, s, c in zip(manifest["names"], manifest["shapes"], manifest["counts"], strict=True)
    }
    late = [n for n in names if n not in fresh and n not in old]  # a copy now kept
    paths = {n: p for n, p, _ in stamps}
    fresh.update(zip(late, analyse([Path(paths[n]) for n in late]), strict=True))
    change = Change(files, [], [], [], [], [])
    for name in names:
        art = fresh.get(name)
        fingerprint = (
            None if art is None else shape(art.source, art.digest, art.paragraphs, art.headlines)
        )
        if name in old and (art is None or fingerprint == old[name][0]):
            change.plan.append(name)
            change.shapes.append(old[name][0])
            change.counts.append(old[name][1])
        elif art is not None and fingerprint is not None:
            change.plan.append(art)
            change.new.append((name, art))
            change.shapes.append(fingerprint)
            change.counts.append(len(art.texts))
        else:  # a copy that was to take over, gone or empty since: the next update sees it
            continue
        change.names.append(name)
    return change


def _shape(art: Article) -> str:
    return shape(art.source, art.digest, art.paragraphs, art.headlines)
