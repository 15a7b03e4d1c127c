"""Every word list of the bot in one place, keyed by the answer type it signals where it has one.

One lexicon in three files: question words and kinds of answer (questions.py), measure words
(measures.py), and the words of the articles (articles.py). Import the lists from here.

Order matters where a list becomes a regex alternation or ranks question phrases: keep it.
Where two uses need different lists, both stand here side by side, with why they differ.
"""

# Star imports: every public list of the three files is the lexicon's, with no second list of
# their names here to keep in step.
from bot.lang.lexicon.articles import *  # noqa: F403
from bot.lang.lexicon.measures import *  # noqa: F403
from bot.lang.lexicon.questions import *  # noqa: F403
