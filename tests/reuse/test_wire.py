from __future__ import annotations

import pytest

from recoupe.reuse.wire import CREDIT, CUE, agencies, find_wire_cues


@pytest.mark.parametrize(
    ("text", "agency", "kind"),
    [
        ("PÉKIN (AFP) - Tout aux jeux Olympiques est à grande échelle.", "AFP", CREDIT),
        ("...fournis par les Etats-Unis. [AFP]", "AFP", CREDIT),
        ("Le texte de la dépêche.\n(avec AFP)", "AFP", CREDIT),
        ("Le texte de la dépêche.\navec AFP", "AFP", CREDIT),
        ("LONDON (Reuters) - Britain said on Monday", "Reuters", CREDIT),
        ("a déclaré à l'AFP un haut responsable américain", "AFP", CUE),
        ("a confié mercredi à l’AFP un diplomate", "AFP", CUE),
        ("selon l'agence Reuters, le navire", "Reuters", CUE),
        ("cité par l'agence TASS", "TASS", CUE),
        ("the official told Reuters on Monday", "Reuters", CUE),
        ("according to the Associated Press", "AP", CUE),
    ],
)
def test_wire_cue_found(text: str, agency: str, kind: str) -> None:
    cues = find_wire_cues(text)
    assert [(c.agency, c.kind) for c in cues] == [(agency, kind)]
    c = cues[0]
    assert agency.lower()[:3] in text[c.start:c.end].lower() or agency == "AP"


@pytest.mark.parametrize(
    "text",
    [
        "Le cap de la rap française",  # 'ap' inside words
        "Le député AP a dit non",  # bare acronym, no credit or cue form
        "Crédit photo : Vyacheslav PROKOFYEV / AFP",  # picture credit
        "Virginia Mayo/Copyright 2024 The AP. All rights reserved",
    ],
)
def test_wire_no_text_evidence(text: str) -> None:
    assert agencies(find_wire_cues(text)) == set()
