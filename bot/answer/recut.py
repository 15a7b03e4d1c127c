"""A question's words cut again where the articles cut them.

jieba cuts a short question without the context an article gives its words, and its HMM glues
characters across a word's edge: 郑某军判了几年 becomes 郑某|军判, 锦地罗又被称为 becomes
锦地|罗, 包薪制约定 becomes 包薪|制约|定. The glued piece is a word no article uses, so it
counts as missing and the question is refused or answered from the wrong sentence. Where a
word the articles do use crosses the unseen term's edge, the question takes that word instead;
two glued characters the articles use as words of their own are split (写方 → 写 + 方), and one
character glued on to a word of the articles comes off it (半马有 → 半马).
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import replace

from bot.answer.question import Question
from bot.lang.lexicon import FILLER
from bot.lang.tokenizer import Tokenizer

# How far past an unseen term's edge the articles' word may reach, in characters.
_REACH = 4
# The most re-cuts a question gets (each removes an unseen term, so a few suffice).
_ROUNDS = 4


def recut(q: Question, vocab: Container[str], tokenizer: Tokenizer) -> Question:
    """The question with its unseen terms re-cut into the articles' words: where one crosses
    their edge, or else, for two characters the HMM glued, into the two."""
    terms = list(q.terms)
    term = tokenizer.term
    for _ in range(_ROUNDS):
        cut = _one(q, terms, vocab, term, tokenizer.known)
        if cut is None:
            break
        terms = cut
    # 写方宇航 cut 写方|宇航 where the articles cut 方|宇航: no article word crosses 写方's edge
    # (方 is a word of one character), but its two characters stand apart in the articles.
    split = []
    for t in terms:
        unseen = t not in vocab and not tokenizer.known(t)
        if unseen and len(t) == 2 and all(c in vocab for c in t):
            split += [k for c in t for k in _kept(c, q, vocab, term)]
        elif unseen and len(t) > 2 and (t[:-1] in vocab or t[1:] in vocab):
            # One character glued on to an article's word: 半马|有, 修|云岚桥.
            word, rest = (t[:-1], t[-1]) if t[:-1] in vocab else (t[1:], t[0])
            split += [word, *(k for k in _kept(rest, q, vocab, term) if k not in FILLER)]
        else:
            split.append(t)
    terms = split
    if terms == list(q.terms):
        return q
    return replace(q, terms=tuple(dict.fromkeys(terms)))


def _one(
    q: Question,
    terms: list[str],
    vocab: Container[str],
    term: Callable[[str], str | None],
    known: Callable[[str], bool],
) -> list[str] | None:
    """The terms after re-cutting the first unseen one that can be, or None."""
    text = q.text.lower()
    spans = _located(text, terms)
    for t, s, e in spans:
        if t in vocab or s < 0:
            continue
        word = _crossing(text, s, e, vocab, q.wh_spans, spans)
        if word is None:
            continue
        a, b = word
        out: list[str] = []
        lost = False  # a piece of a term left over and dropped
        for u, us, ue in spans:
            if us < 0 or ue <= a or us >= b:  # untouched by the new word
                out.append(u)
                continue
            left, right = text[us:a] if us < a else "", text[b:ue] if ue > b else ""
            kept = _kept(left, q, vocab, term), _kept(right, q, vocab, term)
            lost = lost or (bool(left) and not kept[0]) or (bool(right) and not kept[1])
            out += kept[0]
            if text[a:b] not in out:
                out.append(text[a:b])
            out += kept[1]
        # A word of jieba's dictionary is re-cut (龙|游走 → 龙游|走) only if no term the new
        # word cuts loses a piece: 永康|市长 must not become 永康市 alone, the 市委书记 would
        # answer; nor 公司|会|上诉 become 会上.
        if lost and len(t) > 1 and known(t):
            continue
        return out
    return None


def _kept(
    piece: str, q: Question, vocab: Container[str], term: Callable[[str], str | None]
) -> list[str]:
    """A piece of a re-cut term as a term, if it is one: one character left over says little
    and is often the counted unit (几个人), so it stays only if the articles use it."""
    kept = term(piece) if piece else None
    if kept and (len(kept) > 1 or (kept in vocab and kept != q.unit)):
        return [kept]
    return []


def _located(text: str, terms: list[str]) -> list[tuple[str, int, int]]:
    """Each term with where it stands in the text, in order; (-1, -1) if it is not there."""
    out, at = [], 0
    for t in terms:
        s = text.find(t, at)
        if s < 0:
            s = text.find(t)
        if s < 0:
            out.append((t, -1, -1))
            continue
        out.append((t, s, s + len(t)))
        at = s + len(t)
    return out


def _crossing(
    text: str,
    s: int,
    e: int,
    vocab: Container[str],
    wh: tuple[tuple[int, int], ...],
    spans: list[tuple[str, int, int]],
) -> tuple[int, int] | None:
    """The longest word of the articles (leftmost of equals) that overlaps text[s:e], reaches
    past one of its edges, leaves the question phrases whole and cuts no term the articles
    use but by holding all of it."""
    best: tuple[int, int] | None = None
    for a in range(max(0, s - _REACH), e):
        for b in range(min(len(text), e + _REACH), max(a + 2, s + 1) - 1, -1):
            if best is not None and b - a <= best[1] - best[0]:
                break
            if (a >= s and b <= e) or text[a:b] not in vocab:
                continue
            if any(a < we and ws < b for ws, we in wh):
                continue
            if any(
                u in vocab and us < b and a < ue and not (a <= us and ue <= b)
                for u, us, ue in spans
                if us >= 0
            ):
                continue
            best = (a, b)
    return best


def pieces(text: str, longest: int = 10) -> list[str]:
    """Every run of letters and digits of the text up to `longest` characters: what a re-cut
    of it may ask the articles' vocabulary about, longer words aside (the cluster is asked
    about these beforehand)."""
    return [
        text[i:j]
        for i in range(len(text))
        for j in range(i + 1, min(len(text), i + longest) + 1)
        if text[i:j].isalnum()
    ]
