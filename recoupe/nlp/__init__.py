"""French analysis layer: sentences, entities resolved across articles, quotes with
speakers, time expressions and quantities.

Public entry points:

* :func:`analyze` - the whole layer over a list of articles (spaCy NER + senter, rules,
  the parser on quote-cue sentences only); fills each article in place and returns the
  entities and quotes;
* :func:`resolve_dates` - French time expressions resolved against a publication date,
  no model needed;
* :func:`extract_quantities` - numbers in digits and words with approximation, bound and
  counted noun, no model needed.
"""

from recoupe.nlp.analyze import NlpResult, analyze
from recoupe.nlp.pipeline import FrenchPipeline, NlpError, get_pipeline
from recoupe.nlp.quantities import extract_quantities
from recoupe.nlp.timex import resolve_dates

__all__ = [
    "FrenchPipeline",
    "NlpError",
    "NlpResult",
    "analyze",
    "extract_quantities",
    "get_pipeline",
    "resolve_dates",
]
