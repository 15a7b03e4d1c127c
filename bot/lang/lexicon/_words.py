"""How the lexicon's lists are written: words separated by spaces."""


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())
