# Annotated by reading each article: for every fact of samples/gold/facts.json, the
# snippet of each article where the claim stating it (as its main content) is found.
import json
C = "samples/corpus/"
AFP = C + "afp/2026-10-14/crue-vrenne-depeche.txt"
I24 = C + "info24/crue-saint-aubin-deux-morts.txt"
RLV = C + "radio-loire-vallee/intemperies-la-vrenne-deborde.txt"
VEI = C + "le-veilleur/inondations-maine-et-loire-barrage.txt"
OAH = C + "ouest-actu/saint-aubin-sur-vrenne-la-digue-a-cede.html"
CO15 = C + "le-courrier-de-la-vrenne/crue-une-nuit-de-cauchemar.txt"
OAB = C + "ouest-actu/2026-10-15/crue-st-aubin-bilan-enquete.txt"
CHP = C + "channel-post/france-dam-breach-flood-two-dead.txt"
J1 = C + "agregateur-flux/articles.jsonl#1"
J2 = C + "agregateur-flux/articles.jsonl#2"
J3 = C + "agregateur-flux/articles.jsonl#3"
R1 = C + "flux/actu-regions.xml#1"
R2 = C + "flux/actu-regions.xml#2"
OAC = C + "ouest-actu/catastrophe-naturelle-inspection-barrage.txt"
CO5 = C + "le-courrier-de-la-vrenne/2026-11-05/catastrophe-naturelle-enfin-une-bonne-nouvelle.txt"
ECH = C + "l-echo-des-forges/lumeral-greve-blocage-usine.txt"
DEP = C + "la-depeche-du-centre/lumeral-la-direction-saisit-la-justice.html"
LIVE = C + "info24/en-direct-actualite-21-octobre.txt"
VEL = C + "le-veilleur/lumeral-plan-suspendu-fin-du-blocage.txt"
FEST = C + "la-depeche-du-centre/festival-contes-et-lanternes.txt"

M = {
 "A1-01": [(AFP, "La digue du barrage de la Garenne a partiellement cédé vers 1 h 30"),
           (I24, "La digue du barrage de la Garenne a partiellement cédé vers 1 h 30"),
           (RLV, "La digue du barrage de la Garenne a partiellement cédé vers 1 h 30"),
           (VEI, "Une portion de la digue du barrage de la Garenne a lâché"),
           (OAH, "Une vague d'eau boueuse a envahi la basse ville"),
           (CO15, "vers 1 h 30, une partie de la digue du barrage"),
           (OAB, "Vers 1 h 30, une partie de la digue du barrage de la Garenne a cédé"),
           (CHP, "Part of the Garenne dam")],
 "A1-02": [(AFP, "Au moins deux personnes sont mortes"),
           (I24, "Au moins deux personnes sont mortes"),
           (RLV, "Au moins deux personnes sont mortes"),
           (VEI, "Au moins deux individus ont perdu la vie"),
           (OAH, "La préfecture fait état de deux morts"),
           (OAB, "reste de deux morts, a confirmé jeudi matin"),
           (CHP, "At least two people were killed"),
           (R1, "La crue avait fait deux morts dans la nuit")],
 "A1-03": [(CO15, "Trois personnes ont perdu la vie dans la nuit")],
 "A1-04": [(AFP, "37 habitants ont été évacués"), (I24, "37 habitants ont été évacués"),
           (RLV, "37 habitants ont été évacués"), (VEI, "ce sont 37 résidents"),
           (OAH, "Les 37 personnes évacuées")],
 "A1-05": [(CO15, "47 habitants ont été évacués")],
 "A1-06": [(AFP, "Une cinquantaine de pompiers"), (I24, "Une cinquantaine de pompiers"),
           (RLV, "Une cinquantaine de pompiers"), (VEI, "une cinquantaine de sapeurs-pompiers"),
           (OAH, "a indiqué que 50 pompiers"), (CHP, "About 50 firefighters")],
 "A1-07": [(AFP, "Près de 200 foyers restaient"), (I24, "Près de 200 foyers restaient"),
           (RLV, "près de 200 foyers restaient"), (VEI, "près de 200 foyers toujours sans courant"),
           (CO15, "190 foyers étaient encore privés")],
 "A1-08": [(AFP, "Une femme de 81 ans a été retrouvée"), (I24, "Une femme de 81 ans a été retrouvée"),
           (RLV, "Une femme de 81 ans a été retrouvée"), (VEI, "une octogénaire âgée de 81 ans"),
           (OAH, "deux personnes sont mortes : une habitante de 81 ans"),
           (CO15, "Une habitante de 81 ans a été retrouvée morte"),
           (CHP, "An 81-year-old woman was found dead")],
 "A1-09": [(AFP, "un automobiliste de 52 ans a été emporté"), (I24, "un automobiliste de 52 ans a été emporté"),
           (RLV, "Un automobiliste de 52 ans a été emporté"), (VEI, "un conducteur âgé de 52 ans")],
 "A1-10": [(AFP, "Construit en 1974, le barrage de la Garenne"), (I24, "Construit en 1974, le barrage de la Garenne"),
           (RLV, "Construit en 1974, le barrage de la Garenne"), (VEI, "Édifié en 1974"),
           (OAH, "une retenue en terre construite en 1974"), (CO15, "Construit en 1974, le barrage de la Garenne"),
           (OAB, "une retenue en terre construite en 1974")],
 "A1-11": [(AFP, "Météo-France avait placé mardi après-midi"), (I24, "Météo-France avait placé mardi après-midi"),
           (RLV, "Météo-France avait placé le Maine-et-Loire en vigilance orange"),
           (VEI, "Dès mardi après-midi, Météo-France avait déclenché"),
           (CO15, "Météo-France avait placé le Maine-et-Loire en vigilance orange avant-hier"),
           (CHP, "had issued an orange warning")],
 "A1-12": [(OAH, "Même en 1995"), (CO15, "Même en 1995"), (CHP, "Even in 1995")],
 "A1-13": [(OAH, "Un hélicoptère de la Sécurité civile")],
 "A1-14": [(RLV, "les deux écoles de la commune resteront fermées")],
 "A1-15": [(CO15, "une visite technique avait relevé des « suintements »"),
           (CO5, "pourquoi les « suintements » relevés"),
           (J3, "Selon un rapport de visite technique réalisé en août 2025")],
 "A1-16": [(OAB, "Le parquet d'Angers a ouvert hier une enquête"),
           (CO5, "l'enquête judiciaire ouverte par le parquet d'Angers"),
           (J3, "Le parquet d'Angers a par ailleurs ouvert une enquête")],
 "A1-17": [(OAB, "quelque 90 habitations ont été touchées"), (CO15, "Près d'une centaine de maisons ont été inondées")],
 "A1-18": [(OAB, "Le ministre de l'Intérieur, Frédéric Aubertin, est attendu vendredi"),
           (J1, "s'est rendu vendredi dans la commune")],
 "A1-19": [(LIVE, "21 familles sont toujours hébergées")],
 "A2-01": [(R1, "L'arrêté reconnaissant l'état de catastrophe naturelle pour St-Aubin"),
           (OAC, "L'arrêté interministériel publié ce mercredi au Journal officiel"),
           (CO5, "L'arrêté publié hier au Journal officiel concerne")],
 "A2-02": [(R1, "Le gouvernement a annoncé dans la foulée un fonds d'urgence"),
           (OAC, "Le gouvernement a également annoncé la création d'un fonds"),
           (CO5, "Le gouvernement a par ailleurs annoncé un fonds d'urgence")],
 "A2-03": [(R1, "Chaque foyer dont le logement a été inondé pourra recevoir"),
           (OAC, "Une aide forfaitaire de 3 000 euros")],
 "A2-04": [(R1, "La ministre a également confié à l'Inspection générale"),
           (OAC, "La ministre a confié à l'Inspection générale"),
           (CO5, "a confié une mission d'inspection sur le barrage"),
           (J3, "Une mission de l'Inspection générale")],
 "A2-05": [(OAC, "environ 240 foyers ont été sinistrés")],
 "A2-06": [(CO5, "plus de 300 foyers ont été sinistrés")],
 "A2-07": [(R1, "Yann Morvan, réclame pour sa part une commission d'enquête"),
           (OAC, "Il a demandé mercredi la création d'une commission d'enquête"),
           (J3, "le député du Maine-et-Loire Yann Morvan a annoncé")],
 "A2-08": [(OAC, "Une pétition en ce sens"), (J3, "qui s'appuie sur une pétition")],
 "A2-09": [(CO5, "quelque 300 personnes ont participé à une marche silencieuse")],
 "B1-01": [(ECH, "Depuis ce mardi 5 heures, plus aucun camion"),
           (DEP, "qui bloquent depuis mardi 5 heures les trois entrées"),
           (J2, "où le mouvement a commencé mardi à 5 heures"),
           (LIVE, "Aucun camion n'est entré ni sorti depuis mardi 5 heures"),
           (R2, "Depuis mardi 5 heures, plus aucun camion")],
 "B1-02": [(ECH, "Le mouvement répond à l'annonce, jeudi dernier"),
           (DEP, "Le plan de réorganisation annoncé le 15 octobre prévoit"),
           (J2, "qui prévoit la suppression de 180 postes sur les 1 500"),
           (LIVE, "où les salariés protestent contre la suppression de 180 postes"),
           (R2, "Le mouvement a éclaté après l'annonce, le 15 octobre")],
 "B1-04": [(ECH, "qui emploie quelque 1 200 personnes"), (R2, "emploie quelque 1 200 salariés")],
 "B1-05": [],
 "B1-06": [(ECH, "Selon la CGT, plus de 600 salariés étaient en grève"),
           (DEP, "la CGT revendiquait toujours plus de 600 grévistes"),
           (R2, "La CGT, qui revendique plus de 600 grévistes")],
 "B1-07": [(DEP, "a saisi mercredi le tribunal judiciaire de Bourges"),
           (LIVE, "a déposé mercredi après-midi une requête en référé"),
           (VEL, "la direction a retiré la demande en référé")],
 "B1-08": [(DEP, "Mme Lestrade conduira jeudi la délégation syndicale"),
           (LIVE, "recevra jeudi à Bercy la direction de Lumeral"),
           (R2, "recevra jeudi à Bercy la direction de Lumeral"),
           (VEL, "a commenté le ministre de l'Industrie, Olivier Marsac, à l'issue d'une réunion")],
 "B1-09": [(VEL, "les grévistes de l'usine Lumeral de Montferrand-les-Forges (Cher) ont levé le blocage")],
 "B1-10": [(DEP, "l'arrêt de la production coûte environ 400 000 euros")],
 "B1-11": [(ECH, "Inaugurée en 2023 en grande pompe"), (R2, "L'usine, inaugurée en 2023")],
 "X-01": [(FEST, "Du vendredi 23 au dimanche 25 octobre")],
}
NOTES = {
 "A1-02": "OAC, J1 and J3 state the toll only as an aside of a claim about something else (the mayor, the minister's visit, the inquiry): left out.",
 "A1-09": "OAH, CO15 and CHP name the motorist in the same sentence as the 81-year-old woman (A1-08).",
 "A1-10": "CHP states the construction year inside the A1-01 sentence.",
 "A2-01": "J3 mentions the decree inside the sentence about the MP's request (A2-07).",
 "B1-02": "DEP and J2 state 180 cuts in the sentence that also gives the workforce; J2's '1 500' makes it B1-05's sentence too: kept for B1-02 here, and B1-05 has no separate claim.",
 "B1-03": "the wage freeze is stated inside the B1-02 sentences everywhere: no separate claim.",
 "B1-04": "DEP and VEL give the workforce inside a B1-02 sentence.",
}
facts = json.load(open("samples/gold/facts.json"))
out = {"name": "samples", "base": "repo", "outlet_one_source": True,
       "_doc": "Claim gold for the sample corpus: facts, statuses and conflicts from samples/gold/facts.json; mentions = [article ref, snippet of the claim stating the fact as its main content], annotated by reading. Independence counts reuse families and outlets once (as facts.json defines it).",
       "facts": []}
for f in facts:
    out["facts"].append({"id": f["id"], "statement": f["statement"], "status": f["status"],
                         "independent": f["independent"], "conflicts_with": f["conflicts_with"],
                         "mentions": [list(m) for m in M.get(f["id"], [])],
                         **({"note": NOTES[f["id"]]} if f["id"] in NOTES else {})})
json.dump(out, open("eval/gold/claims/samples.json", "w"), ensure_ascii=False, indent=1)
