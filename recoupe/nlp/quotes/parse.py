"""The dependency parser's subject for a cue the rules found no subject for
(:func:`subject_from_parse`); the caller parses only those sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


def subject_from_parse(doc: Doc, cue_offset: int) -> tuple[int, int] | None:
    """Subject span of the reporting verb at ``cue_offset`` in a parsed sentence.

    Args:
        doc: the sentence parsed by the dependency parser.
        cue_offset: character offset of the cue verb in ``doc.text``.

    Returns:
        ``(start, end)`` of the subject subtree in ``doc.text``, or None.
    """
    verb = None
    for tok in doc:
        if tok.idx <= cue_offset < tok.idx + len(tok.text):
            verb = tok
            break
    if verb is None:
        return None
    for head in (verb, verb.head):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubj:pass", "csubj"):
                if child.lower_ == "qui" and head.dep_.startswith("acl") and head.head.i != head.i:
                    child = head.head  # "la LDH qui s'indigne": the noun "qui" stands for
                # keep the noun phrase, up to a relative clause or punctuation after it
                last = child.i
                for t in child.doc[child.i + 1 : child.right_edge.i + 1]:
                    if t.is_punct or t.dep_ in ("acl:relcl", "acl") or t.lower_ in ("qui", "que"):
                        break
                    last = t.i
                start = child.left_edge.idx
                end = child.doc[last].idx + len(child.doc[last].text)
                return start, end
    return None
