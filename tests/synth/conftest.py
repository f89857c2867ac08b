"""Fixtures for synthesis: a small fictional story (French, written for these tests),
analysed once per session with the real French pipeline and the real embedder."""

from __future__ import annotations

import pytest

from recoupe.config import Options
from recoupe.embed import Embedder, get_embedder
from recoupe.model import Article, Claim
from recoupe.nlp import analyze

#: three outlets telling the same (fictional) flood, the third one a day later
STORY = {
    "a1": ("2025-03-12", "L'Écho de la Vrenne", (
        "La Vrenne est sortie de son lit mardi soir à Castelmoron, inondant une centaine de maisons "
        "du quartier des Tanneurs.\n"
        "Les pompiers ont évacué 240 habitants dans la nuit de mardi à mercredi, selon la préfecture de la Haute-Vrenne.\n"
        "Suivez notre direct pour les dernières informations.\n"
        "Il a ajouté que la situation restait préoccupante.\n"
        "Faut-il craindre une nouvelle crue dans les prochains jours ?\n"
        "« C'est la pire crue depuis trente ans. »\n"
        "Le maire, Étienne Barrau, a ouvert le gymnase municipal pour accueillir les sinistrés."
    )),
    "a2": ("2025-03-12", "La Dépêche du Centre", (
        "Les pompiers ont évacué 240 habitants dans la nuit de mardi à mercredi, selon la préfecture de la Haute-Vrenne.\n"
        "Mercredi matin, l'eau atteignait encore un mètre dans les rues basses de Castelmoron.\n"
        "La préfète a déclenché le plan d'urgence départemental et demandé des renforts à la région voisine.\n"
        "Mais les routes restaient coupées."
    )),
    "a3": ("2025-03-13", "Ouest Actu", (
        "Jeudi, la décrue s'est amorcée à Castelmoron, où les habitants évacués ont commencé à regagner leurs maisons.\n"
        "La préfecture estime les dégâts à quatre millions d'euros et promet une aide d'urgence aux familles sinistrées.\n"
        "Le maire, Étienne Barrau, a demandé la reconnaissance de l'état de catastrophe naturelle jeudi."
    )),
}


def make_articles() -> list[Article]:
    return [Article(id=k, source=f"{k}.txt", text=text, outlet=outlet, published=pub, language="fr",
                    title=text.split(".")[0])
            for k, (pub, outlet, text) in STORY.items()]


@pytest.fixture(scope="session")
def options() -> Options:
    return Options()


@pytest.fixture(scope="session")
def embedder(options: Options) -> Embedder:
    emb = get_embedder(options)
    assert emb is not None
    return emb


@pytest.fixture(scope="session")
def story(options: Options) -> list[Article]:
    """The analysed fictional story (sentences, mentions, dates)."""
    articles = make_articles()
    analyze(articles, options)
    return articles


def claim(article: Article, sentence: str, group: str, sources: list[str], independent: int | None = None,
          status: str = "single_source") -> Claim:
    """A Claim built by hand on the exact span of ``sentence`` in ``article``."""
    start = article.text.index(sentence)
    return Claim(id=f"{article.id}:{group}", article=article.id, text=sentence, start=start,
                 end=start + len(sentence), group=group, sources=sources,
                 independent_sources=len(sources) if independent is None else independent, status=status)


@pytest.fixture(scope="session")
def make_claim():  # type: ignore[no-untyped-def]
    """:func:`claim`, for tests of the claims path."""
    return claim


@pytest.fixture()
def fresh_story() -> list[Article]:
    """The fictional story, prepared but not analysed (a new copy per test)."""
    return make_articles()
