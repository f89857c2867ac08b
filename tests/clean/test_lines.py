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


# --------------------------------------------------------------------------- fail safes

WRAPPED = """Inondations : la digue de la Vrenne a cédé
Par Camille Roussel
Temps de lecture : 3 min
Dans la nuit de mardi à mercredi, la digue qui protégeait le
bas du bourg de Saint-Aubin-sur-Vrenne a cédé sous la pression de
la crue, noyant une vingtaine de maisons sous un mètre d'eau.
Les pompiers du département ont évacué quarante habitants
par bateau avant l'aube, a précisé la préfecture dans un
communiqué publié mercredi matin.
Le maire, Hélène Garnier, a ouvert le gymnase municipal pour
accueillir les sinistrés et demande aux habitants de ne pas
revenir chez eux avant la décrue annoncée pour vendredi.
Partager sur Facebook
"""


def test_hard_wrapped_paragraphs_are_joined_and_kept() -> None:
    res = clean_text(WRAPPED)
    assert "unwrapped_lines" in res.flags
    kept = set(res.kept_lines)
    assert set(range(4, 13)) <= kept, sorted(kept)  # every fragment of every paragraph
    assert 1 in kept and 2 not in kept and 3 not in kept and 14 not in kept
    assert "la digue qui protégeait le bas du bourg" in res.text


INTERVIEW = "\n".join([
    "Le préfet de la Vrenne : « Nous avons évacué à temps »",
    "Entretien avec le préfet après la rupture de la digue de Saint-Aubin-sur-Vrenne, mercredi.",
    "Quand avez-vous su que la digue allait céder ?",
    "Les capteurs ont signalé une hausse brutale du niveau vers deux heures du matin, et nous"
    " avons aussitôt déclenché le plan d'évacuation du bas du bourg.",
    "Comment avez-vous organisé l'évacuation ?",
    "Avec les pompiers et les bénévoles de la protection civile, quarante habitants ont été"
    " conduits en bateau jusqu'au gymnase municipal avant l'aube.",
    "Les habitants pourront-ils rentrer chez eux ?",
    "Pas avant la décrue, que Météo-France annonce pour vendredi ; les maisons doivent d'abord"
    " être inspectées par les services techniques.",
    "Il n'y a pas eu de victime.",
    "",
])


def test_an_interview_question_is_no_comment_marker_and_the_last_short_line_stays() -> None:
    res = clean_text(INTERVIEW)
    kept = set(res.kept_lines)
    assert set(range(3, 10)) <= kept, sorted(kept)


# an article whose body is cut by a short run of headline-shaped lines (a name, a pull
# quote, an interview's first question), then the page's own menu of other articles
SPLIT_BODY = "\n".join([
    "Crue de la Vrenne : la digue de Saint-Aubin a cédé dans la nuit",
    P1, P2, P3,
    "Colette Marchand, hydrologue à l'université d'Angers",
    "« Une digue conçue pour un autre climat »",
    "Cette crue était-elle prévisible, selon vous ?",
    "Les relevés montraient depuis dix jours une montée continue de la rivière, et les"
    " prévisions de pluie sur le haut bassin laissaient peu de doute sur la suite.",
    "La digue a-t-elle été mal entretenue ?",
    "Elle a été inspectée en 2019, mais elle a été conçue dans les années cinquante pour"
    " des crues bien moins fortes que celles que nous connaissons aujourd'hui.",
    "Partager sur Facebook",
    "Partager sur X",
    "Envoyer par e-mail",
    "Les plus lus",
    "Municipales : la liste d'union de la gauche dévoile son programme à Angers",
    "Football : le SCO s'impose face à Lorient au terme d'un match fermé",
    "Météo : un automne plus doux que la normale sur les Pays de la Loire",
])


def test_a_body_cut_by_a_few_headline_shaped_lines_is_kept_whole_and_flagged() -> None:
    res = clean_text(SPLIT_BODY)
    kept = set(res.kept_lines)
    assert set(range(1, 11)) <= kept, sorted(kept)  # title, both parts and the lines between
    assert "doubtful_lines_kept" in res.flags
    assert not kept & set(range(11, 18))  # share tools and the menu of other articles still go


NARROW = """Vrenne : la digue, la crue et les
promesses
Par Camille Roussel
Saint-Aubin-sur-Vrenne, mercredi. La digue
qui protégeait le bas du bourg a cédé
dans la nuit, trois ans après les travaux
promis par le conseil départemental (1).
Le maire, Hélène Garnier, rappelle que
Pierre Valcourt, alors président du
département, avait annoncé en mars 2023
(Angers, 14 mars 2023) un chantier de
renforcement qui n'a jamais commencé.
Les pompiers ont évacué quarante habitants
par bateau avant l'aube, et le gymnase
municipal accueille depuis les sinistrés
qui ne peuvent pas rentrer chez eux avant
la décrue annoncée pour vendredi soir.
Selon la préfecture, une vingtaine de
maisons ont été noyées sous un mètre d'eau
et les dégâts ne seront pas chiffrés avant
la fin de la semaine prochaine, au mieux.
Les habitants réunis en collectif veulent
savoir pourquoi les travaux votés en 2023
ont été reportés trois fois de suite.
(1) Délibération du conseil
DÉPARTEMENTAL DU 14 MARS 2023,
RENFORCEMENT DES DIGUES DE LA VRENNE
(2) Voir aussi notre enquête
Photo : Camille Roussel
Partager sur Facebook
"""


def test_a_page_wrapped_at_a_narrow_width_is_joined_whatever_the_next_word() -> None:
    # every line is cut at ~42 characters: a full line goes on, even before a capital
    # ("rappelle que" / "Pierre Valcourt") or a piece that looks like a dateline
    res = clean_text(NARROW)
    assert "unwrapped_lines" in res.flags
    assert "rappelle que Pierre Valcourt, alors président du département" in res.text
    assert "en mars 2023 (Angers, 14 mars 2023) un chantier" in res.text
    kept = set(res.kept_lines)
    assert set(range(4, 25)) <= kept, sorted(set(range(4, 25)) - kept)
    assert 3 not in kept and 29 not in kept and 30 not in kept


def test_numbered_notes_the_body_calls_are_kept_up_to_the_site_chrome() -> None:
    res = clean_text(NARROW)
    kept = set(res.kept_lines)
    assert {25, 26, 27, 28} <= kept, sorted(kept)  # notes (1) and (2), capitals and all
    assert "footnotes_kept" in res.flags
    assert 29 not in kept  # the caption ends the notes


#: three body paragraphs of a fictional flood report
FLOOD_BODY = [
    "La digue de la Vrenne a cédé dans la nuit de mardi à mercredi, noyant une "
    "vingtaine de maisons du bas du bourg sous un mètre d'eau.",
    "Les pompiers du département ont évacué quarante habitants par bateau avant "
    "l'aube, a précisé la préfecture dans un communiqué publié mercredi matin.",
    "Le maire a ouvert le gymnase municipal pour accueillir les sinistrés et demande "
    "aux habitants de ne pas revenir chez eux avant la décrue annoncée pour vendredi.",
]

def test_a_comment_thread_header_naming_the_article_ends_the_body() -> None:
    body = FLOOD_BODY
    thread = [
        "Vous pouvez suivre les réponses à cet article avec le flux RSS.",
        "12 commentaires à « La digue de la Vrenne a cédé dans la nuit »",
        "On nous avait promis ces travaux depuis des années et rien n'a été fait, "
        "c'est toujours la même chose avec le département et ses promesses.",
        "Courage aux habitants du bas du bourg, nous avons connu la même chose en 2019 "
        "et il a fallu des mois pour que les maisons sèchent enfin.",
    ]
    res = clean_text("\n".join(["La digue de la Vrenne a cédé", *body, *thread]))
    assert all(p in res.text for p in body)
    assert not any(t in res.text for t in thread)


def test_the_headline_above_the_date_and_the_subtitle_is_kept() -> None:
    page = "\n".join([
        "Le journal du Val",
        "Nos éditions",
        "Vrenne : la digue de Saint-Aubin a cédé dans la nuit",
        "14 octobre 2026",
        "Quarante habitants évacués par bateau avant l'aube",
        "La digue qui protégeait le bas du bourg de Saint-Aubin-sur-Vrenne a cédé dans la nuit "
        "de mardi à mercredi, noyant une vingtaine de maisons sous un mètre d'eau.",
        "Les pompiers du département ont évacué quarante habitants par bateau avant l'aube, "
        "a précisé la préfecture dans un communiqué publié mercredi matin.",
        "Le maire a ouvert le gymnase municipal pour accueillir les sinistrés et demande aux "
        "habitants de ne pas revenir chez eux avant la décrue annoncée pour vendredi.",
    ])
    kept = set(clean_text(page).kept_lines)
    assert {3, 5, 6, 7, 8} <= kept, sorted(kept)
    assert 1 not in kept and 2 not in kept


def test_page_code_and_spanish_and_italian_chrome_are_debris() -> None:
    body = [
        "La presa de la Vrenne cedió durante la noche del martes al miércoles e inundó una "
        "veintena de casas del barrio bajo de Saint-Aubin.",
        "Los bomberos evacuaron a cuarenta vecinos en barca antes del amanecer, precisó la "
        "prefectura en un comunicado publicado el miércoles por la mañana.",
        "El alcalde abrió el polideportivo municipal para acoger a los damnificados hasta "
        "la bajada de las aguas prevista para el viernes.",
    ]
    page = "\n".join([
        ".alogo{display: block;text-indent: -1000px;width: 330px;height: 80px;}",
        "Este post es parte de nuestra cobertura especial Inundaciones en el Vrenne 2026.",
        "La presa de la Vrenne cede durante la noche",
        *body,
        "© Diario del Vrenne Ediciones Todos los derechos reservados",
        "Questo articolo non è più commentabile. Abbonati per commentare le altre notizie.",
        "var loadAsyncFB = function(){",
    ])
    res = clean_text(page, languages=("fr", "en", "es", "it"))
    assert all(p in res.text for p in body)
    assert "alogo" not in res.text and "cobertura especial" not in res.text
    assert "derechos reservados" not in res.text and "commentabile" not in res.text
    assert "loadAsyncFB" not in res.text


def test_a_line_introducing_what_follows_stays_after_the_body() -> None:
    body = FLOOD_BODY
    page = "\n".join(["La digue de la Vrenne a cédé", *body,
                      "A Saint-Aubin, les habitants filment la montée des eaux (vidéo) :",
                      "Ce billet fait partie de notre dossier sur les crues de la Vrenne."])
    res = clean_text(page)
    assert "filment la montée des eaux" in res.text
    assert "Ce billet fait partie" not in res.text


def test_a_long_comment_thread_does_not_outweigh_the_article_before_it() -> None:
    comments = [
        "Sugieren que haga un comentario y lo primero que pienso es que las obras de la presa "
        "se anunciaron hace años, se votaron dos veces y nunca se hicieron, como siempre.",
        "Vivo en el barrio bajo desde hace treinta años y nunca habíamos visto el agua subir "
        "tan rápido, nadie nos avisó a tiempo y perdimos todo lo que había en la planta baja.",
    ] * 6
    page = "\n".join([
        "La presa de la Vrenne cede durante la noche",
        "La presa de la Vrenne cedió durante la noche del martes al miércoles e inundó una "
        "veintena de casas del barrio bajo de Saint-Aubin.",
        "Los bomberos evacuaron a cuarenta vecinos en barca antes del amanecer, precisó la "
        "prefectura en un comunicado publicado el miércoles por la mañana.",
        "El alcalde abrió el polideportivo municipal para acoger a los damnificados hasta "
        "la bajada de las aguas, prevista para el viernes por la noche según la prefectura.",
        "Se han publicado 12 comentarios",
        "Este sitio se reserva el derecho de la publicación de los comentarios. No se harán "
        "visibles aquellos que sean denigrantes u ofensivos.",
        *comments,
    ])
    res = clean_text(page, languages=("fr", "en", "es", "it"))
    assert "Los bomberos evacuaron a cuarenta vecinos" in res.text
    assert "Sugieren que haga un comentario" not in res.text


def test_code_left_between_two_paragraphs_does_not_cut_the_body() -> None:
    page = "\n".join([
        "La digue de la Vrenne a cédé",
        *FLOOD_BODY[:2],
        "/*<![CDATA[*/.gallery .viewport{margin-bottom:1rem}.gallery .cell{opacity:1;}",
        "window.Gallery||document.write('<link rel=\"stylesheet\" href=\"/gallery.css\">');",
        '{"type":"gallery","object":{"title":"La digue de la Vrenne","count":12}}',
        FLOOD_BODY[2],
        "Les services de l'État estiment que les dégâts ne seront pas chiffrés avant la fin "
        "de la semaine prochaine, au mieux, selon la préfecture de la Vrenne.",
    ])
    res = clean_text(page)
    assert all(p in res.text for p in FLOOD_BODY)
    assert "CDATA" not in res.text and "document.write" not in res.text


def test_a_video_player_script_between_paragraphs_does_not_cut_the_body() -> None:
    # an embedded player leaves a whole script between two paragraphs: statements, handlers,
    # comments; every one is code (removed, neutral), so the body goes on after it
    script = [
        "function LoadPlayerText2(idVideo, playerId, videoLink)",
        "var subdirectory = idVideo.substring(0, 2);",
        "pl_video_link = videoLink;",
        "//use_community_temp = '(none)';",
        "use_community = 1;",
        "} catch (e) { if(use_community_temp == '1')",
        "success: function (data){",
        "var descriptiondiv = $('#js_DescriptionAndTools_2');",
        "vote_IL_2 = null",
        "vote_IDL_2 = new Voting({",
        "error: function (data){",
        "}",
    ] * 3
    page = "\n".join(["La digue de la Vrenne a cédé", *FLOOD_BODY[:2], *script, FLOOD_BODY[2]])
    res = clean_text(page)
    assert all(p in res.text for p in FLOOD_BODY)
    assert "function" not in res.text and "use_community" not in res.text


def test_figures_written_as_equalities_are_not_code() -> None:
    from recoupe.clean.lines import classify_line, load_phrases

    phrases = load_phrases(("fr",))
    for line in ("2010 = 57", "Taux = 3,5 %", "x = y + 2"):
        assert classify_line(line, 1, phrases).shape != "code", line


def test_a_list_of_headlines_of_alike_lengths_is_not_a_wrapped_page() -> None:
    from recoupe.clean.lines import classify_line, load_phrases, wrap_width

    heads = [f"Crue de la Vrenne : la digue numéro {k} tient bon" for k in range(10, 40)]
    phrases = load_phrases(("fr",))
    lines = [classify_line(h, k, phrases) for k, h in enumerate(heads, 1)]
    assert wrap_width(lines) == 0
    narrow = [classify_line(t, k, phrases) for k, t in enumerate(NARROW.splitlines(), 1) if t]
    assert wrap_width(narrow) > 0


def test_a_live_blog_keeps_its_entries_past_runs_of_entry_headlines() -> None:
    entries = ["Le pont de la Vrenne rouvert à la circulation",
               "La préfète attendue à Castelmoron",
               "Les écoles resteront fermées lundi",
               "Deux familles relogées au gymnase",
               "« Nous reconstruirons », promet le maire"]
    page = "\n".join([
        "Accueil", "Régions", "Sports",
        "En direct : la crue de la Vrenne",
        "Début du direct : 11/03/2025 à 07:41",
        P1, P2, *entries[:3], P3, *entries[3:],
        "Partager sur Facebook", "Partager sur X",
        "Mentions légales", "© L'Écho de la Vrenne 2025",
    ])
    res = clean_text(page)
    for line in (P1, P2, P3, *entries):
        assert line in res.text
    assert "live_entries_kept" in res.flags and "doubtful_lines_kept" in res.flags
    assert "Partager sur Facebook" not in res.text and "Accueil" not in res.text
    # the same lines on a page that is no live blog: a list of other articles after the body
    res = clean_text(page.replace("En direct : ", "").replace("Début du direct : ", "Publié le "))
    assert "live_entries_kept" not in res.flags and entries[4] not in res.text


def test_a_menu_bar_is_navigation_and_a_page_of_debris_keeps_nothing() -> None:
    res = clean_text("Accueil | Actualités | Région | Sports\n"
                     "Nous utilisons des cookies pour améliorer votre expérience. Accepter | Refuser\n"
                     "Partager sur Facebook\n© 2026 L'Écho de la Vrenne - Tous droits réservés\n")
    assert res.text == ""
    assert reasons("Crue | La carte | Les images\n" + P1 + "\n" + P2)[
        "Crue | La carte | Les images"] == "nav"
    dates = "Vendredi 12 juin / samedi 13 juin / dimanche 14 juin"
    assert dates in clean_text(P1 + "\n" + dates + "\n" + P2).text  # a list in the text
    assert "Crue de la Vrenne : la digue a tenu | Reportage" in clean_text(
        "Crue de la Vrenne : la digue a tenu | Reportage\n" + P1 + "\n" + P2).text


def test_the_headline_is_kept_above_share_buttons_and_a_masthead_is_no_headline() -> None:
    page = ("Accueil | Actualités | Région | Sports\n"
            "Info Vallée\n"
            "Castelmoron : la digue de la Vrenne a cédé dans la nuit\n"
            "Publié le 12/03/2025 à 07h45\nPar Élodie Vasseur\n"
            "Partager sur Facebook  Partager sur X  Envoyer par mail\n" + P1 + "\n" + P2 + "\n")
    res = clean_text(page)
    assert res.text.startswith("Castelmoron : la digue de la Vrenne a cédé dans la nuit\n")
    # a headline in title case is no masthead for the cleaner (the pipeline drops a first
    # line only when it names the article's outlet: tests/test_stages.py)
    page = ("Le Mans Fête Ses Héros\nLa ville a accueilli ses champions dimanche\n"
            + P1 + "\n" + P2 + "\n" + P3 + "\n")
    assert clean_text(page).text.startswith("Le Mans Fête Ses Héros\n")


def test_agency_copy_closing_on_its_credit_is_body_a_photo_caption_is_not() -> None:
    text = (
        "Accueil | Faits divers | Sports | Météo\n"
        "Castelviel : le pont de la Sarrette s'effondre, trois morts\n"
        "Une travée du pont de la Sarrette a cédé dans la nuit de dimanche à lundi au passage "
        "d'un camion, entraînant deux voitures dans la Lèze, selon les secours.\n"
        "Trois personnes ont été tuées et huit autres blessées, dont deux grièvement, a "
        "indiqué la préfecture de la Haute-Lèze en fin de matinée.\n"
        "Le pont, construit en 1963, faisait l'objet d'une surveillance renforcée depuis 2019, "
        "selon la mairie. (AFP)\n"
        "Les habitants ont été invités à éviter le secteur. La circulation est coupée. (AFP)\n"
        "Des secouristes fouillent la Lèze sous le pont effondré, le 16 mars 2026. (AFP)\n"
        "Partager sur Facebook Twitter WhatsApp\n"
    )
    res = clean_text(text)
    assert "construit en 1963" in res.text and "La circulation est coupée" in res.text
    assert "Des secouristes fouillent" not in res.text
    assert any(r.reason == "caption" and r.line.startswith("Des secouristes")
               for r in res.removed)


def test_an_inline_link_does_not_end_the_article() -> None:
    text = (
        "Accueil | Actualités | Faits divers | Sports | Météo\n"
        "Effondrement du pont de la Sarrette : le bilan s'alourdit à quatre morts\n"
        "Une femme de 67 ans, grièvement blessée dans l'effondrement du pont de la Sarrette, "
        "est décédée mardi soir au CHU, a annoncé mercredi la préfecture de la Haute-Lèze.\n"
        "La victime, une habitante de Saint-Ambroix, circulait avec son mari, lui aussi "
        "blessé, au moment de l'effondrement, selon les enquêteurs de la gendarmerie.\n"
        "Lire aussi : Pont de la Sarrette : une enquête ouverte pour homicides involontaires\n"
        "La marche blanche prévue samedi est maintenue, a précisé la mairie.\n"
        "Partager sur Facebook Twitter WhatsApp E-mail\n"
        "© Le Réveil de la Lèze 2026 - Tous droits réservés - Mentions légales\n"
    )
    res = clean_text(text)
    assert "La marche blanche prévue samedi est maintenue" in res.text
    assert "Lire aussi" not in res.text


def test_newsletter_prompts_and_teasers_are_debris() -> None:
    body = ("Un entrepôt de pneus a été détruit par un incendie dans la nuit de mardi à mercredi "
            "sur le port de Salmène, sans faire de blessé, selon les pompiers du département.\n")
    res = clean_text("Salmène : un entrepôt détruit\n" + body + body.replace("Un entrepôt", "Le hangar")
                     + "Vous avez aimé cet article ? Inscrivez-vous à la newsletter de la Gazette.\n")
    assert "Vous avez aimé" not in res.text
    es = ("Huesca decreta un día de luto\n"
          "El Ayuntamiento de Huesca ha decretado un día de luto oficial por la muerte del camionero "
          "aragonés en el derrumbe del puente de la Sarrette, en Francia, según fuentes municipales.\n"
          "Te puede interesar: Los camioneros aragoneses reclaman más seguridad en las carreteras\n")
    assert "Te puede interesar" not in clean_text(es, languages=("es", "fr")).text


def test_caption_tails_and_teaser_lists_after_the_body() -> None:
    from recoupe.clean.lines import _agency_paragraph

    # a figure after a comma is no caption's date; a caption's place and date are
    assert _agency_paragraph("Un accident de car sur l'autoroute A7 près de Valence a fait deux morts, "
                             "14 blessés. (AFP)")
    for caption in ("Des secouristes fouillent la Lèze sous le pont effondré à Saint-Aubin (Tarn), "
                    "lundi 16 mars 2026. (AFP)",
                    "Des secouristes fouillent la Lèze sous le pont effondré dans le Tarn, en mars 2026. (AFP)",
                    "Des secouristes fouillent la Lèze sous le pont, le 16 mars 2026 à Saint-Aubin (Tarn). (AFP)"):
        assert not _agency_paragraph(caption), caption
    text = ("Accueil | Actualités | Faits divers | Sports | Météo\n"
            "Tarn : la crue fait deux morts\n"
            "La crue du Tarn a fait deux morts dans la nuit de mardi à mercredi à Castres, selon la "
            "préfecture du département qui a déclenché le plan Orsec.\n"
            "Les pompiers ont évacué 300 habitants des quartiers bas de la ville pendant la nuit, a "
            "indiqué le maire.\n"
            "À lire aussi :\nTarn : l'alerte rouge est déclenchée.\nCastres : les écoles restent fermées.\n"
            "Partager sur Facebook Twitter WhatsApp\n")
    assert "alerte rouge" not in clean_text(text).text


def test_a_live_blog_keeps_its_own_headline_and_drops_its_share_line() -> None:
    text = ("La Voix du Plateau\nAccueil | Actualités | Plateau | Vrenne | Sports | Loisirs\n"
            "EN DIRECT - Fuite d'ammoniac à Brénac : suivez la situation\n"
            "Mis à jour le mercredi 18 novembre 2026 à 13h20\nPar la rédaction\nDébut du direct\n"
            "13h20 - Les habitants pourront rentrer chez eux ce soir\n"
            "La préfecture annonce que le périmètre de sécurité sera levé à 18 heures. Les habitants "
            "évacués pourront regagner leur domicile mercredi soir.\n"
            "11h05 - Quatorze hospitalisés selon la préfecture\n"
            "La préfecture confirme que quatorze personnes ont été hospitalisées après la fuite "
            "d'ammoniac survenue dans la nuit à l'usine Novachem de Brénac.\n"
            "Partager ce direct : Facebook X WhatsApp\n")
    res = clean_text(text)
    assert res.text.startswith("EN DIRECT - Fuite d'ammoniac à Brénac")
    assert "Partager ce direct" not in res.text
    caption = ("Les pompiers devant l'entrée de l'usine Novachem, mercredi matin. Photo Claire Fontanel "
               "/ Le Courrier de Brénac")
    assert caption not in clean_text("Fuite à Brénac\n" + text.split("\n", 6)[6] + caption + "\n").text


def test_wire_credits_and_closed_comments_are_debris() -> None:
    text = ("Kestria accuses Valdoria of deadly drone strike\n"
            "BRENHOLM, March 12 (Newsline) - Kestria accused Valdoria on Thursday of carrying out a drone "
            "strike on the town of Hollm that killed two people, the defence ministry said.\n"
            "The ministry said the drone was launched from Valdorian territory and hit a market in the "
            "centre of the town on Thursday morning.\n"
            "(Reporting by Newsline staff; editing by Newsline desk)\n"
            "Comments are closed for this article.\n")
    kept = clean_text(text, languages=("en", "fr")).text
    assert "Reporting by" not in kept and "Comments are closed" not in kept


def test_an_extractors_text_ending_on_the_comments_loses_them() -> None:
    text = ("Les deux pays se disputent depuis des décennies le tracé de la frontière le long de la "
            "rivière Sarn, selon les historiens de la région.\n"
            "Environ 3 000 habitants de Morvane et des hameaux voisins ont fui vers l'intérieur du "
            "pays, selon le Bureau international des déplacés.\n"
            "La présidente a appelé au calme lors d'une allocution télévisée mardi soir à Tiraska.\n"
            "12 commentaires\nJeanDu45 : honteux, que fait l'ONU ???\n")
    kept = clean_text(text, extracted=True).text
    assert "JeanDu45" not in kept and "12 commentaires" not in kept and "allocution" in kept


def test_the_headlines_under_a_bare_read_also_header_are_teasers() -> None:
    text = ("Environ 3 000 habitants de Morvane et des hameaux voisins ont fui vers l'intérieur du "
            "pays, selon le Bureau international des déplacés.\n"
            "La présidente a appelé au calme lors d'une allocution télévisée mardi soir à Tiraska.\n"
            "Vous aimerez aussi\nCrise à Morvane : ce que l'on sait\n"
            "Météo : un week-end ensoleillé sur tout le pays\n")
    kept = clean_text(text, extracted=True).text
    assert "Météo" not in kept and "ce que l'on sait" not in kept and "allocution" in kept


def test_an_intertitle_is_no_comment_section_and_a_question_ends_a_teaser_list() -> None:
    body = ("La rénovation de l'école a pris deux ans de retard, selon le rapport remis mardi "
            "au conseil municipal de la commune.\n")
    text = (body + body.replace("école", "crèche") + body.replace("école", "mairie")
            + "Réaction du syndicat enseignant\n" + body.replace("école", "piscine")
            + "Lire aussi\nIncendie de l'école : l'enquête piétine\nPourquoi les travaux ont-ils tardé ?\n"
            + body.replace("école", "salle"))
    kept = clean_text(text, extracted=True).text
    assert "piscine" in kept and "Réaction du syndicat" in kept
    assert "l'enquête piétine" not in kept and "Pourquoi les travaux ont-ils tardé ?" in kept


def test_clean_captions_with_a_credit_tail_and_listen_prompts_go() -> None:
    text = ("Fuite de chlore : le bilan s'alourdit\n"
            "Écouter cet article (2 min)\n"
            "Le bilan de la fuite de chlore survenue dans la nuit de lundi à mardi à l'usine Chimivel "
            "s'est alourdi mercredi : vingt et une personnes ont été hospitalisées.\n"
            "La zone industrielle des Pâtures, mardi matin. © Le Réveil / Thomas Grivel\n"
            "Les trois écoles du quartier resteront fermées jusqu'à vendredi, a annoncé mercredi la "
            "maire de Valmorin-sur-Ardelle.\n"
            "Légende : la cuve de stockage de l'usine, en 2024. (Photo Élodie Sarrazin)\n"
            "L'usine, à l'arrêt depuis mardi, ne redémarrera pas avant la fin de l'inspection des "
            "installations classées, selon la préfecture.\n")
    res = clean_text(text)
    assert {r.reason for r in res.removed} == {"meta", "caption"} and len(res.removed) == 3
    assert res.text.count("\n") == 3  # the title and the three paragraphs


def test_clean_a_paragraph_ending_on_a_credit_keeps_its_text() -> None:
    text = ("Crue : la digue a cédé\n" + P1 + "\n"
            "Le maire a annoncé une enquête. Les habitants attendent des réponses depuis des semaines "
            "sur la digue et son entretien. © Le Réveil\n" + P2 + "\n" + P3 + "\n")
    assert "Le maire a annoncé une enquête" in clean_text(text).text


def test_clean_the_last_paragraph_after_two_inline_links_is_body() -> None:
    text = ("Accueil | Actualités | Faits divers | Vallée | Sports\n"
            "Brévanne-sur-Lise : un entrepôt chimique en feu\n" + P1 + "\n" + P2 + "\n" + P3 + "\n"
            "Lire aussi : Brévanne : la zone des Grèves s'agrandit\n"
            "Lire aussi : Météo : orages attendus sur la Lise jeudi\n"
            "Les autorités recommandent aux habitants de fermer leurs fenêtres et de ne pas aller "
            "chercher leurs enfants à l'école.\n"
            "Vous avez aimé cet article ? Abonnez-vous à notre newsletter\n"
            "© Info Vallée 2026 - Tous droits réservés\n")
    res = clean_text(text)
    assert "Les autorités recommandent aux habitants" in res.text
    assert "Lire aussi" not in res.text and "Abonnez-vous" not in res.text


def test_clean_a_call_to_subscribe_is_debris() -> None:
    text = ("Crue : la digue a cédé\n" + P1 + "\n" + P2 + "\n" + P3 + "\n"
            "Pour soutenir une information locale indépendante, abonnez-vous.\n")
    assert reasons(text).get("Pour soutenir une information locale indépendante, abonnez-vous.") == "share"


def _reader(k: int) -> str:
    return (f"Lecteur {k} : je ne partage pas du tout l'avis de l'auteur sur la digue, car la "
            "commune a déjà dépensé des millions pour des travaux que personne n'a vérifiés, "
            "et les riverains le savent depuis des années sans que rien ne change jamais ici.")


def test_clean_a_comment_thread_longer_than_the_article_is_not_the_article() -> None:
    # a blog page: a short article, its share line, the comment form's notices (SPIP), then a
    # thread ten times longer than the article: the article is the body, the thread goes
    page = "\n".join(["Crue de la Vrenne : la digue en question", P1, P2, P3,
                      "Partager cet article /",
                      "Les commentaires sous les billets de blog sont modérés a priori.",
                      "Pour créer des paragraphes, laissez simplement des lignes vides.",
                      "Veuillez laisser ce champ vide :"]
                     + [_reader(k) for k in range(40)])
    res = clean_text(page)
    assert res.text.startswith("Crue de la Vrenne : la digue en question\n" + P1)
    assert "Lecteur" not in res.text
    # the same with a count header opening the thread ("37 réactions à cet article")
    page = "\n".join(["Crue de la Vrenne : la digue en question", P1, P2, P3,
                      "Sur le même thème", "37 réactions à cet article"]
                     + [_reader(k) for k in range(40)])
    res = clean_text(page)
    assert P1 in res.text and "Lecteur" not in res.text


def test_clean_a_comment_count_under_the_headline_does_not_end_the_article() -> None:
    # "3 commentaires" under a headline, only teasers above it: the article is after it
    page = "\n".join(["Accueil", "Sécheresse : les nappes au plus bas", "Régions",
                      "Crue de la Vrenne : la digue en question", "3 commentaires",
                      P1, P2, P3, "Partager cet article"])
    res = clean_text(page)
    assert P1 in res.text and P3 in res.text


def test_clean_menu_and_account_bars_of_known_items_go_in_any_loaded_language() -> None:
    text = "\n".join(["ACCUEIL ACTUALITÉ ÉCONOMIE SPORTS CULTURE", "Se connecter | S'abonner",
                      "Menu Rechercher Newsletter", "Skip to main content", "Aceptar cookies | Configurar",
                      "Impressum | Datenschutz | Cookie-Einstellungen", P1, P2,
                      "Les plus lus", "1. Le marché de Noël de Valmont annulé",
                      "2. Rugby : le XV du Plateau s'impose", "Mehr zum Thema"])
    res = clean_text(text, extracted=True)
    assert res.text == P1 + "\n" + P2
    # a headline of ordinary words stays, even short and capitalised
    assert clean_text("Crue de la Vrenne : deux morts\n" + P1, extracted=True).text.startswith("Crue")
    assert "Sport et culture à Lormeval" in clean_text("Sport et culture à Lormeval\n" + P1, extracted=True).text


def test_clean_a_dated_fact_box_after_the_article_is_body() -> None:
    page = "\n".join(["Accueil", "Crue de la Vrenne : la digue en question", P1, P2, P3,
                      "Photo Jeanne Martin / Agence Sud", "Repères",
                      "12 mai 1961 Construction de la digue.", "2019 Dernière inspection de l'ouvrage.",
                      "14 octobre 2026 Rupture de la digue.", "Lire aussi : la saison des crues",
                      "Mentions légales"])
    res = clean_text(page)
    assert "2019 Dernière inspection de l'ouvrage." in res.text and "fact_box_kept" in res.flags
    assert "Mentions légales" not in res.text and "Photo Jeanne" not in res.text


def test_clean_comment_counts_in_italian_and_spanish_and_bbc_captions() -> None:
    page = "\n".join(["Crue de la Vrenne : la digue en question", P1, P2, P3,
                      "240 commenti a Crue de la Vrenne"] + [_reader(k) for k in range(30)])
    res = clean_text(page)
    assert P3 in res.text and "Lecteur" not in res.text
    page = "\n".join(["Crue de la Vrenne : la digue en question", "Fuente de la imagen, AFP",
                      "La digue de Saint-Aubin après la rupture.", P1, P2, P3])
    res = clean_text(page)
    assert "Fuente de la imagen" not in res.text and "après la rupture" not in res.text and P1 in res.text


def test_clean_prose_that_mentions_comments_or_cookies_is_no_debris() -> None:
    line = ("Depuis lundi, sur la page Facebook de la mairie de Lormeval, les commentaires sont fermés : "
            "le maire dit avoir reçu des menaces.")
    res = clean_text("\n".join(["Réseaux sociaux : la mairie ferme ses commentaires", P1, line, P2, P3]))
    assert line in res.text and P3 in res.text
    de = "Meta nutzt Cookies und andere Techniken, um das Verhalten der Nutzer auszuwerten, sagt die Klage."
    assert de in clean_text("\n".join([P1, de, P2]), extracted=True).text
    assert "Hier — aujourd'hui" in clean_text("Hier — aujourd'hui\n" + P1, extracted=True).text


def test_clean_an_outlet_with_agency_credit_line_is_meta() -> None:
    r = reasons("\n".join(["Crue de la Vrenne : la digue a cédé", "Le Quotidien National avec AFP", P1, P2, P3]))
    assert r.get("Le Quotidien National avec AFP") == "meta"


def test_clean_posts_an_article_quotes_are_no_list_of_teasers() -> None:
    posts = ["#Vrenne2026 La digue a cédé, l'eau monte dans la rue du Port",
             "@lormeval_info: les pompiers évacuent le quartier de la gare #Vrenne2026",
             "Impossible de joindre la mairie depuis une heure #Vrenne2026 #crue",
             "@jeannemartin on voit le toit de l'école depuis le pont"]
    page = "\n".join(["Crue de la Vrenne : les habitants racontent la nuit sur les réseaux", P1] + posts + [P2, P3])
    res = clean_text(page)
    assert all(p in res.text for p in posts) and P3 in res.text


def test_clean_a_short_article_before_a_counted_thread_stays_the_article() -> None:
    # two paragraphs only, then a thread's count: the article's block is before it, however
    # little prose it has (the count's split needs more; the preference for the earlier
    # block holds)
    for count in ("37 réactions à cet article", "37 commentaires"):
        page = "\n".join(["Crue de la Vrenne : la digue en question", P1, P2, "Partager cet article",
                          count] + [_reader(k) for k in range(10)])
        res = clean_text(page)
        assert P1 in res.text and "Lecteur" not in res.text, count
