"""Answer → console text and JSON-ready dicts (Telegram HTML lives with the Telegram front-end)."""

from __future__ import annotations

import json

from bot.corpus.boilerplate import is_boilerplate
from bot.model import UNAVAILABLE, Answer, Evidence, Explanation, Source

NOT_FOUND = "文章中没有找到答案。"
UNAVAILABLE_TEXT = "检索服务暂时不可用，请稍后再试。"  # the search cluster cannot answer now
ONLY_ARTICLES = "我只回答已收录文章里的问题。"  # the hint Telegram gives too
SEE_ALSO = 2  # at most this many 另见 lines under an answer
MISSING_SHOWN = 5  # at most this many of a refusal's missing terms are named
# Valid raw in JSON, but line breaks to JavaScript and str.splitlines: escaped in JSON lines.
_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(value: object) -> str:
    """One JSON document on one line (UTF-8 kept readable, every line break escaped)."""
    return json.dumps(value, ensure_ascii=False).translate(_SEPARATORS)


def source_line(source: Source) -> str:
    """ "永康日报 2016-11-25《标题》": paper, date and title, whichever are known."""
    parts = [p for p in (source.paper, source.date) if p]
    title = source.title if len(source.title) <= 24 else source.title[:23] + "…"
    return " ".join(parts) + f"《{title}》"


SEE_SENTENCE = "见原文"  # in place of a short answer: the quoted sentence is the answer
MAYBE = "可能是"  # before a short answer the fitted confidence is middling about
UNSURE = "不一定相关，"  # before 见原文, which names no answer: the evidence may not fit


def answer_line(answer: Answer) -> str:
    """The short answer, with the evidence's own words when it completes them:
    2016年9月（原文"今年9月"）; 见原文 when no short answer was picked out, or when it is
    most of the sentence quoted under it anyway."""
    if not answer.answer or near_whole(answer.answer, answer.sentence or ""):
        return SEE_SENTENCE
    return answer.answer + (f'（原文"{answer.said}"）' if answer.said else "")


def hedge(answer: Answer, line: str) -> str:
    """What the answer line `line` starts with: nothing when the bot is sure; else MAYBE
    before a short answer, UNSURE before 见原文."""
    if not answer.tentative:
        return ""
    return UNSURE if line == SEE_SENTENCE else MAYBE


def missing_line(answer: Answer) -> str:
    """What a refusal did not find, in the question's terms (the first MISSING_SHOWN)."""
    return f"（文章里没有找到：{'、'.join(answer.missing[:MISSING_SHOWN])}）"


def near_whole(short: str, sentence: str) -> bool:
    """Whether a short answer is most of its evidence sentence (80 % of its characters, spaces
    and the closing punctuation aside): it then says nothing the quoted sentence does not."""
    body = "".join(sentence.split()).rstrip("。！？!?；;")
    return bool(body) and len("".join(short.split())) >= 0.8 * len(body)


def to_text(answer: Answer, explain: bool = False) -> str:
    """The console form: short answer, quoted evidence, source; or the refusal."""
    lines = []
    if answer.understood_as:
        lines.append(f"（理解为：{answer.understood_as}）")
    if answer.abstained and answer.reason == UNAVAILABLE:
        lines.append(f"答：{UNAVAILABLE_TEXT}")
    elif answer.abstained:
        hint = ONLY_ARTICLES if answer.reason == "chatter" else ""  # 你好, 谢谢 …
        lines.append(f"答：{NOT_FOUND}{hint}")
        if answer.missing:
            lines.append(f"    {missing_line(answer)}")
    else:
        line = answer_line(answer)
        lines.append(f"答：{hedge(answer, line)}{line}")
        lines.append(f"    「{answer.sentence}」")
        if answer.source:
            lines.append(f"    —— {source_line(answer.source)}")
        lines.extend(_see_also(answer))
    if explain:
        lines.extend(_explain_lines(answer))
    return "\n".join(lines)


def _see_also(answer: Answer) -> list[str]:
    """Up to SEE_ALSO further sentences, no page furniture, each source line shown once."""
    shown = {answer.source} if answer.source else set()
    lines: list[str] = []
    for alt in answer.alternatives:
        if len(lines) == SEE_ALSO:
            break
        if alt.sentence == answer.sentence or is_boilerplate(alt.sentence):
            continue
        where = "" if alt.source in shown else f"—— {source_line(alt.source)}"
        shown.add(alt.source)
        lines.append(f"  另见：「{_clip(alt.sentence)}」{where}")
    return lines


def _clip(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _explain_lines(answer: Answer) -> list[str]:
    why = answer.explain
    out = [f"  [type] {answer.qtype.value}  [question word] {why.wh or '-'}"]
    if why.terms:
        out.append(
            "  [terms] "
            + "  ".join(
                f"{t.term}({t.weight})" + (f"≈{'/'.join(t.words[1:])}" if len(t.words) > 1 else "")
                for t in why.terms
            )
        )
    for i, r in enumerate(why.ranking or (), 1):
        how = " ".join(f"{m.term}:{m.how}" for m in r.matches)
        out.append(
            f"  [{i}] {r.final} coverage={r.coverage} bm25={r.bm25} "
            f"typed={'yes' if r.typed else 'no'} {_clip(r.sentence, 40)}"
        )
        out.append(f"      {how}")
    out.append(f"  [decision] {answer.reason if why.decision is None else why.decision}")
    return out


def _explanation(why: Explanation) -> dict[str, object]:
    """The `explain` object of `ask --json --explain`: only the parts the answer got to."""
    out: dict[str, object] = {}
    if why.terms is not None:
        out["qtype"], out["wh"] = why.qtype.value, why.wh
        out["terms"] = [
            {"term": t.term, "weight": t.weight, "words": list(t.words)} for t in why.terms
        ]
    if why.ranking is not None:
        out["ranking"] = [
            {
                "sentence": r.sentence,
                "final": r.final,
                "coverage": r.coverage,
                "bm25": r.bm25,
                "typed": r.typed,
                "matches": [
                    {"term": m.term, "how": m.how, "strength": m.strength} for m in r.matches
                ],
            }
            for r in why.ranking
        ]
    if why.decision is not None:
        out["decision"] = why.decision
    return out


def _evidence(e: Evidence) -> dict[str, object]:
    return {"sentence": e.sentence, "source": e.source.to_dict(), "score": float(e.score)}


def to_json(answer: Answer, explain: bool = False) -> dict[str, object]:
    """The `ask --json` object: exactly the documented keys (plus `explain` on request)."""
    out: dict[str, object] = {
        "question": answer.question,
        "abstained": answer.abstained,
        "answer": None if answer.abstained else answer.answer,
        "answer_said": None if answer.abstained else answer.said,
        "sentence": None if answer.abstained else answer.sentence,
        "source": answer.source.to_dict() if answer.source and not answer.abstained else None,
        "score": float(answer.score),
        "tentative": answer.tentative,
        "alternatives": [_evidence(e) for e in answer.alternatives],
    }
    if answer.reason == UNAVAILABLE:  # not "no answer in the articles": ask again later
        out["unavailable"] = True
    if explain:  # extra keys only on request: scripts rely on the exact documented shape
        if answer.abstained:
            out["reason"] = answer.reason
        out["explain"] = _explanation(answer.explain)
    return out
