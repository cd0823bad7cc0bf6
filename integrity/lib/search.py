"""Chinese search without a word segmenter: overlapping character bigrams.

Most Chinese words are two characters, and trigram indexes cannot serve them
(bench/README.md). Text is stored as space-separated bigrams of its CJK runs (plus
whole Latin/digit tokens, lower-cased); each space-separated part of a query is turned into
the same tokens, which must match in order (a phrase), and all parts must match.
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


def query_phrases(query: str) -> list[list[str]]:
    """The phrases a query must all match: one per space-separated part, each a list of
    tokens that must stand in order. At most 5 phrases of 20 tokens (more adds only cost)."""
    phrases = [tokens(part)[:20] for part in (query or "").split()[:5]]
    return [p for p in phrases if p]
