"""Quotes: marks, cues, speakers (apposition, inversion, selon, pronouns, roles)."""

from __future__ import annotations

from recoupe.nlp.quotes import find_cues, find_direct_quotes


def test_quotes_marks_nesting_and_straight_quotes() -> None:
    text = 'Il dit « un «droit» à l\'oubli » puis "une autre phrase ici" et ''fin'' .'
    spans = [text[s:e] for s, e in find_direct_quotes(text)]
    assert spans[0] == "un «droit» à l'oubli"
    assert spans[1] == "une autre phrase ici"


def test_quotes_straight_quote_nested_after_apostrophe() -> None:
    text = '"ficher les auteurs d\'"infractions constatées", mais aussi", affirme la LDH.'
    (span,) = find_direct_quotes(text)
    assert text[span[0] : span[1]].endswith("mais aussi")


def test_quotes_cues_verbs_not_nouns() -> None:
    text = "La menace grandit, a déclaré le ministre, qui ajoute-t-il rien. Le juge estime que"
    cues = {text[c.verb_start : c.verb_end]: c for c in find_cues(text)}
    assert "déclaré" in cues and "estime" in cues
    assert "menace" not in cues and "juge" not in cues


def test_quotes_inversion_with_apposition(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Les États-Unis « sont pleinement déterminés à prolonger la guerre », a fustigé "
            "mercredi le porte-parole du Kremlin, Dmitri Peskov.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "direct"]
    assert quote.text == "sont pleinement déterminés à prolonger la guerre"
    assert quote.speaker == "Dmitri Peskov"
    assert quote.speaker_entity == "ent:dmitri-peskov"
    assert quote.cue == "a fustigé"


def test_quotes_selon_role_resolves_to_person(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le porte-parole du Kremlin, Dmitri Peskov, a parlé mardi. "
            "Selon le porte-parole du Kremlin, les États-Unis veulent « prolonger le conflit "
            "en Ukraine ».")
    _, result = analyze_text(text)
    direct = [q for q in result.quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Dmitri Peskov"


def test_quotes_pronoun_and_multi_sentence_quote(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Antony Blinken était à Bruxelles. \"Le président s'est engagé. Chaque dollar sera "
            "utilisé\", déclare-t-il.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "direct"]
    assert quote.text.startswith("Le président s'est engagé. Chaque dollar")
    assert quote.speaker == "Antony Blinken"


def test_quotes_reported_speech(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("La candidate, Kaja Kallas, a déclaré mardi que la victoire de l'Ukraine était une "
            "priorité pour l'UE.")
    _, result = analyze_text(text)
    (quote,) = result.quotes
    assert quote.kind == "indirect"
    assert quote.text == "la victoire de l'Ukraine était une priorité pour l'UE"
    assert quote.speaker == "Kaja Kallas"


def test_quotes_scare_quotes_are_not_quotes(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "Le texte jugeait la «survie» de l'Ukraine en jeu."
    _, result = analyze_text(text)
    assert result.quotes == []


def test_quotes_offsets_index_the_text(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "« Nous avons gagné », a affirmé Sergueï Narychkine, directeur du renseignement."
    article, result = analyze_text(text)
    (quote,) = result.quotes
    assert article.text[quote.start : quote.end] == quote.text
    assert article.text[quote.speaker_start : quote.speaker_end] == "Sergueï Narychkine"
    assert quote.id == "t:q0"


def _speakers(result) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(q.text, q.speaker) for q in result.quotes if q.kind == "direct"]


def test_quotes_inverted_subject_after_prepositional_phrase(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("« Le système est solide », s'est réjoui M. Pauget. « Le système est stable et "
            "très sûr », a renchéri sur le même ton rassurant M. de Castries.")
    _, result = analyze_text(text)
    assert _speakers(result)[1][1] == "M. de Castries"


def test_quotes_heading_takes_the_speaker_of_the_body_quote(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("« Enfin une bonne nouvelle » pour les sinistrés\n"
            "Sylvie Marchand a appris la nouvelle hier. « Enfin une bonne nouvelle. On vit "
            "chez ma fille depuis trois semaines », confie cette habitante de la rue du Moulin.")
    _, result = analyze_text(text)
    assert [s for _, s in _speakers(result)] == ["Sylvie Marchand", "Sylvie Marchand"]


def test_quotes_voice_of_a_spokesperson(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le ministère assure, par la voix de son porte-parole, Gérard Gachet, qu'il « n'a "
            "jamais été question de ficher quiconque ». En revanche, précise-t-il, « nous "
            "pouvons écrire des choses ».")
    _, result = analyze_text(text)
    assert [s for _, s in _speakers(result)] == ["Gérard Gachet", "Gérard Gachet"]


def test_quotes_narrative_infinitive(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le premier ministre François Fillon a défendu le fichier. Et le premier ministre "
            "de conclure, à l'adresse de Laurence Parisot, qui a demandé des « explications » : "
            "« Mme Parisot sera certainement rassurée par mes propos ».")
    _, result = analyze_text(text)
    assert _speakers(result)[-1][1] == "François Fillon"


def test_reported_infinitive_keeps_its_negation(analyze_text) -> None:  # type: ignore[no-untyped-def]
    # the adverb skip after the verb passes over "ne pas", "n'": the reported clause must
    # not lose them (that would report the opposite)
    text = ("Le maire de Saint-Aubin, Paul Verdier, a dit ne pas avoir reçu la lettre de la "
            "préfecture. Claire Aubert a affirmé mardi n'avoir jamais vu ce rapport. "
            "Marc Lenoir a assuré ne plus vouloir se présenter en mars. "
            "Le préfet a dit ne toujours pas avoir reçu le rapport des experts.")
    _, result = analyze_text(text)
    indirect = [q.text for q in result.quotes if q.kind == "indirect"]
    assert indirect == ["ne pas avoir reçu la lettre de la préfecture",
                        "n'avoir jamais vu ce rapport", "ne plus vouloir se présenter en mars",
                        "ne toujours pas avoir reçu le rapport des experts"]


def test_quotes_role_with_other_qualifier_is_not_the_learned_person(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Pour le député socialiste de la Nièvre, Gaëtan Gorce, il faut une loi. "
            "Jean Leonetti défend l'idée inverse. « Le suicide est un acte personnel », "
            "insiste le député UMP.")
    _, result = analyze_text(text)
    assert _speakers(result)[-1][1] != "Gaëtan Gorce"


def test_quotes_agent_after_the_quote(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Ce médecin, jugeant farfelu le chiffre de « dix à quinze mille cas » donné jeudi "
            "par le président de l'Association pour le droit de mourir dans la dignité "
            "(ADMD), Jean-Luc Romero, appelle au calme.")
    _, result = analyze_text(text)
    assert _speakers(result)[0][1] == "Jean-Luc Romero"


def test_quotes_passive_agent_is_the_speaker(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("La réforme, qualifiée par les syndicats d'« attaque sans précédent contre les "
            "salariés », sera présentée mardi. Le projet a été jugé « totalement irréaliste » "
            "par la CGT.")
    speakers = dict(_speakers(analyze_text(text)[1]))
    assert speakers["attaque sans précédent contre les salariés"] == "les syndicats"
    assert speakers["totalement irréaliste"] == "CGT"


def test_quotes_pour_a_capital_names_its_government(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le Kremlin a démenti. Moscou estime que ces accusations sont « sans fondement ». "
            "Pour Paris, il s'agit d'« une provocation ».")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.text == "une provocation"]
    assert quote.speaker == "Paris"


def test_quotes_headline_role_named_in_the_body(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le ministre de l'Intérieur promet « une réponse ferme »\n\nAprès les violences de "
            "la nuit, Gérald Martin s'est rendu sur place. Il a annoncé des renforts.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.text == "une réponse ferme"]
    assert quote.speaker == "Gérald Martin"


def test_quotes_described_service_is_the_named_organisation(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Météo-France avait placé le département en vigilance rouge. Plus de 100 "
            "millimètres de pluie sont tombés en quelques heures sur le secteur, a précisé le "
            "service météorologique.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "indirect"]
    assert quote.speaker == "Météo-France"


def test_quotes_document_source_and_entourage(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Deux personnes sont mortes dans la nuit à Saint-Aubin, d'après les informations "
            "obtenues mercredi auprès de la préfecture. Le ministre de l'Industrie, Olivier "
            "Marsac, recevra jeudi la direction de l'usine et les syndicats, a annoncé son "
            "cabinet.")
    _, result = analyze_text(text)
    speakers = [q.speaker for q in result.quotes if q.kind == "indirect"]
    assert speakers[0] is not None and "préfecture" in speakers[0]
    assert speakers[1] == "le cabinet d'Olivier Marsac"


def test_quotes_a_t_on_appris_aupres_de(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le maire a réagi mardi. Au moins deux personnes sont mortes dans la nuit, "
            "a-t-on appris mercredi auprès de la préfecture. Huit traders étaient sous sa "
            "responsabilité, a-t-on appris de source proche du dossier.")
    _, result = analyze_text(text)
    indirect = {q.text: q.speaker for q in result.quotes if q.kind == "indirect"}
    assert indirect["Au moins deux personnes sont mortes dans la nuit"] == "la préfecture"
    assert indirect["Huit traders étaient sous sa responsabilité"] is None


def test_quotes_selon_without_a_source(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Selon nos informations, les experts se sont rendus sur la digue la semaine "
            "dernière. Selon le relevé de conclusions, une expertise indépendante doit être "
            "remise d'ici fin janvier.")
    _, result = analyze_text(text)
    assert [q for q in result.quotes if q.kind == "indirect"] == []


def test_quotes_charges_and_names_are_not_quotes(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Une plainte a été déposée pour « escroquerie, abus de confiance et faux », a "
            "indiqué le parquet. Le médecin milite pour la création d'un « Observatoire "
            "national des pratiques médicales ». La CGT a accusé la direction de « sacrifier "
            "les salariés pour rassurer les actionnaires ».")
    _, result = analyze_text(text)
    direct = [q.text for q in result.quotes if q.kind == "direct"]
    assert direct == ["sacrifier les salariés pour rassurer les actionnaires"]


def test_quotes_reported_clause_stops_at_a_new_named_subject(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Marie Durand a estimé qu'il n'était plus temps d'attendre et François Bayrou a "
            "dénoncé la méthode.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "indirect"]
    assert quote.text == "il n'était plus temps d'attendre"
    assert quote.speaker == "Marie Durand"


def test_quotes_inside_future_clause_belong_to_the_reporter(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("La préfecture du Cantal a publié jeudi un communiqué. Le conseil départemental "
            "annoncera « de nouvelles mesures de soutien » d'ici à « la fin du mois », a "
            "ajouté la préfecture du Cantal.")
    _, result = analyze_text(text)
    direct = {q.text: q for q in result.quotes if q.kind == "direct"}
    assert "préfecture" in (direct["de nouvelles mesures de soutien"].speaker or "")
    assert "préfecture" in (direct["la fin du mois"].speaker or "")


def test_quotes_ownerless_document_takes_up_the_report_named_before(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le rapport de l'Inspection générale des finances a été remis mardi au conseil "
            "d'administration de la Mutuelle des Gardians. Le constat serait sévère.\n"
            "Les pertes s'expliqueraient par « un contrôle interne défaillant depuis des "
            "années », note le document de quarante pages.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "direct"]
    assert quote.speaker is not None and "Inspection générale des finances" in quote.speaker


def test_quotes_agency_is_never_a_pronoun_antecedent(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Ces notes figurent dans les réquisitions du parquet de Rodez, que l'AFP a pu "
            "consulter. Elles ont servi au parquet à justifier son refus afin "
            "d'« empêcher toute pression sur les témoins ».")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "direct"]
    assert quote.speaker != "AFP"


def test_quotes_circle_of_a_role_names_the_person(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("La ministre de l'Agriculture Hélène Marchetti s'est déclarée « soulagée » mardi. "
            "L'entourage de la ministre a rappelé avoir « demandé un rapport complet » aux "
            "services vétérinaires.")
    direct = dict(_speakers(analyze_text(text)[1]))
    assert direct["demandé un rapport complet"] == "l'entourage d'Hélène Marchetti"


def test_quotes_other_sources_are_anonymous(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le directeur de la coopérative, Paul Vernet, a démissionné lundi. Selon d'autres "
            "sources, M. Vernet n'aurait pas renoncé de lui-même à ses indemnités.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "indirect"]
    assert quote.speaker is None


def test_quotes_report_named_after_its_author(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Aménagement du littoral : le rapport Castagnet propose des digues mobiles\n"
            "La mission a rendu ses conclusions mardi au préfet. Les communes devront "
            "« partager le coût des ouvrages », note le rapport.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "direct"]
    assert quote.speaker == "Castagnet"


def test_quotes_relative_qui_takes_the_whole_phrase(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Marc Delorme a couru dimanche. Le triple vainqueur du Tour du Morvan, qui a "
            "annoncé en mai qu'il arrêtait la compétition, a écrit : « Je reviens pour une "
            "dernière saison ».")
    _, result = analyze_text(text)
    (reported,) = [q for q in result.quotes if q.kind == "indirect"]
    assert reported.speaker != "Tour du Morvan"


def test_quotes_emphatic_pronoun_after_auxiliary(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Auditionné à son tour, le directeur de l'office (ONV) Yves Carrel a lui soutenu "
            "que le fichier n'était qu'un « outil rudimentaire, un simple index ».")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "direct"]
    assert quote.speaker == "Yves Carrel" and quote.cue == "a lui soutenu"


def test_quotes_gerund_after_inverted_subject(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Selon Lucie Fabre, l'enfant aurait échappé à la surveillance de sa tante. "
            "« On va vérifier ses explications », a déclaré le procureur en évoquant "
            "toutefois « des approximations et des incohérences ».")
    direct = dict(_speakers(analyze_text(text)[1]))
    assert direct["On va vérifier ses explications"] == "le procureur"


def test_quotes_chef_de_l_etat_is_the_president_not_another_chef(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le président Paul Mercier a rencontré samedi à Brest le chef spirituel des "
            "moines de Landévennec, Yann Kervella. Peu avant de voir Yann Kervella, le "
            "président avait demandé que la visite reste discrète. « Je suis libre de mon "
            "agenda », avait déclaré le chef de l'Etat.")
    direct = dict(_speakers(analyze_text(text)[1]))
    assert direct["Je suis libre de mon agenda"] == "Paul Mercier"


def test_quotes_pronoun_skips_a_name_in_a_complement(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Paul Mercier a reçu samedi à Brest le recteur Yann Kervella. L'entretien qu'il a eu "
            "avec Yann Kervella, a duré une heure et « s'est très bien passé », a-t-il "
            "ensuite confié à la presse.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "direct"]
    assert quote.speaker == "Paul Mercier"


def test_quotes_unnamed_office_goes_to_its_only_holder(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("« Elle est partie en Algérie », a déclaré mardi le procureur de la République "
            "Jacques Vidal. Selon le magistrat, la nourrice aurait « paniqué à l'idée d'aller "
            "à la police ».")
    direct = dict(_speakers(analyze_text(text)[1]))
    assert direct["paniqué à l'idée d'aller à la police"] == "Jacques Vidal"


def test_quotes_spokesperson_of_a_body_in_a_town(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("« La nourrice est identifiée », a indiqué un porte-parole du parquet de Rodez.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "direct"]
    assert quote.speaker == "le parquet de Rodez"


def test_quotes_words_quoted_under_selon_belong_to_its_source(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Selon Jacques Vidal, elle avait confié son enfant à une voisine, « une personne "
            "qu'elle connaît depuis cinq ans ».")
    _, result = analyze_text(text)
    direct = [q for q in result.quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Jacques Vidal"


def test_quotes_on_at_a_body_names_the_body(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("« Nos deux économies souffrent », assure-t-on à l'Élysée. « Tout va bien », "
            "dit-on dans l'entourage de Nicolas Sarkozy. « Il pleut », a-t-on ajouté.")
    direct = dict(_speakers(analyze_text(text)[1]))
    assert "lysée" in (direct["Nos deux économies souffrent"] or "")
    assert direct["Tout va bien"] == "l'entourage de Nicolas Sarkozy"
    assert direct["Il pleut"] == "l'entourage de Nicolas Sarkozy"  # the same "on" goes on
    _, alone = analyze_text("Il a plu toute la nuit. « Il pleut encore », a-t-on ajouté.")
    assert [q.speaker for q in alone.quotes] == [None]


def test_quotes_one_of_them_is_anonymous_and_celui_ci_is_the_latter(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Trois internautes ont réagi. « C'est un crime », a écrit l’un d’eux. Paul Mercier "
            "a reçu le préfet Jean Valois. Celui-ci a affirmé que « la route sera rouverte "
            "lundi ».")
    direct = dict(_speakers(analyze_text(text)[1]))
    assert direct["C'est un crime"] is None
    assert direct["la route sera rouverte lundi"] == "Jean Valois"


def test_quotes_nationality_noun_and_possessive_agent(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Lance Armstrong a couru à Paris. « C'est limite », a lancé l'Américain. "
            "Chantal Sébire a saisi la justice. Sa demande est « exceptionnelle mais "
            "légitime », selon son avocat.")
    _, result = analyze_text(text)
    speakers = {q.text: q.speaker for q in result.quotes}
    assert speakers["C'est limite"] == "Lance Armstrong"
    assert speakers["exceptionnelle mais légitime"] == "l'avocat de Chantal Sébire"


def test_quotes_gerund_shares_the_main_speaker_and_reflexive_is_no_cue(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("S'il se poursuit, le ralentissement aura « des effets sur l'emploi », a reconnu "
            "mardi la ministre de l'Économie, Hélène Marchetti, précisant qu'ils n'étaient "
            "pour le moment « ni avérés, ni chiffrables ».")
    speakers = dict(_speakers(analyze_text(text)[1]))
    assert speakers["des effets sur l'emploi"] == "Hélène Marchetti"
    assert speakers["ni avérés, ni chiffrables"] == "Hélène Marchetti"


def test_quotes_dash_incise_time_adjunct_and_honorific(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le député Jean Castel - rapporteur de la loi, votée en 2005 - a répliqué en se "
            "disant « très irrité par cette réponse ». La Banque des Monts recrute. « Venez "
            "chez nous ! » a lancé, la semaine dernière, son patron, Paul Werner. « Le décret "
            "légalise une mise à plat de l'intimité », observe le P. Jacques Turc, directeur "
            "du service des questions familiales, qui s'interroge : « Qui décidera ? »")
    speakers = dict(_speakers(analyze_text(text)[1]))
    assert speakers["très irrité par cette réponse"] == "Jean Castel"
    assert speakers["Venez chez nous !"] == "Paul Werner"
    assert speakers["Le décret légalise une mise à plat de l'intimité"] == "Jacques Turc"
    assert speakers["Qui décidera ?"] == "Jacques Turc"


def test_quotes_fronted_circle_office_in_name_and_relative_clause(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Dans l'entourage de Michèle Alliot-Marie, on assurait que le climat n'était pas "
            "détérioré. « La concertation a déjà commencé », insistait-on. Marie Humbert, "
            "qui avait aidé son fils Vincent en 2003, a estimé que le congé n'était qu'« une "
            "goutte d'eau ». Le Premier ministre François Fillon a parlé. Le Premier "
            "ministre a chargé la ministre « d'accélérer la campagne de communication ».")
    speakers = dict(_speakers(analyze_text(text)[1]))
    assert speakers["La concertation a déjà commencé"] == "l'entourage de Michèle Alliot-Marie"
    assert speakers["une goutte d'eau"] == "Marie Humbert"
    assert speakers["d'accélérer la campagne de communication"] == "François Fillon"


def test_quotes_a_file_quoted_speaks_for_nobody_and_role_apposition(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le fichier Cassandre, créé le 1er juillet, vise toute personne « susceptible de "
            "troubler l'ordre public ». Cassandre a prévu de répertorier les « relations "
            "directes et non fortuites ». Paul Lesage, le trader britannique ayant causé la "
            "chute de la Barings estime que « le fraudeur doit se sentir soulagé ».")
    speakers = dict(_speakers(analyze_text(text)[1]))
    assert speakers["susceptible de troubler l'ordre public"] is None
    assert speakers["relations directes et non fortuites"] is None
    assert speakers["le fraudeur doit se sentir soulagé"] == "Paul Lesage"


def test_quotes_presidency_is_the_elysee_and_role_after_a_lone_name(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("À l'issue de la réunion, l'Élysée s'est contenté d'un bref communiqué. Le "
            "gouvernement présentera des mesures « avant la fin de la semaine », a ajouté la "
            "présidence. Le moine a reçu à Nantes Hélène Marchetti. La responsable socialiste "
            "a souligné qu'il était « un exemple pour la paix ».")
    speakers = dict(_speakers(analyze_text(text)[1]))
    assert "lysée" in (speakers["avant la fin de la semaine"] or "")
    assert speakers["un exemple pour la paix"] == "Hélène Marchetti"


def test_quotes_incise_between_commas_inverts_and_time_noun_is_no_subject(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("La mission a été confiée en mars à Odile Ferrand, psychologue. Mais sa mission, "
            "rappelle la rapporteure Odile Ferrand, était de vérifier « la bonne affectation "
            "des crédits ». Le lendemain, l'Association des riverains du Lez publiait un "
            "communiqué affirmant que « rien ne justifie ces délais ».")
    speakers = dict(_speakers(analyze_text(text)[1]))
    assert speakers["la bonne affectation des crédits"] == "Odile Ferrand"
    assert "Lez" in (speakers["rien ne justifie ces délais"] or "")


def test_reported_clause_after_adverbials_and_an_incise(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("La maire de Saint-Aubin, Hélène Garnier, a par ailleurs indiqué que le gymnase "
            "resterait ouvert jusqu'à la décrue. Le préfet Pierre Valcourt a confirmé mercredi, "
            "dans un communiqué publié par la préfecture, que quarante habitants avaient été "
            "évacués. Le président du département avait annoncé plus tôt dans la journée que "
            "les travaux de la digue seraient avancés.")
    _, result = analyze_text(text)
    reported = {q.text: q for q in result.quotes if q.kind == "indirect"}
    assert "le gymnase resterait ouvert jusqu'à la décrue" in reported
    assert "quarante habitants avaient été évacués" in reported
    assert "les travaux de la digue seraient avancés" in reported
    assert reported["quarante habitants avaient été évacués"].speaker == "Pierre Valcourt"


def test_reported_clause_after_a_side_phrase_and_opinion_verbs(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("La responsable de l'association, Claire Morel, a souligné de son côté que la digue "
            "n'avait jamais été entretenue. Le syndicat des riverains craint que les travaux "
            "soient encore reportés.")
    _, result = analyze_text(text)
    reported = {q.text for q in result.quotes if q.kind == "indirect"}
    assert "la digue n'avait jamais été entretenue" in reported
    assert "les travaux soient encore reportés" in reported


def test_a_bare_role_in_apposition_gives_the_name_before_it(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Claire Morel, présidente de l'Acat, a déclaré que la digue n'avait jamais été "
            "entretenue.")
    _, result = analyze_text(text)
    (quote,) = [q for q in result.quotes if q.kind == "indirect"]
    assert quote.speaker == "Claire Morel"


def test_a_second_report_after_a_gerund_is_a_quote_of_its_own(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le préfet Pierre Valcourt a indiqué que la digue serait réparée avant l'hiver, "
            "ajoutant que les travaux coûteraient deux millions d'euros.")
    _, result = analyze_text(text)
    reported = [q.text for q in result.quotes if q.kind == "indirect"]
    assert "la digue serait réparée avant l'hiver" in reported
    assert "les travaux coûteraient deux millions d'euros" in reported


def test_reported_clause_after_an_opening_incise_a_lead_verb_or_a_title(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("La maire a visité le gymnase. Or, relève Pierre Valcourt, la digue n'avait pas été "
            "inspectée depuis trois ans. Le collectif continue de marteler que les travaux "
            "avaient été promis. Hélène Garnier a confirmé dans « Le Courrier de la Vrenne » "
            "que le gymnase resterait ouvert. Le préfet ne viendra pas, mais a indiqué que "
            "les secours resteraient sur place.")
    _, result = analyze_text(text)
    reported = {q.text: q for q in result.quotes if q.kind == "indirect"}
    assert reported["la digue n'avait pas été inspectée depuis trois ans"].speaker == "Pierre Valcourt"
    assert "les travaux avaient été promis" in reported
    assert "le gymnase resterait ouvert" in reported
    assert "les secours resteraient sur place" in reported


def test_a_saying_verb_with_a_stance_adjective_is_one_cue(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Hélène Garnier s'est dite mercredi persuadée que la digue tiendrait. "
            "Pierre Valcourt se dit convaincu que les travaux seront faits.")
    _, result = analyze_text(text)
    reported = {q.text: q.speaker for q in result.quotes if q.kind == "indirect"}
    assert reported.get("la digue tiendrait") == "Hélène Garnier"
    assert reported.get("les travaux seront faits") == "Pierre Valcourt"


def test_a_text_without_sentence_punctuation_is_read_in_bounded_sentences() -> None:
    from recoupe.nlp.quotes import MAX_SENTENCE_CHARS, _boundaries

    text = " ".join(["le maire a déclaré que la digue tiendra"] * 3000)  # no full stop at all
    bounds = _boundaries(text, [])
    edges = [0, *bounds, len(text)]
    assert max(b - a for a, b in zip(edges, edges[1:], strict=False)) <= MAX_SENTENCE_CHARS
    assert all(text[b - 1] == " " for b in bounds)  # cut between words
    short = "Le maire a déclaré que la digue tiendra. Le préfet a dit qu'il viendra."
    assert _boundaries(short, []) == [41]


def test_verbs_of_manner_after_a_quote_name_its_speaker(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("« On ne sait plus où dormir », témoigne Karim Haddad, un habitant du quartier. "
            "« C'est un désastre », se désole Nathalie Perrin. "
            "« Ils se moquent de nous », peste Hugo Lemaire.")
    _, result = analyze_text(text)
    assert _speakers(result) == [("On ne sait plus où dormir", "Karim Haddad"),
                                 ("C'est un désastre", "Nathalie Perrin"),
                                 ("Ils se moquent de nous", "Hugo Lemaire")]


def test_a_report_ends_where_a_second_one_begins_after_an_adverb(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Un porte-parole de la préfecture a déclaré qu'il ne pouvait confirmer ce chiffre, "
            "précisant seulement que les secours restaient mobilisés toute la nuit.")
    _, result = analyze_text(text)
    reported = [q.text for q in result.quotes if q.kind == "indirect"]
    assert reported == ["il ne pouvait confirmer ce chiffre",
                        "les secours restaient mobilisés toute la nuit"]


def test_a_subject_with_its_apposition_is_no_report_and_a_dateline_opens_none(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Le commandant des pompiers, le lieutenant-colonel Bruno Ferrand, a salué le travail "
            "des 80 pompiers engagés. Le bilan est lourd, a indiqué le préfet Pierre Valcourt. "
            "Castelmoron (France), 12 mars 2025 (AFP) - La digue de la Vrenne a cédé dans la nuit, "
            "a-t-on appris mercredi auprès de la préfecture.")
    _, result = analyze_text(text)
    reported = [q.text for q in result.quotes if q.kind == "indirect"]
    assert reported == ["Le bilan est lourd", "La digue de la Vrenne a cédé dans la nuit"]


def test_a_name_apposed_with_its_rank_is_the_speaker() -> None:
    from recoupe.model import Article
    from recoupe.nlp import analyze

    text = ("« Il s'agit d'une provocation montée de toutes pièces », a affirmé mardi le porte-parole de "
            "l'armée kestrienne, le colonel Erik Lansky, lors d'une conférence de presse à Brenholm.")
    res = analyze([Article(id="a", source="a", text=text)], None)
    assert [q.speaker for q in res.quotes] == ["Erik Lansky"]


def test_a_name_apposed_after_the_roles_complement_is_the_speaker() -> None:
    from recoupe.model import Article
    from recoupe.nlp import analyze

    text = ("« Cette ligne n'est pas à vendre, elle sera rouverte », a lancé le vice-président chargé "
            "des transports, Rémi Talbot.")
    res = analyze([Article(id="a", source="a", text=text)], None)
    assert [(q.speaker, q.speaker_how) for q in res.quotes] == [("Rémi Talbot", "named")]
