from pathlib import Path

from recoupe.clean.repeated import MAX_WORDS, LineDays, line_hash, line_key, split_repeated
from recoupe.config import Options
from recoupe.pipeline import drop_repeated_lines, load_articles

BANNER = "La Gazette du Val vous accompagne depuis 1887 : soutenez une presse locale"
BODY = [
    ("Crue de la Vrenne : la digue de Saint-Aubin tient",
     "La préfecture a annoncé mercredi que les habitants évacués pourraient regagner leur "
     "domicile dans la soirée, une fois les contrôles des bâtiments terminés."),
    ("Vrenne : les pompiers évacuent la basse ville",
     "Selon les pompiers, une cinquantaine d'agents ont été mobilisés pendant la nuit pour "
     "porter secours aux familles bloquées dans la basse ville."),
    ("Digue de la Vrenne : le maire demande une enquête",
     "Le maire a demandé une enquête sur l'entretien de la digue, construite il y a plus de "
     "soixante ans et inspectée pour la dernière fois en 2019."),
    ("Vrenne : la décrue s'amorce, les écoles rouvrent lundi",
     "Le rectorat a confirmé vendredi la réouverture des trois écoles de la basse ville, "
     "dont les cours et les préaux ont été nettoyés par les services techniques."),
]


def test_line_key_counts_only_lines_of_banner_size() -> None:
    assert line_key("Partager") is None  # the phrase lists handle short lines
    assert line_key("  " + BANNER.replace(" ", "   ") + " ") == BANNER
    assert line_key(" ".join(["mot"] * (MAX_WORDS + 1))) is None  # a paragraph
    assert line_key(BANNER, "gazetteduval") != line_key(BANNER, "ouestactu")  # one site's


def test_line_days_needs_distinct_days() -> None:
    days = LineDays(3)
    for day in ("2026-10-14", "2026-10-14", "2026-10-15"):
        days.add({BANNER}, day)
    assert days.repeated() == frozenset()  # three pages, two days
    days.add({BANNER}, "2026-10-16T08:00:00")
    days.add({BANNER}, None)  # an undated page does not count
    assert days.repeated() == {line_hash(BANNER)}
    days.add({BANNER}, "not a date")  # not counted, no error
    assert LineDays(0).repeated() == frozenset()


def test_split_repeated_never_empties_a_page_nor_takes_most_of_it() -> None:
    lines = [BANNER, "", BODY[0][1]]
    banner = frozenset({line_hash(BANNER)})
    assert split_repeated(lines, banner) == (["", BODY[0][1]], [0])
    assert split_repeated([BANNER, ""], banner) == ([BANNER, ""], [])
    # a page mostly made of lines seen on other days is an article published again
    short = "Mise à jour de la crue de la Vrenne"
    assert split_repeated([short, BANNER], banner) == ([short, BANNER], [])


def _write(folder: Path, day: str, name: str, lines: list[str]) -> None:
    d = folder / day
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_pipeline_drops_a_banner_three_days_repeat(tmp_path: Path) -> None:
    # four pages of one site on three days, its banner above each headline; the body lines
    # are each the day's own news
    root = tmp_path / "gazette"
    days = ["2026-10-14", "2026-10-14", "2026-10-15", "2026-10-16"]
    for k, (day, (title, body)) in enumerate(zip(days, BODY, strict=True)):
        _write(root, day, f"page{k}.txt", [BANNER, title, body])
    arts, rejected = load_articles([str(root)], Options.load(quiet=True))
    assert not rejected and len(arts) == 4
    for a in arts:
        assert BANNER not in a.text
        assert "recurring_lines_removed" in a.flags
        assert any(r.line == BANNER and r.reason == "recurring" for r in a.removed)
        assert a.title in {t for t, _ in BODY}  # the banner was the first line, not the title
        assert a.text.split("\n")[-1] in {b for _, b in BODY}
    # off, or only two days: kept
    off = Options.load(quiet=True).with_overrides({"clean": {"repeated_min_days": 0}})
    assert all(BANNER in a.text for a in load_articles([str(root)], off)[0])
    two = tmp_path / "two"
    for k, (day, (title, body)) in enumerate(zip(days[:3], BODY, strict=False)):
        _write(two, day, f"page{k}.txt", [BANNER, title, body])
    assert all(BANNER in a.text for a in load_articles([str(two)], Options.load(quiet=True))[0])


def test_two_pages_that_become_one_text_are_kept_once(tmp_path: Path) -> None:
    root = tmp_path / "site"
    title, body = BODY[0]
    _write(root, "2026-10-14", "a.txt", [BANNER, title, body])
    _write(root, "2026-10-15", "b.txt", [title, body, BANNER])
    _write(root, "2026-10-16", "c.txt", [BANNER, *BODY[1]])
    arts, rejected = load_articles([str(root)], Options.load(quiet=True))
    assert len(arts) == 2
    assert len(rejected) == 1 and "once its repeated lines are removed" in rejected[0].reason
    assert drop_repeated_lines(arts, 3)[0] == arts  # nothing left to drop


def test_agency_copy_on_three_sites_on_three_days_is_kept(tmp_path: Path) -> None:
    # the same dispatch run by three outlets on three days, each under its own headline:
    # its paragraphs are each outlet's once, so none of them is a banner
    import json

    dispatch = [b for _, b in BODY[:3]]
    rows = [{"maintext": "\n".join([f"{site} : la digue tient, jour {k + 1}", *dispatch]),
             "title": f"{site} : la digue tient, jour {k + 1}", "source_domain": site,
             "date_publish": f"2026-10-{14 + k} 08:00:00"}
            for k, site in enumerate(["gazette.example", "ouest.example", "vrenne.example"])]
    feed = tmp_path / "copies.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    arts, _ = load_articles([str(feed)], Options.load(quiet=True))
    assert len(arts) == 3
    assert all(all(b in a.text for b in dispatch) for a in arts)
    assert not any("recurring_lines_removed" in a.flags for a in arts)


def test_a_lone_repeated_line_inside_the_text_is_kept() -> None:
    # an agency's background line, told again each day, sits alone between paragraphs;
    # chrome sits at the edges or in blocks
    bg = "La crue de 1910 avait fait douze morts dans la vallée de la Vrenne."
    teaser = ["Lire aussi : la Vrenne sous surveillance", "La digue de Saint-Aubin en travaux"]
    body = [b for _, b in BODY]
    lines = [BODY[0][0], body[0], bg, body[1], *teaser, body[2], body[3]]
    repeated = frozenset(line_hash(x) for x in (bg, *teaser))
    kept, drop = split_repeated(lines, repeated)
    assert bg in kept and drop == [4, 5]
    assert split_repeated([*lines, BANNER], repeated | {line_hash(BANNER)})[1] == [4, 5, 8]
