"""The console front-end, driven through in-memory streams."""

from __future__ import annotations

import io
import json

from bot.answer.qa import QA
from bot.frontends.console import ASK_HINT, HELP, PROMPT, ask, repl
from bot.frontends.render import ONLY_ARTICLES

QUESTION = "永康何时被命名为质量强市示范城市"
EVIDENCE = "今年9月,国家质检总局正式命名我市为全国质量强市示范城市。"


def session(qa: QA, typed: str, explain: bool = False) -> tuple[int, str]:
    """Run the REPL on typed input; return its exit code and everything it printed."""
    out = io.StringIO()
    code = repl(qa, io.StringIO(typed), out, explain)
    return code, out.getvalue()


def test_greets_and_prompts(qa: QA) -> None:
    code, out = session(qa, "")
    assert code == 0
    assert out.startswith("新闻问答：2 篇文章")
    assert ":help" in out
    assert PROMPT in out


def test_help(qa: QA) -> None:
    _, out = session(qa, ":help\n")
    assert HELP in out
    assert out.count(PROMPT) >= 2  # asks again after the help


def test_quit_stops_reading(qa: QA) -> None:
    code, out = session(qa, f":quit\n{QUESTION}\n")
    assert code == 0
    assert EVIDENCE not in out


def test_end_of_input_exits_cleanly(qa: QA) -> None:
    code, out = session(qa, QUESTION)  # no newline: the last line still counts
    assert code == 0
    assert EVIDENCE in out
    assert out.endswith("\n")


def test_answer_is_printed_with_evidence_and_source(qa: QA) -> None:
    _, out = session(qa, f"\n{QUESTION}\n:quit\n")
    assert "答：2016年9月" in out
    assert f"「{EVIDENCE}」" in out
    assert "—— 永康日报 2016-11-25《永康经验" in out
    assert out.count(PROMPT) == 3  # blank line, question, :quit


def test_refusal_is_printed_plainly(qa: QA) -> None:
    _, out = session(qa, "今天的天气预报怎么样\n")
    assert "答：文章中没有找到答案。" in out
    assert "「" not in out
    # It names what the articles lack, in the question's words.
    assert "（文章里没有找到：天气预报）" in out


def test_a_refusal_names_at_most_a_few_missing_terms(qa: QA) -> None:
    _, out = session(qa, "火星木星土星金星水星冥王星天王星海王星上有没有水\n")
    named = out.split("（文章里没有找到：")[1].split("）")[0].split("、")
    assert 1 <= len(named) <= 5 and "火星" in named


def test_explain_shows_the_ranking_in_one_language(qa: QA) -> None:
    _, out = session(qa, f"{QUESTION}\n", explain=True)
    assert "[terms]" in out and "coverage=" in out and "[decision] answered" in out
    assert not any(label in out for label in ("[词项]", "[结论]", "[类型]", "覆盖", "类型✓"))


def test_a_greeting_gets_the_same_hint_as_on_telegram(qa: QA) -> None:
    _, out = session(qa, "你好\n")
    assert f"答：文章中没有找到答案。{ONLY_ARTICLES}" in out
    _, out = session(qa, "今天的天气预报怎么样\n")  # a real question: the plain refusal
    assert ONLY_ARTICLES not in out


def test_see_also_lists_at_most_two_sentences_without_page_furniture(qa: QA) -> None:
    answer = qa.answer(QUESTION)
    assert len(answer.alternatives) > 2  # so the limit is what keeps it short
    _, out = session(qa, f"{QUESTION}\n")
    see_also = [line for line in out.splitlines() if line.startswith("  另见：")]
    assert 1 <= len(see_also) <= 2
    assert "永康·质量让生活更美好" not in out  # a slogan, ranked among the alternatives
    assert out.count("《永康经验") == 1  # the answer's source line, not repeated below


def test_ask_answers_a_stream_one_json_line_each(qa: QA) -> None:
    out = io.StringIO()
    assert ask(qa, io.StringIO(f"{QUESTION}\n\n今天的天气预报怎么样\n"), out, as_json=True) == 0
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    # Every input line gets its line of output, blank ones included, so pipes stay in step.
    assert [r["question"] for r in replies] == [QUESTION, "", "今天的天气预报怎么样"]
    assert [r["abstained"] for r in replies] == [False, True, True]


def test_ask_text_skips_blank_lines(qa: QA) -> None:
    out = io.StringIO()
    assert ask(qa, [QUESTION, "  "], out, as_json=False) == 0
    assert out.getvalue().count("问：") == 1
    assert out.getvalue().startswith(f"问：{QUESTION}\n答：2016年9月")


def test_a_followup_is_read_with_the_question_before(qa: QA) -> None:
    code, out = session(qa, "永康何时被命名为质量强市示范城市\n是谁命名的？\n那宁波呢？\n:quit\n")
    assert code == 0
    assert "（理解为：永康被命名为质量强市示范城市，是谁命名的？）" in out
    assert "国家质检总局" in out
    # 那宁波呢 after "who named it": 宁波's article does not say; 市委、市政府 is 宁波 itself.
    after = out.split("理解为：宁波", 1)[1]
    assert "文章中没有找到答案" in after and "市委、市政府" not in after


def test_a_topic_swap_alone_is_no_followup(qa: QA) -> None:
    _, out = session(qa, "那宁波呢？\n:quit\n")
    assert "理解为" not in out


def test_ask_with_a_prompt_says_how_and_prompts_for_each_line(qa: QA) -> None:
    out, prompts = io.StringIO(), io.StringIO()
    assert ask(qa, io.StringIO(f"{QUESTION}\n"), out, as_json=False, prompt=prompts) == 0
    assert prompts.getvalue() == f"{ASK_HINT}\n{PROMPT}{PROMPT}\n"
    assert out.getvalue().startswith("答：2016年9月")  # no echo: the question is on screen


def test_json_lines_escape_the_characters_other_readers_break_lines_at(qa: QA) -> None:
    out = io.StringIO()
    question = "永康\u2028何时被命名\u2029为质量强市\u0085示范城市"
    ask(qa, [question + "\n"], out, as_json=True, explain=True)
    text = out.getvalue()
    assert text.splitlines() == [text.rstrip("\n")]  # str.splitlines splits at all three
    assert json.loads(text)["question"] == question
