"""Article bytes to text: UTF-8, GB18030 and Big5 told apart, binary refused."""

from __future__ import annotations

import pytest

from bot.corpus.encoding import decode, decode_as

SIMPLIFIED = "今年9月,国家质检总局正式命名我市为全国质量强市示范城市。这是全国首个县级市。"
TRADITIONAL = "今年9月,國家質檢總局正式命名我市為全國質量強市示範城市。這是全國首個縣級市。"
HEADLINE = "永康經驗登上中組部質量研討班"  # short: little for a detector to go on


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        (SIMPLIFIED, "utf-8", "UTF-8"),
        (SIMPLIFIED, "utf-8-sig", "UTF-8"),
        (SIMPLIFIED, "gb18030", "GB18030"),
        (SIMPLIFIED, "gbk", "GB18030"),
        (TRADITIONAL, "gb18030", "GB18030"),  # traditional characters exist in GB18030 too
        (TRADITIONAL, "big5", "Big5"),
        (HEADLINE, "big5", "Big5"),
        (HEADLINE, "gb18030", "GB18030"),
        (TRADITIONAL * 40, "big5", "Big5"),
    ],
)
def test_each_encoding_reads_back_the_text(text: str, codec: str, name: str) -> None:
    assert decode_as(text.encode(codec)) == (text, name)


def test_binary_and_undecodable_data_is_refused() -> None:
    assert decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") is None
    assert decode(bytes(range(128, 256)) * 4) is None


def test_a_few_bad_bytes_in_a_long_file_are_tolerated() -> None:
    data = (SIMPLIFIED * 10).encode("utf-8")
    text = decode(data[:-1])  # cut inside the last character
    assert text is not None and text.startswith(SIMPLIFIED) and text.endswith("\ufffd")


def test_a_cut_off_utf8_file_is_not_read_as_gb18030() -> None:
    data = ("龙川文化园" * 30).encode("utf-8")[:-2]  # an even count: GB18030 reads it all
    assert data.decode("gb18030")  # valid GB18030 as well, but nonsense
    read = decode_as(data)
    assert read is not None and read[1] == "UTF-8" and read[0].startswith("龙川文化园")
