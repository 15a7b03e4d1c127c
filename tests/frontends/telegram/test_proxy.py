"""The bot reaches the Bot API through a proxy: `telegram.proxy` (HTTP, SOCKS5) or the env."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from botapi_standin import Standin, private
from proxies import HttpProxy, Socks5Proxy

from bot.config import ConfigError, load_config

QUESTION = "永康何时被命名为质量强市示范城市"


@pytest.fixture
def http_proxy() -> Iterator[HttpProxy]:
    proxy = HttpProxy()
    yield proxy
    proxy.stop()


@pytest.fixture
def socks_proxy() -> Iterator[Socks5Proxy]:
    proxy = Socks5Proxy()
    yield proxy
    proxy.stop()


@pytest.fixture(autouse=True)
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test sets: no proxy variables of the machine, no NO_PROXY exceptions."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _answered(standin: Standin, chat: int) -> str:
    standin.message(private(chat), chat, QUESTION)
    standin.wait_for(lambda sent: any(m["chat"]["id"] == chat for m in sent), 15)
    (reply,) = standin.to_chat(chat)
    return str(reply["text"])


def test_http_proxy_from_the_config_carries_every_call(
    standin: Standin, start_bot: Any, http_proxy: HttpProxy
) -> None:
    start_bot(proxy=http_proxy.url)
    assert "2016年9月" in _answered(standin, 601)
    methods = {urlsplit(url).path.rsplit("/", 1)[1] for url in http_proxy.seen}
    assert {"getMe", "setMyCommands", "getUpdates", "sendMessage"} <= methods
    answered = {method for method, _, _ in standin.calls}
    assert answered <= methods  # nothing reached the stand-in past the proxy


def test_socks5_proxy_from_the_config_carries_the_calls(
    standin: Standin, start_bot: Any, socks_proxy: Socks5Proxy
) -> None:
    start_bot(proxy=socks_proxy.url)
    assert "2016年9月" in _answered(standin, 602)
    assert socks_proxy.seen and set(socks_proxy.seen) == {("127.0.0.1", standin.port)}


@pytest.mark.parametrize("variable", ["ALL_PROXY", "HTTP_PROXY"])
def test_proxy_from_the_environment_without_a_proxy_key(
    standin: Standin,
    start_bot: Any,
    http_proxy: HttpProxy,
    socks_proxy: Socks5Proxy,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    proxy = socks_proxy if variable == "ALL_PROXY" else http_proxy
    monkeypatch.setenv(variable, proxy.url)
    start_bot()
    assert "2016年9月" in _answered(standin, 603)
    assert proxy.seen


@pytest.mark.parametrize(
    "value", ["10.0.0.9:8080", "ftp://10.0.0.9:21", "http://:8080", "socks5://10.0.0.9:99999"]
)
def test_a_proxy_that_is_no_proxy_url_is_a_config_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(f"telegram:\n  proxy: '{value}'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, env={})
    message = str(error.value)
    assert str(path) in message and "telegram.proxy" in message and value not in message


def test_proxy_urls_with_credentials_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("telegram:\n  proxy: socks5h://user:pw@proxy.example:1080\n", "utf-8")
    assert load_config(path, env={}).telegram.proxy == "socks5h://user:pw@proxy.example:1080"
