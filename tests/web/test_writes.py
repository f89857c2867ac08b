from pathlib import Path

from recoupe.config import Options
from recoupe.store import open_store
from recoupe.web.writes import prepare_objects, store_prepared

BANNER = "La Gazette du Val vous accompagne depuis 1887 : soutenez une presse locale"
BODIES = [
    "La préfecture a annoncé mercredi que les habitants évacués pourraient regagner leur "
    "domicile dans la soirée, une fois les contrôles des bâtiments terminés.",
    "Selon les pompiers, une cinquantaine d'agents ont été mobilisés pendant la nuit pour "
    "porter secours aux familles bloquées dans la basse ville.",
    "Le maire a demandé une enquête sur l'entretien de la digue, construite il y a plus de "
    "soixante ans et inspectée pour la dernière fois en 2019.",
]


def test_posted_articles_lose_a_banner_the_store_saw_on_three_days(tmp_path: Path) -> None:
    opts = Options.load(quiet=True)
    with open_store(str(tmp_path / "api.db")) as store:
        results = []
        for k, body in enumerate(BODIES):
            obj = {"maintext": f"{BANNER}\n{body}", "title": f"Crue de la Vrenne, jour {k + 1}",
                   "date_publish": f"2026-10-{14 + k} 08:00:00", "source_domain": "gazette.example"}
            items = prepare_objects([(f"api:{k}", obj)], opts)
            results += store_prepared(store, items, opts)
        assert [r["status"] for r in results] == ["stored"] * 3
        texts = {a.title: a.text for a in store.articles()}
        assert BANNER in texts["Crue de la Vrenne, jour 1"]
        assert texts["Crue de la Vrenne, jour 3"] == BODIES[2]
        # the first page sent again is the same article: it keeps its text and its id
        obj = {"maintext": f"{BANNER}\n{BODIES[0]}", "title": "Crue de la Vrenne, jour 1",
               "date_publish": "2026-10-14 08:00:00", "source_domain": "gazette.example"}
        again = store_prepared(store, prepare_objects([("api:again", obj)], opts), opts)
        assert again[0]["status"] == "duplicate" and again[0]["id"] == results[0]["id"]
        assert store.count_articles() == 3
