"""Korean/Japanese analyzers for kjsearch.

Nothing heavy happens at import time: Kiwi and Sudachi load on the first analysis.
"""

from analyzers.glossary import Glossary, GlossaryEntry, load_glossary
from analyzers.linebreaks import repair_line_breaks, sentence_goes_on
from analyzers.mining import mine_abbreviations, mine_aliases
from analyzers.normalize import normalize, normalize_with_offsets
from analyzers.pipeline import Analyzer, analyze, default_analyzer
from analyzers.tokens import Mode, Origin, Script, Token

__all__ = [
    "Analyzer",
    "Glossary",
    "GlossaryEntry",
    "Mode",
    "Origin",
    "Script",
    "Token",
    "analyze",
    "default_analyzer",
    "load_glossary",
    "mine_abbreviations",
    "mine_aliases",
    "normalize",
    "normalize_with_offsets",
    "repair_line_breaks",
    "sentence_goes_on",
]
