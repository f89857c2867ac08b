"""Reported speech (kind "indirect"), with the span of its speaker.

"X a déclaré que <clause>", "X a affirmé avoir <clause>", "Or, relève X, <clause>",
"<clause>, a indiqué X", "<clause>, a-t-on appris auprès de X", "Selon X, <clause>" and
"<clause>, selon X" (:func:`_indirect`). A clause ends at the sentence end, at an incise
(", a-t-il ajouté") or at an adjunct about the saying (:func:`_clause_end`); a second
report of the same speaker (", précisant que ...") is a quote of its own. A clause that is
the direct quote itself is left to the direct quotes.
"""

from __future__ import annotations

import re

from recoupe.nlp.quotes.cues import _pronoun_span
from recoupe.nlp.quotes.phrases import _cue_subject, _inversion_speaker, _read_np, _selon_matches, _selon_np
from recoupe.nlp.quotes.records import Cue, RawQuote, SpeakerSpan, TextIndex, _Inside
from recoupe.nlp.quotes.words import (
    _ADVERBS,
    _CLAUSE_VERBS,
    _DETS,
    _INFINITIVE_RE,
    _NP_STOP,
    _PRONOUNS,
    _SIDE_PHRASES,
    _TOKEN_RE,
    _low,
    _time_words,
    _tokens,
)
from recoupe.nlp.roles import role_head, role_key
from recoupe.nlp.textutil import fold

#: documents that are no source by themselves ("selon le relevé de conclusions")
_DOCUMENTS = frozenset(
    [
        "releve", "compte-rendu", "compte", "proces-verbal", "arrete", "decret", "texte",
        "document", "documents", "rapport", "schema", "projet", "plan", "accord", "protocole",
        "calendrier", "bilan", "chiffres", "estimations", "statistiques", "donnees",
    ]
)
_SUBJECT_VERBS = frozenset(
    [
        "a", "ont", "est", "sont", "était", "étaient", "avait", "avaient", "sera", "seront",
        "s'est", "se", "n'a", "n'est", "va", "vont", "doit", "doivent", "peut", "peuvent",
        "fait", "font",
    ]
)

#: ", précisant (seulement) que <clause>": the same speaker's second report
_SECOND_REPORT = (
    r",\s*(?:ajoutant|précisant|soulignant|estimant|expliquant|rappelant|assurant|"
    r"affirmant|indiquant|jugeant|déplorant|regrettant|insistant\s+sur\s+le\s+fait)"
    r"(?:\s+(?:seulement|simplement|toutefois|cependant|néanmoins|également|aussi|"
    r"notamment|encore))?\s+qu(?:e\b|['’])")
_SECOND_REPORT_RE = re.compile(_SECOND_REPORT, re.IGNORECASE)
_CLAUSE_STOP_RE = re.compile(
    (r",\s*(?:a-t-(?:il|elle)|ont-ils|ont-elles|\w+-t-(?:il|elle))\b"
    r"|,\s*(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier)\s+(?:sur|dans|à|au|lors|devant)\b"
    r"|\s+(?:dans|lors d['’])\s*(?:un|une)\s+(?:entretien|interview|communiqué|déclaration|"
    r"conférence\s+de\s+presse)\b"
    r"|,?\s+sur\s+(?:sa|son)\s+(?:page|site|compte|blog)\b"
    # a second report by the same speaker: "..., ajoutant que ...", "..., précisant qu'"
    + r"|" + _SECOND_REPORT + r"|,\s*tandis\s+que\b"
    # a second reporting verb of the same subject: "..., mais a indiqué que", "mais souligné que"
    r"|,?\s+mais\s+(?:a\s+|avait\s+|ont\s+|avaient\s+)?(?:aussi\s+|également\s+)?"
    r"(?:indiqué|souligné|précisé|ajouté|estimé|assuré|affirmé|déclaré|rappelé|reconnu|"
    r"expliqué|admis|annoncé)\s+(?:que|qu['’]|avoir|être|ne\b)"
    # a new named subject coordinated after the clause: "... et François Bayrou a dénoncé"
    r"|,?\s+(?:et|tandis\s+que|alors\s+que|mais)\s+(?:M\.\s+|Mme\s+)?"
    r"(?-i:[A-ZÉ][\w'’-]+)(?:\s+(?-i:[A-ZÉ][\w'’-]+)){0,2}\s+(?:a|avait|ont|est|s['’]est)\s"),
    re.IGNORECASE,
)
_APPRIS_RE = re.compile(
    r",\s*a-t-on\s+(?:appris|indiqué|précisé|ajouté|expliqué|souligné)\s+(?:[\wé-]+\s+){0,3}?"
    r"(?:auprès\s+(?:de\s+|du\s+|des\s+|d['’]\s*)|de\s+source\s+)",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(
    r"^(?:,\s*)?(?:dans|lors|devant|sur|à|au|aux|en|par|selon|sans|avant|après|mercredi|mardi|"
    r"lundi|jeudi|vendredi|samedi|dimanche|hier|cité|citée|cités|interrogé|interrogée|qui|"
    r"[a-zàâçéèêëîïôûù]+ant)\b",
    re.IGNORECASE,
)


def _indirect(
    idx: TextIndex, cues: list[Cue], inside: _Inside, direct: list[tuple[int, int]]
) -> list[RawQuote]:
    text = idx.text
    out: list[RawQuote] = []
    taken: list[tuple[int, int]] = []
    cue_starts = [c.verb_start for c in cues]

    def add(start: int, end: int, cue: Cue | None, speaker: SpeakerSpan | None,
            sentence: tuple[int, int], needs_parse: bool = False) -> None:
        colon = re.search(r"\s*:\s*[«\"“]", text[start:end])
        if colon and colon.start() > 12:
            end = start + colon.start()  # "<clause> : « ... »": the quote is listed apart
        while end > start and text[end - 1] in " .;,:!?\n":
            end -= 1
        while start < end and text[start] in " ,:\n":
            start += 1
        dl = _DATELINE_LEAD_RE.match(text, start, end)
        if dl:
            start = dl.end()  # "Brévannes (France), 18 nov 2026 (AFP) - <clause>"
        if end - start < 12 or len(text[start:end].split()) < 3:
            return
        body = len(re.sub(r"[\s«»\"“”,.;:!?]", "", text[start:end]))
        covered = len(re.sub(r"[\s«»\"“”,.;:!?]", "", "".join(
            text[max(s, start) : min(e, end)] for s, e in direct if s < end and start < e)))
        if body and covered >= 0.8 * body:
            return  # the clause is the direct quote itself
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        out.append(RawQuote(start, end, "indirect", cue, speaker, needs_parse,
                            sentence=sentence))

    for cue in cues:
        if inside(cue.verb_start):
            continue
        sent = idx.sentence_span(cue.verb_start)
        s_start, s_end = sent
        if cue.form.que or cue.form.inf:
            k = _after_adverbials(text, cue.end, s_end)
            nxt = text[k : k + 4].casefold().replace("’", "'")
            clause_start = None
            if cue.form.que and (nxt.startswith("que ") or nxt.startswith("qu'")):
                clause_start = k + (4 if nxt.startswith("que ") else 3)
            elif cue.form.inf:
                # "a affirmé avoir", "a assuré n'avoir", "a déclaré en être", "a dit ne pas"
                wm = re.match(r"(?:(?:ne\s+(?:pas|plus|jamais)\s+|n['’]|en\s+|y\s+|lui\s+|"
                              r"leur\s+|s['’]|se\s+))*([\w-]+)", text[k:s_end])
                if wm and _INFINITIVE_RE.match(wm.group(1)) and wm.group(1) not in _NP_STOP:
                    # the negation the adverb skip passed over belongs to the clause: "a dit
                    # ne pas avoir reçu" reports "ne pas avoir reçu", not "avoir reçu"
                    neg = _negation_start(text, cue.end, k)
                    clause_start = k if neg is None else neg
            if clause_start is not None:
                clause_end = _clause_end(text, clause_start, s_end)
                speaker = _pronoun_span(cue) if cue.pronoun else _cue_subject(
                    idx, cue, s_start, cues, cue_starts)
                add(clause_start, clause_end, cue, speaker, sent, needs_parse=speaker is None)
                second = _SECOND_REPORT_RE.match(text, clause_end, s_end)
                if second is not None:
                    # "X a déclaré que A, précisant que B": B is X's report too
                    add(second.end(), _clause_end(text, second.end(), s_end), cue, speaker,
                        sent, needs_parse=speaker is None)
                continue
        # "Or, relève Etienne Tête, <clause>", "Mais, note-t-il, <clause>": an incise right
        # after the sentence's opening connector reports the rest of the sentence
        if cue.form.tense in ("participle", "finite") and _OPENING_INCISE_RE.fullmatch(
                text[s_start : cue.start]):
            sp = _pronoun_span(cue) if cue.pronoun else _inversion_speaker(idx, cue, s_end)
            if sp is not None:
                rest = re.match(r"\s*,\s*", text[max(sp.end, cue.end) : s_end])
                if rest:
                    add(max(sp.end, cue.end) + rest.end(), s_end, cue, sp, sent)
                    continue
        # "<clause>, a indiqué X." at the end of a sentence
        if cue.form.tense in ("participle", "finite") and cue.start > s_start + 15:
            before = text[s_start : cue.start]
            if re.search(r",\s*$", before) and _reads_as_clause(before):
                sp = _inversion_speaker(idx, cue, s_end)
                if sp is not None and _reaches_end(text, max(sp.end, cue.end), s_end):
                    add(s_start, cue.start, cue, sp, sent)
    # "<clause>, a-t-on appris (mercredi) auprès de X."
    for m in _APPRIS_RE.finditer(text):
        if inside(m.start()):
            continue
        sent = idx.sentence_span(m.start())
        s_start, s_end = sent
        toks = _tokens(text, m.end(), s_end)
        if not toks or m.start() < s_start + 15:
            continue
        sp = _read_np(idx, toks, 0, s_end)
        if _reaches_end(text, sp.end, s_end):
            # "de source proche du dossier": an anonymous source, no speaker
            anonymous = m.group(0).rstrip().casefold().endswith("source")
            add(s_start, m.start(), None, None if anonymous else sp, sent)
    # "Selon X, <clause>" and "<clause>, selon X"
    for m in _selon_matches(idx, 0, len(text)):
        if inside(m.start()):
            continue
        sent = idx.sentence_span(m.start())
        s_start, s_end = sent
        toks = _tokens(text, m.end(), s_end)
        if not toks:
            continue
        found = _selon_np(idx, toks, s_end)
        if found is None or _unsourced_document(idx, found):
            continue
        sp = found
        lead = text[s_start : m.start()].strip()
        if len(lead.split()) <= 2 and not lead.endswith(","):
            comma = text.find(",", sp.end, s_end)
            if comma != -1 and comma - sp.end < 40:
                # "Selon Paul Esnault, hydrologue, <clause>": skip the apposition
                app_end = text.find(",", comma + 1, s_end)
                if app_end != -1 and _is_apposition(idx, text[comma + 1 : app_end]):
                    comma = app_end
                add(comma + 1, s_end, None, sp, sent)
        elif _reaches_end(text, sp.end, s_end) and re.search(r",\s*$", text[s_start : m.start()]):
            add(s_start, m.start(), None, sp, sent)
        elif re.search(r",\s*$", text[s_start : m.start()]) and re.match(
                r"\s*,", text[sp.end : sp.end + 3]):
            add(s_start, s_end, None, sp, sent)  # "<clause>, selon X, <clause>"
    return out


def _unsourced_document(idx: TextIndex, sp: SpeakerSpan) -> bool:
    """"selon le relevé de conclusions": a document with nobody named in it."""
    if sp.kind != "np":
        return False
    phrase = re.split(r"[,;:.]", idx.text[sp.start : max(sp.end, sp.start + 60)])[0]
    words = [fold(w) for w in re.findall(r"[\w-]+", phrase)]
    words = [w for w in words if w not in ("le", "la", "les", "l", "un", "une", "ce", "cet",
                                           "cette", "ces")]
    if not words or words[0] not in _DOCUMENTS:
        return False
    return not any(idx.mentions[i].label in ("PER", "ORG")
                   for i in idx.mentions_in(sp.start, sp.start + len(phrase)))


def _is_apposition(idx: TextIndex, chunk: str) -> bool:
    """A short noun phrase between commas describing the source ("hydrologue", "un
    expert du CNRS"), not the start of the reported clause."""
    words = chunk.split()
    if not words or len(words) > 5 or not words[0][:1].islower():
        return False
    low = [w.casefold() for w in words]
    if any(w in _SUBJECT_VERBS or w in _PRONOUNS or w in ("qui", "que", "qu'") for w in low):
        return False
    return low[0] in _DETS or role_head(role_key(chunk)) is not None or len(words) == 1


#: the same adverbial phrases after a reporting verb: "a souligné de son côté que"
_AFTER_VERB_PHRASE_RE = re.compile(rf"(?:{_SIDE_PHRASES})(?!\w)", re.IGNORECASE)
#: the opening connector of a sentence whose reporting incise comes next: "Or, relève X,"
_OPENING_INCISE_RE = re.compile(
    r"\s*(?:Or|Mais|Et|Pourtant|Enfin|Cependant|Toutefois|D['’]ailleurs|Ainsi|En\s+effet|"
    r"Certes|Surtout|Aussi|De\s+plus|Par\s+ailleurs|Bref)\s*,\s*")
#: words between "ne" and an infinitive that the adverb skip passes over
_NEGATION_WORDS = frozenset({"pas", "plus", "jamais", "point", "guère", "rien"})


def _negation_start(text: str, lo: int, k: int) -> int | None:
    """Where the negation of the infinitive at ``k`` opens ("ne pas ", "n'", "ne toujours
    pas "): the "ne" of the run of adverbs right before ``k``, None when there is none."""
    toks = list(_TOKEN_RE.finditer(text, lo, k))
    start = None
    for m in reversed(toks):
        low = _low(m)
        if low in ("ne", "n'"):
            start = m.start()
        elif low in _NEGATION_WORDS or low in _ADVERBS:
            continue
        else:
            break
    return start


#: an incise closed by a comma right before "que": ", dans un communiqué, que"
_INCISE_QUE_RE = re.compile(r"[^,.;:!?«»\"“”\n]{3,90},\s*(qu(?:e\b|['’]))", re.IGNORECASE)


def _after_adverbials(text: str, pos: int, limit: int) -> int:
    """Skip time words, adverbs, commas and "à X" after a verb; return the next offset."""
    times = _time_words()
    k = pos
    while k < limit:
        m = _TOKEN_RE.match(text, k) if not text[k].isspace() else None
        if m is None:
            if text[k].isspace():
                k += 1
                continue
            break
        phrase = _AFTER_VERB_PHRASE_RE.match(text, k)
        if phrase:
            k = phrase.end()
            continue
        low = _low(m)
        if low == ",":
            # "a confirmé mercredi, dans un communiqué publié par l'Elysée, qu'il": an
            # incise between commas that ends right before "que"
            incise = _INCISE_QUE_RE.match(text, m.end(), limit)
            if incise:
                return incise.start(1)
        if low in (",",) or low in times or low.isdigit() or low in _ADVERBS:
            k = m.end()
            continue
        if low in ("à", "au", "aux", "dans", "devant", "lors", "sur", "auprès", "en") and \
                not text[m.end() : m.end() + 5].lstrip().casefold().startswith(("que", "qu'")):
            # "a déclaré à l'AFP que", "a indiqué dans un communiqué que"
            rest = re.match(r"\s+(?:(?:l['’]|la\s+|le\s+|les\s+|un\s+|une\s+|son\s+|sa\s+|ses\s+|"
                            r"d['’]un\s+|d['’]une\s+|de\s+la\s+|de\s+)?[\w.-]+)"
                            r"(?:\s+(?:de\s+presse|[A-ZÀ-Ý][\w-]*))?", text[m.end() : limit])
            longer = re.match(r"(?:\s+[\w'’.«»\"“”-]+){1,8}?(?=\s+qu(?:e\b|['’]))", text[m.end() : limit])
            if longer:
                k = m.end() + longer.end()
                continue
            if rest:
                k = m.end() + rest.end()
                continue
        break
    return k


def _clause_end(text: str, start: int, s_end: int) -> int:
    """End of a reported clause: the sentence end, an incise (", a-t-il ajouté") or a
    trailing adjunct about the saying (", jeudi sur son site", " dans un entretien")."""
    m = _CLAUSE_STOP_RE.search(text, start, s_end)
    return m.start() if m else s_end


#: an agency dateline opening a sentence: "Brévannes-sur-Loutre (France), 18 nov 2026 (AFP) - "
_DATELINE_LEAD_RE = re.compile(
    r"[^\n.]{0,90}?\((?:AFP|AP|Reuters|Belga|ATS|Efe|EFE|ANSA|DPA|Xinhua|APS|MAP|Sipa)\)"
    r"\s*[-–—]\s*")
#: a subject and its apposition ending with a name: "Le commandant des pompiers, le
#: lieutenant-colonel Bruno Ferrand,"
_APPOSITION_NAME_RE = re.compile(
    r"^[^,]{3,80},\s*(?:le|la|les|l['’]|son|sa|ses|leur|un|une)\b[^,]{0,60}?"
    r"(?:[A-ZÀ-Ý][\w'’-]+\s+){1,3}[A-ZÀ-Ý][\w'’-]+\s*,\s*$")


def _reads_as_clause(chunk: str) -> bool:
    """The words before ", a salué X" can be what someone said, unless they are a subject
    with its apposition ending with a name and hold no auxiliary: in "Le commandant des
    pompiers, le lieutenant-colonel Bruno Ferrand, a salué le travail des pompiers" Ferrand
    is the subject, not a speaker reported."""
    if not _APPOSITION_NAME_RE.match(chunk.strip()):
        return True
    words = re.findall(r"[\w'’-]+", chunk.lower())
    return any(w in _CLAUSE_VERBS for w in words)


def _reaches_end(text: str, pos: int, s_end: int) -> bool:
    rest = text[pos:s_end].strip()
    if not rest or rest in (".", "!", "?"):
        return True
    # a trailing adjunct is fine: "..., a déclaré X dans un communiqué", "..., a-t-il
    # déclaré, déplorant que ...", "..., a ajouté la présidence, sans plus de détails."
    return bool(_TRAILING_RE.match(rest)) and rest[1:].count(",") <= 1
