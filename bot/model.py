"""Plain result objects shared by every module: articles, sentences, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

# The refusal reason when the search cluster cannot answer (front-ends say so, not "no answer").
UNAVAILABLE = "search unavailable"


class QType(Enum):
    """The kind of answer a question asks for; the value is how output names it."""

    _value_: str
    TIME = "time"
    PERSON = "person"
    AGENT = "agent"  # whoever acted (谁主办): an organisation or a person
    ORG = "org"
    PLACE = "place"
    NUMBER = "number"
    TITLE = "title"  # a person's post (职务)
    REASON = "reason"
    MANNER = "manner"
    LIST = "list"
    DEFINITION = "definition"
    WHAT = "what"
    YESNO = "yesno"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value


# Types answered by a span of that kind in the sentence: a date, a count, a name, a post.
SPAN_TYPES = frozenset(
    {
        QType.TIME,
        QType.PERSON,
        QType.AGENT,
        QType.ORG,
        QType.PLACE,
        QType.NUMBER,
        QType.TITLE,
    }
)


@dataclass(frozen=True)
class Source:
    """Where an article comes from."""

    title: str
    paper: str
    date: str | None  # YYYY-MM-DD
    path: str
    place: str = ""
    url: str = ""  # the page it was read from, when known

    def to_dict(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "paper": self.paper,
            "date": self.date,
            "path": self.path,
            "url": self.url or None,
        }


@dataclass(frozen=True)
class Sentence:
    """One retrievable unit: its original text and where it sits."""

    text: str  # as printed in the article; what users see
    doc: int  # index of its Document in the corpus
    paragraph: int
    position: int  # running number inside the document
    headline: bool = False


@dataclass(frozen=True)
class Document:
    """A cleaned article: its source and its sentence units in order."""

    source: Source
    sentences: tuple[Sentence, ...]
    digest: str = ""  # hash of the normalised body, for de-duplication


class Hit(NamedTuple):
    """A sentence retrieved for a question, with its BM25 score.

    A named tuple: a search makes twenty, and it builds in half a frozen dataclass's time.
    """

    sentence: int  # global sentence id in the index
    score: float


@dataclass(frozen=True)
class Evidence:
    """A sentence offered as an answer or alternative."""

    sentence: str
    source: Source
    score: float


@dataclass(frozen=True)
class WeightedTerm:
    """A question term as the ranker weighs it, with the words that may stand for it."""

    term: str
    weight: float
    words: tuple[str, ...]


@dataclass(frozen=True)
class TermMatch:
    """How a candidate sentence, in its article, covers one question term."""

    term: str
    how: str  # "sentence", "nearby", "headline", "missing", …
    strength: float


@dataclass(frozen=True)
class Ranked:
    """A candidate sentence with the scores that ranked it."""

    sentence: str
    final: float
    coverage: float
    bm25: float
    typed: bool | None  # holds an answer of the asked type; None: not checked
    matches: tuple[TermMatch, ...]


@dataclass(frozen=True)
class Explanation:
    """Why a question got its answer; parts stay None where the answer never got to them."""

    qtype: QType = QType.OTHER
    wh: str | None = None
    terms: tuple[WeightedTerm, ...] | None = None  # None: refused before ranking (chatter)
    ranking: tuple[Ranked, ...] | None = None  # None: no candidate sentence
    decision: str | None = None


@dataclass(frozen=True)
class ShortAnswer:
    """The span of the evidence that answers, as printed; a completed date says its words."""

    text: str
    said: str | None = None  # the sentence's own words when text completes them: 今年9月


@dataclass(frozen=True)
class Answer:
    """The result of one question; `abstained` answers carry a reason instead."""

    question: str
    abstained: bool
    answer: str | None = None
    sentence: str | None = None
    source: Source | None = None
    score: float = 0.0  # the fitted confidence that the evidence answers the question
    tentative: bool = False  # answered, but with a confidence below the "sure" threshold
    alternatives: tuple[Evidence, ...] = ()
    qtype: QType = QType.OTHER
    reason: str = ""
    missing: tuple[str, ...] = ()  # a refusal's question terms the best evidence lacks
    understood_as: str | None = None  # set when a follow-up was rewritten
    said: str | None = None  # the evidence's own words for a completed date answer (今年9月)
    explain: Explanation = field(default_factory=Explanation, compare=False)
