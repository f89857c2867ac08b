"""Noun phrases and subjects: where the speaker of a cue is written.

* :func:`np_after` - the inverted subject after a verb ("», a déclaré mercredi à l'AFP
  le ministre, X");
* :func:`subject_before` - the subject read back from the verb over comma chunks ("Le
  ministre ..., Juan Manuel Santos a estimé");
* :func:`sentence_subject` - the noun phrase opening a sentence;
* :func:`_cue_subject` - the subject of one cue, choosing among the readers above (a
  gerund or a coordinated verb takes the subject of the earlier cue);
* :func:`_inversion_speaker` - the inverted pronoun or subject of a cue;
* :func:`_selon_in` / :func:`_selon_matches` - the source of "selon X", "d'après X",
  "Pour X,".

All return a :class:`~.records.SpeakerSpan` or None; nothing here is resolved to an
entity (:mod:`recoupe.nlp.speakers` does that later).
"""

from __future__ import annotations

import re

from recoupe.nlp.quotes.cues import _cues_between, _pronoun_span
from recoupe.nlp.quotes.records import Cue, SpeakerSpan, TextIndex
from recoupe.nlp.quotes.words import (
    _ADVERBS,
    _ANT_NOUNS,
    _CLAUSE_VERBS,
    _DETS,
    _LEAD_CONJ,
    _NP_STOP,
    _PREPS,
    _PRONOUNS,
    _SENT_START_ADVERBS,
    _TIME_NOUNS,
    _TOKEN_RE,
    _low,
    _time_words,
    _tokens,
)
from recoupe.nlp.roles import role_head, role_key
from recoupe.nlp.textutil import fold

_SELON_RE = re.compile(
    r"(?<![\w'’])(?:selon|d['’]après)\s+"
    r"(?!lequel|laquelle|lesquel|moi\b|nous\b|nos\s+(?:informations|sources|confrères)\b)",
    re.IGNORECASE,
)
_POUR_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?]\s))(?:Mais\s+)?[Pp]our\s+(?=(?:elle|lui|eux|elles|M\.|Mme|"
    r"le\s|la\s|l['’]|les\s|un\s|une\s|[A-ZÉ])[^,]{0,80},)",
    re.MULTILINE,
)
_VOICE_RE = re.compile(
    r"\s*,?\s*par\s+la\s+voix\s+d(?:e\s+|['’]\s*)((?:son|sa|leur|ses|leurs)\s+[\w'’ -]{3,60}?)"
    r"\s*,\s*", re.IGNORECASE)


def np_after(idx: TextIndex, pos: int, limit: int) -> SpeakerSpan | None:
    """The inverted subject after a reporting verb: "a déclaré mercredi à l'AFP X".

    Skips time words, adverbs, commas and short prepositional phrases, then reads a
    noun phrase up to punctuation or a clause word; a name in apposition after a comma
    joins it ("le porte-parole du Kremlin, Dmitri Peskov").

    Args:
        idx: the text index.
        pos: end of the verb.
        limit: do not read past this offset.

    Returns:
        The subject span, or None when the verb is not followed by one.
    """
    text = idx.text
    toks = _tokens(text, pos, limit)
    times = _time_words()
    i = 0
    n = len(toks)
    while i < n:
        low = _low(toks[i])
        word = toks[i].group(0)
        if low in ("que", "qu'", ":", ".", ";", "!", "?", "«", '"', "“", "(", "»", "”"):
            return None
        if low in ("ce", "cette") and i + 1 < n and _low(toks[i + 1]) in ("dernier", "dernière"):
            return SpeakerSpan(toks[i].start(), toks[i + 1].end(), "pronoun")
        if low in ("ce", "cet", "cette") and i + 1 < n and _low(toks[i + 1]) not in times:
            return _read_np(idx, toks, i, limit)  # "confie cette habitante", not "ce matin"
        if low in (",", "-") or low in times or low.isdigit() or low in _ADVERBS or (
                low.endswith("ment") and len(low) > 6 and word.islower()):
            i += 1
            continue
        if low in _PREPS:
            i += 1
            if i < n and _low(toks[i]) in _DETS:
                i += 1
            if i < n and re.match(r"\w", toks[i].group(0)):
                i += 1
            # "sur le même ton rassurant M. de Castries": the rest of the phrase
            skipped = 0
            while (i < n and skipped < 3 and toks[i].group(0).islower()
                   and _low(toks[i]) not in _DETS and _low(toks[i]) not in _PREPS):
                i += 1
                skipped += 1
            # capitals right after the preposition are its object ("à l'AFP"); after
            # lower-case words they open the subject ("ton rassurant M. de Castries")
            while skipped == 0 and i < n and toks[i].group(0)[:1].isupper() and \
                    _low(toks[i]) not in _DETS and not _person_at(idx, toks[i].start()):
                i += 1
            continue
        if low in _DETS and i + 1 < n and _low(toks[i + 1]) in _TIME_NOUNS:
            # "a lancé, la semaine dernière, son patron": a time phrase, then the subject
            j = i + 2
            while j < n and toks[j].group(0) not in (",", ".", ";", ":") and j - i < 6:
                j += 1
            if j < n and toks[j].group(0) == ",":
                i = j + 1
                continue
        if low in _DETS or word[:1].isupper() or low in ("m.", "mme"):
            return _read_np(idx, toks, i, limit)
        if re.search(r"(?:é|ée|és|ées|ant)$", low):
            i += 1  # "a déclaré, interrogé par ..., le ministre"
            continue
        if low.isalpha() and i == 0 and low not in _NP_STOP:
            return None
        return None
    return None


def _person_at(idx: TextIndex, pos: int) -> bool:
    """Whether a person mention starts at ``pos`` ("à l'AFP Bertrand Lemasson")."""
    mi = idx.mention_at(pos)
    return mi is not None and idx.mentions[mi].label == "PER"


def _read_np(idx: TextIndex, toks: list[re.Match[str]], i: int, limit: int) -> SpeakerSpan:
    text = idx.text
    times = _time_words()
    start = toks[i].start()
    end = toks[i].end()
    j = i + 1
    count = 1
    while j < len(toks) and count < 15:
        word = toks[j].group(0)
        low = _low(toks[j])
        if not re.match(r"\w", word) and word not in ("-", "'", "’"):
            break
        if (low in _NP_STOP or low in times) and not word[:1].isupper():
            break  # a capital inside the phrase is part of a name: "selon Le Soir"
        if (low.endswith("ant") and len(low) > 5 and low not in _ANT_NOUNS
                and _low(toks[j - 1]) not in _DETS):
            break  # "l'ex-otage soulignant que": a gerund ends the phrase
        if low in ("à", "au", "aux", "en") and j + 1 < len(toks):
            nxt = toks[j + 1].group(0)
            if low == "en" and re.search(r"ant$", _low(toks[j + 1])) \
                    and _low(toks[j + 1]) not in _ANT_NOUNS:
                break  # "le procureur en évoquant": the gerund is no part of the phrase
            if nxt[:1].isupper() or _low(toks[j + 1]) in _DETS or _low(toks[j + 1]) in (
                    "marge", "visite", "direct", "lui", "eux"):
                break
        if re.search(r"(?:é|ée|és|ées)$", low) and j + 1 < len(toks):
            nxt_low = _low(toks[j + 1])
            if nxt_low in _PREPS or nxt_low in times or nxt_low in _DETS:
                break
        end = toks[j].end()
        j += 1
        count += 1
    # apposition: ", Dmitri Peskov" right after a role (maybe after "en France")
    # (the name may carry its rank or title: ", le colonel Erik Lansky")
    # (or after the role's complement: "le vice-président chargé des transports, Rémi Talbot")
    m = re.match(r"(?:\s+(?:en|à|au|aux|de|du|des|d['’])\s*[\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]*)?"
                 r"|\s+(?:chargée?s?|déléguée?s?|délégué|détachée?s?)\s+(?:de\s+la|de\s+l['’]|de|du|des|d['’])\s*"
                 r"[\w'’-]+(?:\s+[\w'’-]+)?)?"
                 r"(?:\s*\([^()]{1,40}\))?\s*,\s*(?:(?:le|la|l['’])\s*[a-zà-ÿ]+(?:-[a-zà-ÿ]+)?\s+)?",
                 text[end:limit])
    if m:
        mi = idx.mention_at(end + m.end())
        if mi is not None and idx.mentions[mi].label == "PER":
            mention = idx.mentions[mi]
            after = text[mention.end : mention.end + 2]
            if not after or after[0] in ",.;:)\n" or after.startswith(" q") or after == " ":
                end = mention.end
    return SpeakerSpan(start, end, "np")


def subject_before(idx: TextIndex, cue_start: int, lo: int) -> SpeakerSpan | None:
    """The subject of a reporting verb, read back from the verb over comma chunks.

    Args:
        idx: the text index.
        cue_start: start of the cue (auxiliary included).
        lo: start of the clause (sentence start or end of a preceding quote).

    Returns:
        The subject span, or None.
    """
    text = idx.text
    region = text[lo:cue_start]
    cut = max(region.rfind(";"), region.rfind(":"), region.rfind("»"), region.rfind("”"))
    if cut != -1:
        lo += cut + 1
        region = text[lo:cue_start]
    stripped = region.rstrip()
    pm = re.search(r"(?<!\w)(il|elle|ils|elles|on)(?:\s+(?:ne|n['’]|lui|leur|y|en|"
                   r"les|l['’]|nous|vous|se|s['’]|me|m['’]|te|t['’]))*\s*"
                   r"(?:(?:[mtl]['’]|lui\s|leur\s|nous\s|vous\s)?(?:a|ont|avait|avaient))?\s*$",
                   stripped, re.IGNORECASE)
    if pm:
        return SpeakerSpan(lo + pm.start(1), lo + pm.end(1), "pronoun")
    qm = re.search(r"(?:,|\s*[-–—]+)?\s*qui$", stripped)
    if qm:
        stripped = stripped[: qm.start()].rstrip()
        # "estime la LDH qui s'indigne": the phrase right before "qui"
        ends = [m for m in idx.mentions if m.end <= lo + len(stripped)
                and lo + len(stripped) - m.end <= 1 and m.start >= lo]
        if ends:
            m0 = ends[-1]
            head = re.search(r"(?:^|,)\s*((?:le|la|les|l['’])\s*[^,]+?)\s+(?:du|des|de\s+la|"
                             r"de\s+l['’]|de|d['’])\s*$", text[lo : m0.start], re.IGNORECASE)
            if head is None:
                return SpeakerSpan(m0.start, m0.end, "np")
            # "le septuple vainqueur du Tour de France, qui": the whole phrase, not the
            # name it governs
            return SpeakerSpan(lo + head.start(1), m0.end, "np")
        last_comma = stripped.rfind(",")
        tail = stripped[last_comma + 1 :].strip()
        if last_comma > 0 and tail[:1].islower() and _low(
                next(iter(_tokens(tail, 0, len(tail))))) not in _DETS:
            # "le P. Jacques Turck, directeur du Service national ..., qui s'interroge": the
            # relative follows an apposition; its antecedent is the person before it
            persons = [m for m in idx.mentions if lo <= m.start and m.end <= lo + last_comma
                       and m.label == "PER"]
            if persons and re.fullmatch(r"\s*", stripped[persons[-1].end - lo : last_comma]):
                return SpeakerSpan(persons[-1].start, persons[-1].end, "np")
        npm = re.search(r"(?<![\w'’])((?:le|la|les|l['’])\s*[\w'’-]+(?:\s+[\w'’-]+){0,3})$",
                        stripped, re.IGNORECASE)
        if npm:
            return SpeakerSpan(lo + npm.start(1), lo + npm.end(1), "np")
    dm = re.search(r"(?<![\w'’])(ce\s+dernier|cette\s+dernière)$", stripped, re.IGNORECASE)
    if dm:
        return SpeakerSpan(lo + dm.start(1), lo + dm.end(1), "pronoun")
    # comma chunks, walked back from the verb; a dash incise ("Le député X - rapporteur de
    # la loi, ... - a répliqué") is skipped like a parenthesis
    masked = re.sub(r"\s[-–—]\s[^\n]{1,200}?\s[-–—]\s", lambda m: " " * len(m.group(0)),
                    stripped)
    chunks: list[tuple[int, int]] = []
    pos = 0
    depth = 0
    for k, ch in enumerate(masked):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            chunks.append((pos, k))
            pos = k + 1
    chunks.append((pos, len(stripped)))
    for k in range(len(chunks) - 1, -1, -1):
        cs, ce = chunks[k]
        a, b = _trim(stripped, cs, ce)
        if a >= b:
            continue
        abs_a, abs_b = lo + a, lo + b
        chunk = stripped[a:b]
        if re.match(r"(?:qui|que|qu['’]|dont|où|lequel|laquelle)\b", chunk, re.IGNORECASE) and k > 0:
            continue  # "X, qui avait aidé son fils Vincent, a estimé": a relative clause
        mentions = idx.mentions_in(abs_a, abs_b)
        first = _low(next(iter(_tokens(chunk, 0, len(chunk)))))
        if k > 0 and chunk[:1].islower() and first not in _DETS and first not in _PRONOUNS:
            # "Anne Morel, présidente de l'Acat, a déclaré": a bare role in apposition to
            # the name that ends the chunk before (a name inside the role is its complement)
            pa, pb = _trim(stripped, *chunks[k - 1])
            named = [idx.mentions[mi] for mi in idx.mentions_in(lo + pa, lo + pb)
                     if idx.mentions[mi].label == "PER"]
            if named and re.fullmatch(r"\s*", text[named[-1].end : lo + pb]):
                return SpeakerSpan(named[-1].start, named[-1].end, "np")
        if any(idx.mentions[mi].label == "PER" for mi in mentions):
            return _strip_lead(idx, abs_a, abs_b)
        if k > 0 and first in _DETS and role_head(role_key(chunk)) is not None:
            # "Nick Leeson, le trader britannique ... estime": the role is an apposition to
            # the name that ends the chunk before
            pa, pb = _trim(stripped, *chunks[k - 1])
            named = [idx.mentions[mi] for mi in idx.mentions_in(lo + pa, lo + pb)
                     if idx.mentions[mi].label == "PER"]
            if named and re.fullmatch(r"\s*", text[named[-1].end : lo + pb]):
                return SpeakerSpan(named[-1].start, named[-1].end, "np")
        if _is_adverbial(idx, chunk, abs_a, abs_b):
            continue
        if first not in _DETS and not chunk[:1].isupper() and first not in _PRONOUNS and \
                k > 0:
            continue  # "NAME, directeur de ..., a dit": an apposition, look further back
        span = _strip_lead(idx, abs_a, abs_b)
        return _clean_subject(idx, span)
    return None


def _clean_subject(idx: TextIndex, span: SpeakerSpan) -> SpeakerSpan | None:
    """Keep the last coordinated phrase of a subject chunk; a chunk that is a clause
    (a verb in it) or a first/second person is no speaker phrase (the parser decides)."""
    text = idx.text
    phrase = text[span.start : span.end]
    # coordinated noun phrases ("X et le ministre"), not adjectives ("défigurée et victime")
    parts = list(re.finditer(r"\s(?:et|mais|ou)\s(?=[A-ZÀ-Ý]|(?:l['’]|le|la|les|un|une|des|"
                             r"son|sa|ses|leur|leurs|ce|cet|cette|ces|il|elle|ils|elles)\b)|;",
                             phrase))
    if parts and not idx.mentions_in(span.start, span.end):
        span = SpeakerSpan(span.start + parts[-1].end(), span.end, span.kind)
        phrase = text[span.start : span.end]
    words = [w.casefold() for w in re.findall(r"[\w'’]+", phrase)]
    if not words or len(words) > 14 or words[0] in ("je", "j'", "nous", "tu", "vous", "on"):
        return None
    if any(w in _CLAUSE_VERBS for w in words[1:]):
        return None
    return span


def _incise_context(text: str, cue_start: int) -> bool:
    """Whether a cue follows a quote or a comma, where French inverts the subject."""
    return bool(re.search(r"[»\"”]\s*,?\s*$", text[max(0, cue_start - 6) : cue_start]))


def _cue_subject(
    idx: TextIndex, cue: Cue, sent_start: int, cues: list[Cue], cue_starts: list[int]
) -> SpeakerSpan | None:
    """Subject of a cue verb: read back from the verb; for a gerund ("estimant que") or
    a verb coordinated with an earlier one ("a dit ... et a rappelé que"), the speaker of
    the earlier cue of the sentence, else the sentence's opening noun phrase."""
    text = idx.text
    voice = _VOICE_RE.match(text, cue.end)
    if voice:
        # "le ministère assure, par la voix de son porte-parole, Gérard Gachet, que":
        # the named voice speaks
        mi = idx.mention_at(voice.end())
        if mi is not None and idx.mentions[mi].label == "PER":
            return SpeakerSpan(idx.mentions[mi].start, idx.mentions[mi].end, "np")
        return SpeakerSpan(voice.start(1), voice.end(1), "np")
    if cue.pronoun:
        return _pronoun_span(cue)
    before = text[sent_start : cue.start]
    coordinated = re.search(r"(?:^|[\s,])(?:et|puis|mais)\s*$", before)
    if cue.form.tense != "gerund" and not coordinated:
        after_quote = _incise_context(text, cue.start)
        # "Mais sa mission, rappelle son rapporteur, était de ...": an incise between
        # commas inverts its subject too
        between_commas = cue.form.tense == "finite" and re.search(
            r"\w\s*,\s*$", text[max(sent_start, cue.start - 40) : cue.start]) is not None
        if after_quote or between_commas:
            sp = np_after(idx, cue.end, idx.sentence_span(cue.verb_start)[1])
            if sp is not None and (after_quote or re.match(r"\s*,", text[sp.end : sp.end + 3])):
                return sp
        return subject_before(idx, cue.start, sent_start)
    earlier = [c for c in _cues_between(cues, cue_starts, sent_start, cue.start)
               if c is not cue and c.form.tense != "gerund"]
    if earlier:
        return _cue_subject(idx, earlier[-1], sent_start, cues, cue_starts)
    # "..., selon le représentant ..., Jampal Chosang, ajoutant que": the source speaks on
    selon = _selon_in(idx, sent_start, cue.start)
    if selon is not None and re.fullmatch(r"\s*,\s*", text[selon.end : cue.start]):
        return selon
    return sentence_subject(idx, sent_start, cue.start)


def sentence_subject(idx: TextIndex, start: int, limit: int) -> SpeakerSpan | None:
    """The noun phrase opening a sentence ("La Russie a déclaré ..., promettant ...").

    Args:
        idx: the text index.
        start: sentence start.
        limit: do not read past this offset.

    Returns:
        The subject span, or None.
    """
    text = idx.text
    toks = _tokens(text, start, limit)
    i = 0
    times = _time_words()
    if toks and (_low(toks[0]) in _PREPS or _low(toks[0]) in _LEAD_CONJ or toks[0].group(0) == "A"):
        # "Après deux alertes, le trader ...": skip the opening phrase up to its comma
        conj = _low(toks[0]) in _LEAD_CONJ
        for k, tok in enumerate(toks[: 40 if conj else 15]):
            if tok.group(0) == ",":
                i = k + 1
                break
        else:
            if conj:
                return None  # a subordinate clause with no comma: no subject to read
            # no comma: "A cet égard le rapport ...", a short phrase then the subject
            k = 1 + (len(toks) > 2 and _low(toks[1]) in (*_DETS, "cet", "ce", "cette"))
            if k + 1 < len(toks) and (_low(toks[k + 1]) in _DETS
                                      or toks[k + 1].group(0)[:1].isupper()):
                i = k + 1
            else:
                return None
    for _ in range(3):
        while i < len(toks):
            low = _low(toks[i])
            if low in (",",) or low in times or low.isdigit() or low in _SENT_START_ADVERBS:
                i += 1
                continue
            if (low in _DETS and i + 2 < len(toks) and _low(toks[i + 1]) in _TIME_NOUNS
                    and toks[i + 2].group(0) == ","):
                i += 3  # "Le lendemain, l'association publiait ..."
                continue
            break
        if i >= len(toks) or not _opening_adjunct(idx, toks, i):
            break
        # "Le 9 février 2007, s'adressant à l'ambassadeur, Benoît XVI a ...": a date or
        # a participial phrase opening the sentence is skipped up to its comma
        comma = next((k for k in range(i + 1, min(len(toks), i + 25))
                      if toks[k].group(0) == ","), None)
        if comma is None:
            break
        i = comma + 1
    if i >= len(toks):
        return None
    low = _low(toks[i])
    if low in _PRONOUNS:
        return SpeakerSpan(toks[i].start(), toks[i].end(), "pronoun")
    if low in _DETS or toks[i].group(0)[:1].isupper():
        return _read_np(idx, toks, i, limit)
    return None


def _opening_adjunct(idx: TextIndex, toks: list[re.Match[str]], i: int) -> bool:
    """Whether a sentence-opening word starts an adjunct, not the subject: a date
    expression ("Le 9 février 2007,"), or a lower-case gerund or participle
    ("s'adressant", "interrogé")."""
    tok = toks[i]
    dated = [tok] + (toks[i + 1 : i + 2] if _low(tok) in ("le", "la", "l'") else [])
    if any(ts <= t.start() < te for t in dated for ts, te in idx.time_spans):
        return True
    if _low(tok) in ("s'", "se") and i + 1 < len(toks):
        tok = toks[i + 1]  # "s'adressant"
    word = tok.group(0)
    return word.islower() and word.isalpha() and word not in _ANT_NOUNS and (
        word.endswith("ant") or re.search(r"(?:é|ée|és|ées)$", word) is not None)


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    while a < b and s[a] in " \t\n-–—":
        a += 1
    while b > a and s[b - 1] in " \t\n-–—":
        b -= 1
    return a, b


def _is_adverbial(idx: TextIndex, chunk: str, a: int, b: int) -> bool:
    toks = _tokens(chunk, 0, len(chunk))
    if not toks:
        return True
    first = _low(toks[0])
    if first in _PREPS and first not in ("de", "du", "d'") or first in ("interrogé", "interrogée",
                                                                       "quant", "selon"):
        return True
    if first in _SENT_START_ADVERBS and len(toks) <= 2:
        return True
    for ts, te in idx.time_spans:
        if ts <= a + 3 and te >= b - 1:
            return True
    if all(_low(t) in _time_words() or _low(t).isdigit() for t in toks):
        return True
    return bool(re.search(r"(?:é|ée|és|ées|ant)$", first) and first not in _DETS)


def _strip_lead(idx: TextIndex, a: int, b: int) -> SpeakerSpan:
    """Drop leading connectors and time expressions from a subject chunk."""
    text = idx.text
    changed = True
    while changed and a < b:
        changed = False
        m = _TOKEN_RE.match(text, a)
        if m is None:
            break
        low = _low(m)
        if low in _SENT_START_ADVERBS or low in _LEAD_CONJ or low == ",":
            a = m.end()
            changed = True
        for ts, te in idx.time_spans:
            if ts == a and te < b:
                a = te
                changed = True
        while a < b and text[a] in " ,":
            a += 1
    return SpeakerSpan(a, b, "np")


def _inversion_speaker(idx: TextIndex, cue: Cue, limit: int) -> SpeakerSpan | None:
    if cue.pronoun:
        return _pronoun_span(cue)
    if cue.form.tense == "gerund":
        return None
    return np_after(idx, cue.end, limit)


def _selon_matches(idx: TextIndex, lo: int, hi: int) -> list[re.Match[str]]:
    """"selon X" / "d'après X" anywhere, and "Pour X," opening a sentence."""
    out = list(_SELON_RE.finditer(idx.text, lo, hi))
    for m in _POUR_RE.finditer(idx.text, lo, hi):
        if m.start() != idx.sentence_span(m.start())[0] and \
                idx.text[m.start() : m.start() + 4] != "Mais":
            continue
        # "Pour elle," / "Pour Johan Bruyneel," / "Pour le ministre," - not "Pour la part"
        comma = idx.text.find(",", m.end(), m.end() + 90)
        phrase = idx.text[m.end() : comma]
        low = fold(phrase)
        if low in ("elle", "lui", "eux", "elles") or idx.mentions_in(m.end(), comma) and any(
                idx.mentions[i].label in ("PER", "ORG") for i in idx.mentions_in(m.end(), comma)
        ) or role_head(role_key(phrase)) or _lone_place(idx, m.end(), comma):
            out.append(m)
    out.sort(key=lambda m: m.start())
    return out


def _lone_place(idx: TextIndex, start: int, end: int) -> bool:
    """"Pour Paris," / "Pour Moscou,": a place alone standing for its government."""
    found = idx.mentions_in(start, end)
    if len(found) != 1:
        return False
    m = idx.mentions[found[0]]
    return m.label == "LOC" and idx.text[start:end].strip() == m.text


def _selon_in(idx: TextIndex, lo: int, hi: int) -> SpeakerSpan | None:
    text = idx.text
    best = None
    for m in _selon_matches(idx, lo, hi):
        toks = _tokens(text, m.end(), hi)
        if not toks:
            continue
        best = _selon_np(idx, toks, hi)
    return best


def _selon_np(idx: TextIndex, toks: list[re.Match[str]], hi: int) -> SpeakerSpan | None:
    """The source after "selon"/"pour": "selon lui" is a pronoun, "selon moi" nobody."""
    low = _low(toks[0])
    if low in ("moi", "nous", "vous"):
        return None
    if low in ("lui", "eux", "elle", "elles"):
        pron = {"lui": "il", "eux": "ils"}.get(low, low)
        span = SpeakerSpan(toks[0].start(), toks[0].end(), "pronoun")
        return span if pron else None
    return _read_np(idx, toks, 0, hi)
