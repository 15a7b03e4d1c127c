"""Bytes of an article file to text: UTF-8, or the legacy Chinese encodings GB18030 and Big5."""

from __future__ import annotations

import charset_normalizer

LEGACY = ("gb18030", "big5", "cp950")  # mainland (GBK/GB2312 included), Taiwan/Hong Kong
NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GB18030", "big5": "Big5", "cp950": "Big5"}
MAX_BAD_BYTES = 3  # undecodable sequences tolerated in an otherwise readable article


def decode_as(data: bytes) -> tuple[str, str] | None:
    """The text of an article file and its encoding's name; None for binary or undecodable data.

    Nearly any Big5 text is also valid GB18030 (as nonsense), so when both read it
    charset-normalizer picks the one whose characters look like Chinese. A cut-off or slightly
    damaged file is kept when only a few bytes are bad (shown as U+FFFD).
    """
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 file cut off or slightly damaged, before GB18030 reads it as nonsense.
    damaged = _nearly(data, "utf-8-sig")
    if damaged is not None:
        return damaged, "UTF-8"
    readable = [codec for codec in LEGACY if _reads(data, codec)]
    if len(readable) > 1:
        best = charset_normalizer.from_bytes(data, cp_isolation=readable).best()
        chosen = best.encoding if best is not None else readable[0]
        readable.sort(key=lambda codec: not _same(codec, chosen))
    if readable:
        return data.decode(readable[0]), NAMES[readable[0]]
    for codec in LEGACY:
        damaged = _nearly(data, codec)
        if damaged is not None:
            return damaged, NAMES[codec]
    return None


def _nearly(data: bytes, codec: str) -> str | None:
    """The text when only a few bytes do not decode (shown as U+FFFD), else None."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= MAX_BAD_BYTES and len(text) >= 50 * bad else None


def decode(data: bytes) -> str | None:
    """The text of an article file (see decode_as); None for binary or undecodable data."""
    read = decode_as(data)
    return read[0] if read else None


def _reads(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
        return True
    except UnicodeDecodeError:
        return False


def _same(codec: str, name: str) -> bool:
    """charset-normalizer names codecs its own way (gb18030, big5, cp950)."""
    return codec.replace("-", "").replace("_", "") == name.replace("-", "").replace("_", "")
