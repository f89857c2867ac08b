"""Entity cleaning (no model) and cross-article resolution."""

from __future__ import annotations

from recoupe.model import Article, Mention
from recoupe.nlp.entities import clean_mentions, entity_key, resolve_entities


def _spans(text: str, *items: tuple[str, str]) -> list[tuple[int, int, str]]:
    out = []
    for surface, label in items:
        start = text.index(surface)
        out.append((start, start + len(surface), label))
    return out


def test_entities_cleaning_drops_weekdays_debris_and_determiners() -> None:
    text = "Mercredi, Loading categories... Le Kremlin a parlé. L'Otan aussi.\nLoading..."
    spans = _spans(text, ("Mercredi", "PER"), ("Loading categories", "MISC"),
                   ("Le", "MISC"), ("L'Otan", "ORG"))
    kept = clean_mentions(text, spans)
    assert [m.text for m in kept] == ["Otan"]
    assert text[kept[0].start : kept[0].end] == "Otan"


def test_entities_cleaning_splits_role_from_name() -> None:
    text = "Le ministre de la Défense Santos a estimé"
    kept = clean_mentions(text, [(0, len("Le ministre de la Défense Santos"), "ORG")])
    assert [(m.text, m.label) for m in kept] == [("Santos", "PER")]


def test_entities_key_uses_alias_table_and_articles() -> None:
    assert entity_key("Kiev") == entity_key("Kyiv")
    assert entity_key("l'Otan") == entity_key("OTAN")
    assert entity_key("M. Peskov", "PER") == entity_key("Peskov", "PER")


def _article(aid: str, text: str, *items: tuple[str, str]) -> Article:
    mentions = [Mention(text=s, start=text.index(s), end=text.index(s) + len(s), label=lab)
                for s, lab in items]
    return Article(id=aid, source=aid, text=text, mentions=mentions)


def test_entities_resolve_variants_and_short_forms_in_group() -> None:
    a = _article("a", "Volodymyr Zelensky à Kiev. Vladimir Poutine.",
                 ("Volodymyr Zelensky", "PER"), ("Kiev", "LOC"), ("Vladimir Poutine", "PER"))
    b = _article("b", "Zelensky à Kyiv. Poutine répond.",
                 ("Zelensky", "PER"), ("Kyiv", "LOC"), ("Poutine", "PER"))
    index = resolve_entities([a, b], {"a": "s1", "b": "s1"})
    ids = {m.text: m.entity for art in (a, b) for m in art.mentions}
    assert ids["Kiev"] == ids["Kyiv"]
    assert ids["Zelensky"] == ids["Volodymyr Zelensky"]
    assert ids["Poutine"] == ids["Vladimir Poutine"]
    zelensky = next(e for e in index.entities if e.id == ids["Zelensky"])
    assert zelensky.name == "Volodymyr Zelensky"
    assert zelensky.articles == ["a", "b"] and zelensky.mentions == 2


def test_entities_short_form_stays_in_its_group_when_ambiguous() -> None:
    a = _article("a", "Joe Biden parle.", ("Joe Biden", "PER"))
    b = _article("b", "Jill Biden parle.", ("Jill Biden", "PER"))
    c = _article("c", "Biden parle.", ("Biden", "PER"))
    resolve_entities([a, b, c], {"a": "s1", "b": "s2", "c": "s1"})
    assert c.mentions[0].entity == a.mentions[0].entity


def test_entities_type_comes_from_alias_table_and_majority() -> None:
    a = _article("a", "Washington a réagi. Washington est loin.",
                 ("Washington", "PER"))
    b = _article("b", "à Washington", ("Washington", "PER"))
    index = resolve_entities([a, b])
    (entity,) = index.entities
    assert entity.type == "LOC"


def test_entities_ids_are_stable_slugs() -> None:
    a = _article("a", "Dmitri Peskov parle.", ("Dmitri Peskov", "PER"))
    index = resolve_entities([a])
    assert index.entities[0].id == "ent:dmitri-peskov"


def test_entities_acronym_joins_its_name_in_the_same_story(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Pour la Ligue des droits de l'Homme, ce fichier est une dérive. La LDH a "
            "annoncé un recours devant le Conseil d'État.")
    _, result = analyze_text(text)
    names = {e.name for e in result.entities}
    assert "LDH" not in names and "Ligue des droits de l'Homme" in names
