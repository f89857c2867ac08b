from recoupe.clean.lines import clean_text, fix_spacing, split_glued

P1 = ("La préfecture a annoncé mercredi que les habitants évacués pourraient regagner "
      "leur domicile dans la soirée, une fois les contrôles des bâtiments terminés.")
P2 = ("Selon les pompiers, une cinquantaine d'agents ont été mobilisés pendant la nuit "
      "pour porter secours aux familles bloquées dans la basse ville.")
P3 = ("Le maire a demandé une enquête sur l'entretien de la digue, construite il y a plus "
      "de soixante ans et inspectée pour la dernière fois en 2019.")


def reasons(text: str) -> dict[str, str]:
    return {r.line: r.reason for r in clean_text(text).removed}


def test_clean_splits_glued_live_label() -> None:
    assert split_glued("En directGuerre en Ukraine : un titre") == ("Guerre en Ukraine : un titre", "En direct")
    res = clean_text("En direct\nEn directCrue de la Vrenne : deux morts\n\n" + P1 + "\n" + P2)
    assert res.text.startswith("Crue de la Vrenne : deux morts")
    assert any(r.line == "En direct" and r.reason == "live" for r in res.removed)


def test_clean_removes_scraping_debris_with_reasons() -> None:
    text = "\n".join([
        "...", "Logo Partenaire", "in partnership with", "Un titre d'article sur la crue",
        "Régions • Oct 14, 2026, 7:45 AM", "5 min de lecture", "1",
        P1, P2, P3, "Related News :", "Loading categories...",
    ])
    r = reasons(text)
    assert r["Régions • Oct 14, 2026, 7:45 AM"] == "meta"
    assert r["5 min de lecture"] == "meta"
    assert r["Loading categories..."] == "other"
    assert r["Related News :"] == "related"
    assert "1" in r and "..." in r
    res = clean_text(text)
    assert res.dateline == "2026-10-14T07:45:00"
    assert res.text.split("\n")[0] == "Un titre d'article sur la crue"


def test_clean_caption_repeated_with_credit_goes() -> None:
    cap = "Des pompiers dans une rue inondée de Saint-Aubin-sur-Vrenne, le 14 octobre 2026."
    text = "\n".join([P1, cap, cap + " Jean DUPONT/Copyright 2026 Info24", P2, P3])
    r = reasons(text)
    assert r[cap] == "caption"
    assert r[cap + " Jean DUPONT/Copyright 2026 Info24"] == "caption"


def test_clean_repeated_paragraph_is_removed_once() -> None:
    res = clean_text("\n".join([P1, P2, P3, P2]))
    assert res.text.count(P2) == 1
    assert [r.reason for r in res.removed] == ["repeated"]


def test_clean_comments_after_share_tools_are_not_body() -> None:
    comments = [
        "Encore une fois les autorités n'ont rien vu venir, c'est scandaleux et tout le monde le savait depuis des années.",
        "Je suis d'accord avec vous, il faudrait enfin que quelqu'un prenne ses responsabilités dans cette affaire.",
        "Pensées pour les familles des victimes, quelle tristesse de voir notre belle ville dans cet état.",
    ] * 3
    text = "\n".join(["Titre de l'article", P1, P2, P3, P1[::-1], P2[::-1], "Partager sur Facebook",
                      "Envoyer par email", *comments])
    res = clean_text(text)
    assert P3 in res.text
    assert comments[0] not in res.text


def test_clean_headline_list_before_article_is_related() -> None:
    heads = [f"Une autre actualité sans rapport numéro {i} avec un titre accrocheur" for i in range(6)]
    text = "\n".join([*heads, "Le vrai titre de l'article", P1, P2, P3])
    res = clean_text(text)
    assert res.text.split("\n")[0] == "Le vrai titre de l'article"
    assert all(h not in res.text for h in heads)


def test_clean_intertitle_inside_body_is_kept() -> None:
    res = clean_text("\n".join(["Titre", P1, P2, "Une digue fragile", P3]))
    assert "Une digue fragile" in res.text


def test_clean_byline_is_metadata() -> None:
    res = clean_text("\n".join(["Titre", "Par Claire Vasseur, le 21 octobre 2026", P1, P2]))
    assert res.author == "Claire Vasseur"
    assert res.dateline == "2026-10-21"


def test_clean_fix_spacing_around_guillemets() -> None:
    assert fix_spacing("à cette fin »a fustigé") == "à cette fin » a fustigé"


def test_clean_extracted_text_keeps_prose() -> None:
    res = clean_text(P1 + "\n" + P2 + "\nPartager sur Facebook", extracted=True)
    assert res.text == P1 + "\n" + P2
