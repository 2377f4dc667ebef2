"""Switch the catalog search between today's engine and the one before the third round of
issue 10 item 5, in the same process (bench/catalog_search.py, bench/search_tune.py).

The third round's levers are module switches, all on by default; "before" turns them off, which
gives the engine as it was (same index, same rankings: checked by the benchmark reproducing the
second round's figures). ``lexicon`` alone switches the general lexicon (lexicon.yaml).
"""

from __future__ import annotations


def search_mode(*, third_round: bool, lexicon: bool | None = None) -> None:
    """Turn the third round's levers on or off (``lexicon`` defaults to ``third_round``)."""
    import importlib

    search = importlib.import_module("zwfw.catalog.search")
    # the package's ``understand`` attribute is the function: take the modules themselves
    understand = importlib.import_module("zwfw.catalog.search.understand")
    synonyms = importlib.import_module("zwfw.catalog.search.synonyms")

    understand.DIALECT_ENABLED = third_round
    synonyms.LEXICON_ENABLED = third_round if lexicon is None else lexicon
    search.SOUND_ALIKES_ENABLED = third_round
    search._CANDIDATES = 60 if third_round else 100  # 100 before; 40/60/100 rank the tuning file alike
    synonyms.synonym_table_invalidate()
