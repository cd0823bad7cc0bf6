"""Chinese search without a word segmenter: overlapping character bigrams.

Most Chinese words are two characters, and trigram indexes cannot serve them
(shared/notes/perf.md). Text is stored as space-separated bigrams of its CJK runs (plus
whole Latin/digit tokens, lower-cased); a query is turned into the same tokens and must
match all of them in order (a phrase).
"""

from __future__ import annotations

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[0-9A-Za-z]+")
_IS_CJK = re.compile(rf"[{_CJK}]")


def tokens(text: str, *, for_index: bool = False) -> list[str]:
    out: list[str] = []
    for run in _TOKEN.findall(text or ""):
        if _IS_CJK.match(run):
            out.extend(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
            if for_index and len(run) > 1:
                # The last character alone, so a one-character query (a prefix match on
                # PostgreSQL) finds a character that ends a run, which no bigram starts with.
                out.append(run[-1])
        else:
            out.append(run.lower())
    return out


def bigram_text(text: str) -> str:
    return " ".join(tokens(text, for_index=True))


def query_tokens(query: str) -> list[str]:
    """The tokens a query must match, at most 20 (a longer query adds nothing but cost)."""
    return tokens(query)[:20]
