"""Direct-quote speakers as candidates, then a decision (recoupe/nlp/quotes/direct_speaker.py)."""

from __future__ import annotations

import pytest

from recoupe.nlp.quotes import SpeakerSpan, extract_quotes, find_cues
from recoupe.nlp.quotes.direct_speaker import RULES, Candidate, decide


@pytest.mark.parametrize(
    ("text", "speaker", "rule"),
    [
        ("« La digue a cédé dans la nuit », a déclaré le préfet.", "le préfet", "inversion_after"),
        ("Le maire a déclaré : « Nous reconstruirons la digue avant l'hiver. »", "Le maire",
         "cue_before"),
        ("Selon le préfet, « la digue a cédé dans la nuit ».", "le préfet", "selon_before"),
    ],
)
def test_quote_candidates_the_raw_quote_names_the_rule_of_its_speaker(
        text: str, speaker: str, rule: str) -> None:
    (quote,) = [q for q in extract_quotes(text, []) if q.kind == "direct"]
    assert quote.speaker is not None
    assert text[quote.speaker.start : quote.speaker.end] == speaker
    assert quote.rule == rule


def test_quote_candidates_a_quote_continued_says_so() -> None:
    text = ("« La digue a cédé dans la nuit », a déclaré le préfet. "
            "« Les secours sont sur place depuis minuit. »")
    first, second = extract_quotes(text, [])
    assert (first.rule, second.rule) == ("inversion_after", "continued")
    assert second.speaker is None and second.continued


def test_quote_candidates_the_first_rule_with_a_speaker_wins() -> None:
    assert [r.__name__ for r in RULES][:4] == ["inversion_after", "agent_par", "passive", "cue_before"]
    a, b = SpeakerSpan(0, 5), SpeakerSpan(10, 15)
    d = decide([Candidate("incise", a), Candidate("colon_name", b)])
    assert (d.speaker, d.rule, d.needs_parse) == (a, "incise", False)
    assert decide([]).speaker is None and decide([]).rule is None


def test_quote_candidates_a_cue_without_subject_stays_unless_a_rule_reads_its_own() -> None:
    (cue,) = find_cues("Le maire a déclaré que la digue tiendra.")
    sp = SpeakerSpan(0, 8)
    # far from the quote: the cue stays for a rule that reads none ("selon X" after)
    d = decide([Candidate("cue_before", None, cue, reads_cue=True), Candidate("selon_after", sp)])
    assert (d.speaker, d.cue, d.rule) == (sp, cue, "selon_after")
    # "selon X" before the quote reads the cue itself: none
    d = decide([Candidate("cue_before", None, cue, reads_cue=True),
                Candidate("selon_before", sp, None, reads_cue=True)])
    assert (d.speaker, d.cue, d.rule) == (sp, None, "selon_before")
    # near the quote: the parser decides, no later rule is read
    d = decide([Candidate("cue_before", None, cue, reads_cue=True, needs_parse=True),
                Candidate("selon_after", sp)])
    assert (d.speaker, d.cue, d.rule, d.needs_parse) == (None, cue, None, True)
