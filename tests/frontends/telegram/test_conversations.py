"""End to end over real HTTP: the bot against the Bot API stand-in, one conversation each."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botapi_standin import Standin, group, private, user
from conftest import LONG_SENTENCE, TELEGRAM_TOKEN
from telegram_runner import RunningBot

from bot.answer.qa import QA


@pytest.fixture(scope="module")
def api(telegram_qa: QA):
    """One stand-in and one running bot for the whole module; each test uses its own chats."""
    server = Standin(TELEGRAM_TOKEN).start()
    bot = RunningBot.start(server, telegram_qa)
    yield server
    bot.stop()
    server.stop()


def ask(
    api: Standin,
    chat: dict[str, Any],
    uid: int,
    text: str,
    count: int = 1,
    quoted: bool = True,
    **kw: Any,
) -> list[dict[str, Any]]:
    """Send a message and wait for `count` more messages in that chat."""
    before = len(api.to_chat(chat["id"]))
    msg = api.message(chat, uid, text, **kw)
    api.wait_for(
        lambda sent: len([m for m in sent if m["chat"]["id"] == chat["id"]]) >= before + count
    )
    replies = api.to_chat(chat["id"])[before:]
    if quoted:
        assert replies[0]["reply_to"] == msg["message_id"]  # the reply quotes the question
    return replies


def silent(api: Standin, chat: dict[str, Any], uid: int, ignored: list[str]) -> None:
    """Send messages that must be ignored, then one that must be answered: only it is."""
    for text in ignored:
        api.message(chat, uid, text)
    (reply,) = ask(api, chat, uid, f"/ask@{api.username} 瓯江大桥全长多少？")
    time.sleep(0.3)
    assert api.to_chat(chat["id"]) == [reply]


def bot_message(api: Standin, record: dict[str, Any]) -> dict[str, Any]:
    """The Message object of something the bot sent, as Telegram would embed it."""
    return {
        "message_id": record["message_id"],
        "date": int(time.time()),
        "chat": record["chat"],
        "from": {
            "id": api.bot_id,
            "is_bot": True,
            "first_name": "News QA",
            "username": api.username,
        },
        "text": record["text"],
    }


def test_commands_are_registered_at_start(api: Standin) -> None:
    assert [c["command"] for c in api.commands] == ["start", "help", "ask", "sources", "id"]


def test_start_offers_three_example_questions_from_the_corpus(
    api: Standin, telegram_qa: QA
) -> None:
    (reply,) = ask(api, private(101), 101, "/start", quoted=False)
    examples = [line[2:] for line in reply["text"].splitlines() if line.startswith("• ")]
    assert len(examples) == 3
    for question in examples:
        assert not telegram_qa.answer(question).abstained


def test_help_explains_groups_and_inline_mode(api: Standin) -> None:
    (reply,) = ask(api, private(102), 102, "/help", quoted=False)
    assert "/ask" in reply["text"] and f"@{api.username}" in reply["text"]


def test_sources_lists_paper_date_and_title(api: Standin, telegram_qa: QA) -> None:
    text = "".join(m["text"] for m in ask(api, private(103), 103, "/sources", quoted=False))
    for doc in telegram_qa.engine.documents:
        assert f"{doc.source.paper} {doc.source.date}《{doc.source.title}》" in text


def test_private_question_gets_bold_answer_quote_source_and_more_button(api: Standin) -> None:
    (reply,) = ask(api, private(104), 104, "永康何时被命名为质量强市示范城市")
    # The date is completed from the article's date, and says so (issue #12).
    assert reply["html"].startswith('<b>2016年9月（原文"今年9月"）</b>\n<blockquote>')
    assert "国家质检总局正式命名我市为全国质量强市示范城市" in reply["text"]
    assert "永康日报 2016-11-25《" in reply["text"]
    button = reply["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"] == "更多" and button["callback_data"].startswith("more:")


def test_group_ask_addressed_to_this_bot_is_answered(api: Standin) -> None:
    (reply,) = ask(api, group(-1001), 201, f"/ask@{api.username} 瓯江大桥全长多少？")
    assert "<b>1.2公里</b>" in reply["html"]
    (reply,) = ask(api, group(-1001), 201, "/ask 金政是谁")
    assert "金政" in reply["text"]


def test_group_ask_for_another_bot_and_chatter_are_ignored(api: Standin) -> None:
    silent(
        api,
        group(-1002),
        202,
        [
            "/ask@OtherBot 瓯江大桥全长多少？",
            "大家好，今天开会吗？",
            "瓯江大桥全长多少？",
            "/start@OtherBot",
            "@OtherBot 你好",
        ],
    )


def test_empty_ask_gets_a_usage_hint(api: Standin) -> None:
    (reply,) = ask(api, group(-1003), 203, f"/ask@{api.username}")
    assert reply["text"].startswith("用法：/ask 问题")


def test_reply_to_the_bot_is_a_question(api: Standin) -> None:
    (first,) = ask(api, group(-1004), 204, "/ask 瓯江大桥全长多少？")
    (reply,) = ask(api, group(-1004), 205, "金政是谁", reply_to=bot_message(api, first))
    assert "金政" in reply["text"]


def test_mention_of_the_bot_is_a_question(api: Standin) -> None:
    (reply,) = ask(api, group(-1005), 206, f"@{api.username} 瓯江大桥全长多少？")
    assert "<b>1.2公里</b>" in reply["html"]


def test_inline_query_offers_up_to_five_results(api: Standin) -> None:
    api.push("inline_query", {"id": "iq1", "from": user(301), "query": "金政是谁", "offset": ""})
    api.push("inline_query", {"id": "iq2", "from": user(301), "query": "", "offset": ""})
    with api.cond:
        assert api.cond.wait_for(lambda: len(api.inline_answers) >= 2, timeout=10)
    answers = {a["inline_query_id"]: a["results"] for a in api.inline_answers}
    assert 1 < len(answers["iq1"]) <= 5
    assert "金政" in answers["iq1"][0]["input_message_content"]["message_text"]
    (help_entry,) = answers["iq2"]
    assert "/ask" in help_entry["input_message_content"]["message_text"]


def test_more_button_shows_the_alternatives(api: Standin) -> None:
    (reply,) = ask(api, private(105), 105, "金政是谁")
    data = reply["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    api.push(
        "callback_query",
        {
            "id": "cb1",
            "from": user(105),
            "chat_instance": "c105",
            "data": data,
            "message": bot_message(api, reply),
        },
    )
    edited = api.wait_for(lambda sent: any(m["method"] == "editMessageText" for m in sent))
    (edit,) = [m for m in edited if m["method"] == "editMessageText"]
    assert edit["message_id"] == reply["message_id"]
    assert edit["html"].startswith(reply["html"]) and "其他可能的答案" in edit["text"]
    assert edit["reply_markup"] is None  # the button is gone once used
    assert any(a["callback_query_id"] == "cb1" for a in api.callback_answers)


def test_followups_are_read_with_the_previous_question(api: Standin) -> None:
    chat = private(106)
    ask(api, chat, 106, "永康何时被命名为质量强市示范城市")
    (who,) = ask(api, chat, 106, "是谁命名的？")
    assert "理解为：永康被命名为质量强市示范城市，是谁命名的？" in who["text"]
    assert "<b>国家质检总局</b>" in who["html"]
    (year,) = ask(api, chat, 106, "哪一年？")
    assert "理解为：" in year["text"] and "2016年" in year["text"]


def test_a_topic_swap_is_about_the_new_topic_as_on_the_console(api: Standin) -> None:
    chat = private(131)
    ask(api, chat, 131, "永康质量强市示范城市是谁评的")
    (reply,) = ask(api, chat, 131, "那宁波呢？")
    assert "理解为：宁波质量强市示范城市是谁评的" in reply["text"]
    assert "市委、市政府" not in reply["text"] and "没有找到" in reply["text"]


def test_followups_do_not_cross_users(api: Standin) -> None:
    chat = group(-1006)
    ask(api, chat, 207, "/ask 永康何时被命名为质量强市示范城市")
    (reply,) = ask(api, chat, 208, "/ask 是谁命名的？")
    assert "理解为" not in reply["text"]


def test_very_long_answer_is_split_into_valid_messages(api: Standin) -> None:
    before = len(api.to_chat(107))
    api.message(private(107), 107, "瓯江大桥的建设历程是怎样的？")
    api.wait_for(
        lambda sent: any("—— 温州日报" in m["text"] for m in sent if m["chat"]["id"] == 107)
    )
    parts = api.to_chat(107)[before:]
    assert len(parts) >= 2
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert LONG_SENTENCE in "".join(p["text"] for p in parts).replace("\n", "")
    assert not [c for c in api.answered("sendMessage") if c[2] != 200]


def test_unanswerable_question_is_refused_briefly(api: Standin) -> None:
    (reply,) = ask(api, private(108), 108, "火星上有没有水？")
    assert "没有找到答案" in reply["text"] and "/sources" in reply["text"]
    assert "（文章里没有找到：火星" in reply["text"]  # what the articles lack
    assert reply["reply_markup"] is None


def test_html_in_questions_comes_back_escaped(api: Standin) -> None:
    ask(api, private(109), 109, "永康何时被命名为质量强市示范城市")
    (reply,) = ask(api, private(109), 109, "那<b>&呢？")
    assert "理解为：<b>&何时被命名" in reply["text"]
    assert "&lt;b&gt;&amp;何时" in reply["html"]


HARD_INPUTS = [
    "   ",
    "？？！…",
    "😀🎉😀",
    "\x01控制\x02字符\x7f",
    "<b>&<script>alert(1)</script>",
    "**粗体** _斜体_ `代码`",
    "Who named Yongkang a quality city?",
    "永康 quality 城市 when?",
    "问" * 4096,
]


@pytest.mark.parametrize("text", HARD_INPUTS)
def test_hard_inputs_get_exactly_one_valid_reply(api: Standin, text: str) -> None:
    uid = 1100 + HARD_INPUTS.index(text)
    (reply,) = ask(api, private(uid), uid, text)
    assert reply["text"].strip()
    time.sleep(0.2)
    assert len([m for m in api.sent if m["reply_to"] == reply["reply_to"]]) == 1


def press(api: Standin, uid: int, data: str, reply: dict[str, Any], qid: str) -> dict[str, Any]:
    """Press a button with `data` under the bot's message `reply`; return the callback answer."""
    api.push(
        "callback_query",
        {
            "id": qid,
            "from": user(uid),
            "chat_instance": "ci",
            "data": data,
            "message": bot_message(api, reply),
        },
    )
    with api.cond:
        assert api.cond.wait_for(
            lambda: any(a["callback_query_id"] == qid for a in api.callback_answers), timeout=10
        )
        return next(a for a in api.callback_answers if a["callback_query_id"] == qid)


def test_more_keys_are_unguessable_and_only_for_whoever_asked(api: Standin) -> None:
    chat = group(-1009)
    (first,) = ask(api, chat, 301, f"/ask@{api.username} 金政是谁")
    (second,) = ask(api, chat, 301, f"/ask@{api.username} 永康何时被命名为质量强市示范城市")
    keys = [m["reply_markup"]["inline_keyboard"][0][0]["callback_data"] for m in (first, second)]
    assert all(len(k) == len("more:") + 16 for k in keys) and keys[0] != keys[1]
    taken = press(api, 302, keys[0], first, "other-user")  # another member of the group
    assert "不是你的" in (taken.get("text") or "")
    for n, data in enumerate(["more:²", "more:" + "9" * 5000, "more:１", "more:1", "more:"]):
        assert not press(api, 301, data, first, f"bad{n}").get("text")  # ignored, no error
    time.sleep(0.3)
    assert api.to_chat(-1009) == [first, second]  # no edit, no apology, nothing shown
