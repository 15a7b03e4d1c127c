"""Reading what people hand the bot without trusting it: regular files of bounded size, and
YAML whose aliases could expand without limit refused before anything is built from it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import yaml

# libyaml's parser when PyYAML has it (its wheels do): ~20 times faster than the Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
MAX_NUMBER_CHARS = 64  # longer "numbers" are typing accidents or attacks (int() takes seconds)


class UnsafeYaml(ValueError):
    """YAML that is invalid, uses an alias or holds an absurd number; `line` is 1-based."""

    def __init__(self, message: str, line: int, key: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.line = line
        self.key = key  # the mapping keys leading to the problem, outermost first


def read_regular(path: Path, limit: int, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError (with strerror) otherwise.

    A FIFO would block a plain open() for ever and /dev/zero never ends; with `follow_links`
    False a symbolic link is refused too, even one swapped in after the folder was listed.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_links and os.path.islink(path):
            raise OSError(exc.errno, "a symbolic link, not followed") from None
        raise
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, "not a regular file")
        if st.st_size > limit:
            raise OSError(0, f"larger than {limit // 2**20} MB")
        os.set_blocking(fd, True)
        data = f.read(limit + 1)
    if len(data) > limit:  # it grew while we read
        raise OSError(0, f"larger than {limit // 2**20} MB")
    return data


def compose(text: str) -> yaml.Node | None:
    """The YAML document's node tree (None when empty); UnsafeYaml when it cannot be used."""
    loader = _LOADER(text)
    try:
        node = _single_node(loader)
    finally:
        loader.dispose()
    check(node)
    return node


def load(text: str) -> object:
    """Python values of a YAML document, as yaml.safe_load, once `compose` found it safe."""
    loader = _LOADER(text)
    try:
        node = _single_node(loader)
        check(node)
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def _single_node(loader: yaml.SafeLoader) -> yaml.Node | None:
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UnsafeYaml(str(problem), mark.line + 1 if mark else 1) from None


def check(node: yaml.Node | None) -> None:
    """Refuse aliases (a node reached twice) and overlong numbers, naming line and key."""
    seen: set[int] = set()
    for key, child, line in walk(node):
        if id(child) in seen:
            raise UnsafeYaml("aliases (*name) are not allowed", line, key)
        seen.add(id(child))
        if child.tag in _NUMBER_TAGS and len(str(child.value)) > MAX_NUMBER_CHARS:
            raise UnsafeYaml(f"a number of {len(child.value)} characters", line, key)


def walk(node: yaml.Node | None) -> Iterator[tuple[tuple[str, ...], yaml.Node, int]]:
    """Every node with the mapping keys above it and the 1-based line where it is used.

    Depth first and without recursion. A node shared through an alias is yielded once per
    place it is used (the line of its key, or of the collection holding it: a node only
    knows where its anchor stands), but its children only the first time, so the walk
    stays as small as the text.
    """
    if node is None:
        return
    expanded: set[int] = set()
    stack: list[tuple[tuple[str, ...], yaml.Node, int]] = [((), node, node.start_mark.line + 1)]
    while stack:
        key, current, line = stack.pop()
        yield key, current, line
        if id(current) in expanded:
            continue
        expanded.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for k, v in reversed(current.value):
                name = str(k.value) if isinstance(k, yaml.ScalarNode) else "?"
                at = k.start_mark.line + 1
                stack.append(((*key, name), v, at))
                stack.append((key, k, at))
        elif isinstance(current, yaml.SequenceNode):
            at = current.start_mark.line + 1
            stack.extend((key, v, at) for v in reversed(current.value))
