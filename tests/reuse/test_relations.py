"""Who copies whom: siblings, chains and credits (recoupe/reuse/relations.py)."""

from __future__ import annotations

import pytest

from recoupe.config import Options
from recoupe.model import Article, RemovedLine, ReusePair
from recoupe.reuse import find_reuse, names_outlet
from recoupe.reuse.wire import article_cues

_DISPATCH = (
    "Un incendie a ravagé mardi soir un entrepôt de pneus de la zone artisanale des Brûlis, "
    "à Montclaret, sans faire de victime, a indiqué la préfecture. Les pompiers ont engagé "
    "quatre-vingts hommes et vingt engins pour circonscrire le feu vers deux heures du matin. "
    "Une épaisse fumée noire a contraint les habitants du quartier des Tilleuls à rester "
    "chez eux toute la nuit, fenêtres fermées. Le maire, Gérard Pelletan, a ouvert la salle "
    "des fêtes pour accueillir une trentaine de riverains incommodés par les odeurs. "
    "Une enquête a été ouverte pour déterminer l'origine du sinistre, a précisé le parquet.")
_OWN = (
    "Joint par téléphone, le gérant de l'entrepôt, Alain Roumégoux, affirme que les extincteurs "
    "avaient été contrôlés au mois de mars par une société agréée de Rodez. Il évalue les pertes "
    "à plus de deux millions d'euros et craint de devoir licencier ses onze salariés avant l'été. "
    "Selon lui, un premier départ de feu avait déjà été signalé en janvier près des bennes.")


def _art(aid: str, outlet: str, published: str, text: str) -> Article:
    return Article(id=aid, source=f"{outlet}/{aid}.txt", text=text, outlet=outlet,
                   published=published, language="fr")


def _pairs(*articles: Article, known: list[ReusePair] | None = None,
           only_with: set[str] | None = None) -> dict[tuple[str, ...], ReusePair]:
    found = find_reuse(list(articles), Options.load(quiet=True), only_with=only_with, known=known)
    return {tuple(p.articles): p for p in found}


def test_byline_credit_and_uncredited_copy() -> None:
    """A byline the cleaning removed ("Par la rédaction avec AFP") credits the agency; a
    site copying the dispatch without a word of credit is ``credited: false``; the two
    copies are siblings from the dispatch."""
    afp = _art("d1", "AFP", "2026-05-12T06:00", "MONTCLARET, 12 mai 2026 (AFP) - " + _DISPATCH)
    credited = _art("c1", "Le Veilleur du Causse", "2026-05-12T08:00", _DISPATCH)
    credited.removed = [RemovedLine(line="Par la rédaction avec AFP", reason="meta")]
    silent = _art("s1", "causse-infos.fr", "2026-05-12T09:30", _DISPATCH)
    pairs = _pairs(afp, credited, silent)
    assert pairs[("d1", "c1")].credited is True
    assert pairs[("d1", "s1")].credited is False and pairs[("d1", "s1")].relation == "source_reuser"
    sib = pairs[("c1", "s1")]
    assert sib.relation == "siblings" and sib.common_source == "d1" and sib.credited is False


def test_a_chain_is_no_siblings() -> None:
    """B is A's text plus its own reporting; C copies B's own reporting: C reuses B."""
    a = _art("A", "Le Veilleur du Causse", "2026-05-12T06:00", _DISPATCH)
    b = _art("B", "Causse Infos", "2026-05-12T08:00", _DISPATCH + "\n\n" + _OWN)
    first_two = ". ".join(_DISPATCH.split(". ")[:2]) + "."
    c = _art("C", "Radio Tarn Sud", "2026-05-12T10:00", first_two + "\n\n" + _OWN)
    pairs = _pairs(a, b, c)
    assert pairs[("B", "C")].relation == "source_reuser"


def test_two_copies_of_one_credited_dispatch_name_the_agency() -> None:
    one = _art("V1", "Le Veilleur du Causse", "2026-05-12T08:00", _DISPATCH + " (AFP)")
    two = _art("V2", "Causse Infos", "2026-05-12T09:00", _DISPATCH + " (AFP)")
    pair = _pairs(one, two)[("V1", "V2")]
    assert pair.relation == "siblings" and pair.common_source is None and pair.credited is True
    assert any(e.startswith("AFP") for e in pair.evidence)


@pytest.mark.parametrize("outlets", [("Causse Infos", "Causse Infos"),
                                     ("La Gazette de la Vière", "gazette-viere.fr")])
def test_one_outlet_is_no_credit_question(outlets: tuple[str, str]) -> None:
    """An outlet's update of its own AFP story: the later one reuses the earlier, nothing to
    credit (whatever the spelling of the outlet)."""
    one = _art("W1", outlets[0], "2026-05-12T08:00", _DISPATCH + " (AFP)")
    two = _art("W2", outlets[1], "2026-05-12T19:00", _DISPATCH + " (AFP)")
    pair = _pairs(one, two)[("W1", "W2")]
    assert pair.relation == "source_reuser" and pair.credited is None


def test_a_stream_makes_stored_copies_siblings() -> None:
    """A new copy C of a stored dispatch A, A→B stored: B and C are siblings, as in batch."""
    a = _art("A", "AFP", "2026-05-12T06:00", _DISPATCH)
    b = _art("B", "Causse Infos", "2026-05-12T08:00", _DISPATCH)
    c = _art("C", "Radio Tarn Sud", "2026-05-12T10:00", _DISPATCH)
    stored = list(_pairs(a, b).values())
    pairs = _pairs(a, b, c, known=stored, only_with={"C"})
    assert pairs[("B", "C")].relation == "siblings" and pairs[("B", "C")].common_source == "A"


def test_byline_credits_only_in_bylines() -> None:
    """The byline form counts in removed ``meta`` lines and the author, not in the body."""
    body = _art("x", "Causse Infos", "2026-05-12", "Le groupe a signé un accord de dix ans avec l'AFP")
    assert article_cues(body) == []
    byline = _art("y", "Causse Infos", "2026-05-12", "Texte.")
    byline.author = "Par J. Dupont avec AFP"
    assert [w.agency for w in article_cues(byline)] == ["AFP"]


@pytest.mark.parametrize(("text", "outlet", "named"), [
    ("Selon la Gazette de la Vière, trois explosions ont été entendues.", "La Gazette de la Vière", True),
    ("Comme l'écrit gazette-viere.fr, le feu a pris vers 19 h.", "gazette-viere.fr", True),
    ("Selon La Gazette de la Vière, le feu a pris vers 19 h.", "lagazettedelaviere.fr", True),
    ("Selon La Gazette de la Vière, le feu a pris vers 19 h.", "actu.gazette-viere.fr", True),
    ("Selon La Gazette de la Vière, le feu a pris.", "La Gazette de la Vière (édition Montclaret)", True),
    ("Comme l'a rapporté Vière 24, le feu a pris vers 19 h.", "Vière24", True),
    ("Selon 20 Minutes, le feu est fixé.", "20 Minutes", True),
    ("Interrogé par Le Monde, le ministre a démenti.", "Le Monde", True),
    ("Radio Vière a été la première à l'annoncer.", "radio-viere", True),
    ("据人民日报报道，火灾已被扑灭。", "人民日报", True),
    # a place, a common word, a date: no outlet named
    ("Le feu a pris à Saint-Aubin-sur-Vière mardi.", "radio-viere", False),
    ("Une nouvelle qui a fait le tour du monde.", "Le Monde", False),
    ("La finale de la Coupe du Monde aura lieu dimanche.", "Le Monde", False),
    ("Les secours sont arrivés 20 minutes plus tard.", "20 Minutes", False),
    ("Le cortège a traversé la France du nord au sud.", "France 2", False),
    ("Les orages ont frappé l'ouest de la France.", "Ouest-France", False),
    ("La vigilance a été levée en Vière mercredi.", "La Vière", False),
    ("À Montclaret, mardi matin, les pompiers étaient encore là.", "Montclaret Matin", False),
    ("Un Parisien de 34 ans a été interpellé.", "Le Parisien", False),
])
def test_names_outlet(text: str, outlet: str, named: bool) -> None:
    assert names_outlet(text, outlet) is named


def test_a_copied_sentence_naming_a_place_is_no_credit() -> None:
    """A regional outlet named after its town: the dispatch names the town, a verbatim copy
    repeats it; only a mention outside the copied passages would credit the outlet."""
    src = _art("M1", "Montclaret Matin", "2026-05-12T06:00",
               _DISPATCH.replace("à Montclaret,", "à Montclaret Matin et soir,"))
    copy = _art("M2", "Causse Infos", "2026-05-12T09:00", src.text)
    assert _pairs(src, copy)[("M1", "M2")].credited is False
