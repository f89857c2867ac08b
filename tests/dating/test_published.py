import pytest

from recoupe.dating.published import (
    date_from_path,
    latest_body_date,
    normalise_metadata_date,
    parse_dateline,
)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Europe • Nov 13, 2024, 3:07 PM", "2024-11-13T15:07:00"),
        ("mercredi 20 novembre 2024", "2024-11-20"),
        ("Publié le 20/11/2024 à 14h03", "2024-11-20T14:03:00"),
        ("Par Claire Vasseur, le 21 octobre 2026", "2026-10-21"),
        ("08-07-13 à 17h24", "2013-07-08T17:24:00"),
        ("Publié le 02 février 2013 à 11h05 - Mis à jour le 03 février 2013 à 11h35",
         "2013-02-02T11:05:00"),
    ],
)
def test_published_dateline_formats(line: str, value: str) -> None:
    assert parse_dateline(line) == value


@pytest.mark.parametrize(
    "line",
    [
        "- 5 mars 2012 : La radio-télévision publique sur la liste noire.",
        "Le secrétaire d'État américain avec le secrétaire général de l'OTAN avant une réunion "
        "au siège de l'OTAN à Bruxelles, le mercredi 13 novembre 2024.",
        "La Russie a attaqué mercredi.",
    ],
)
def test_published_prose_is_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


def test_published_path_and_body_dates() -> None:
    assert date_from_path("corpus/egypt/2013-02-02/ext_10.txt") == "2013-02-02"
    assert date_from_path("a/b/c.txt") is None
    assert latest_body_date("le 2 juillet 2008 puis le 5 juillet 2008") == "2008-07-05"


def test_published_metadata_strings() -> None:
    assert normalise_metadata_date("2026-10-21") == "2026-10-21"
    assert normalise_metadata_date("2026-10-14T09:30:00+02:00") == "2026-10-14T09:30:00"
    assert normalise_metadata_date("Wed, 21 Oct 2026 08:00:00 +0200") == "2026-10-21T08:00:00"
    assert normalise_metadata_date("pas une date") is None


def test_dating_undated_article_takes_its_day_month_in_the_peers_period() -> None:
    from recoupe.dating.published import date_from_peers

    text = "La mairie a annoncé mercredi 20 novembre la fermeture du pont. Le 3 janvier, rien."
    # the peers fix the year; "3 janvier" is far from their period and ignored
    assert date_from_peers(text, ["2024-11-21T09:00:00", "2024-11-21"]) == "2024-11-20"
    assert date_from_peers("Aucune date ici.", ["2024-11-21"]) == "2024-11-21"
    assert date_from_peers(text, []) is None


def test_published_path_date_beats_a_disagreeing_dateline(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A page filed under its day keeps that day when its body holds a dateline of another
    (a quoted document, an old event); a dateline on the same day adds its time."""
    from recoupe.config import Options
    from recoupe.pipeline import load_articles

    body = ("Les pompiers ont évacué quarante habitants du bas du bourg de Saint-Aubin-sur-Vrenne "
            "avant l'aube, a indiqué la préfecture, qui a ouvert le gymnase aux sinistrés.\n") * 3
    day = tmp_path / "vrenne" / "2012-03-14"
    day.mkdir(parents=True)
    (day / "a.txt").write_text("Crue de la Vrenne\nPublié le 02/05/1981 à 10h00\n" + body, encoding="utf-8")
    other = body.replace("quarante", "trente")
    (day / "b.txt").write_text("Crue de la Vrenne, suite\nPublié le 14/03/2012 à 18h30\n" + other, encoding="utf-8")
    articles, _ = load_articles([str(tmp_path / "vrenne")], Options.load(quiet=True))
    by = {a.source.rsplit("/", 1)[-1]: a for a in articles}
    assert by["a.txt"].published.startswith("2012-03-14") and by["a.txt"].published_from == "path"
    assert "dateline_disagrees" in by["a.txt"].flags
    assert by["b.txt"].published.startswith("2012-03-14T18:30") and by["b.txt"].published_from == "dateline"


def test_numeric_metadata_dates_are_day_first_unless_the_day_cannot_be() -> None:
    from recoupe.dating.published import normalise_metadata_date as norm

    assert norm("07/04/2026") == "2026-04-07"  # 7 April, not 4 July
    assert norm("04/03/2026") == "2026-03-04"
    assert norm("13/03/2026") == "2026-03-13"
    assert norm("04/13/2026") == "2026-04-13"  # month first: 13 cannot be a month
    assert norm("07/04/2026 14:30") == "2026-04-07T14:30:00"
    assert norm("31/02/2026") is None and norm("2026-13-45") is None


def test_numeric_metadata_dates_with_a_bad_time_or_english_only() -> None:
    from recoupe.dating.published import normalise_metadata_date as norm

    assert norm("07/04/2026 14:30:75") == "2026-04-07"  # a bad second: the day, not a crash
    assert norm("04/07/2026", ("en",)) == "2026-04-07" and norm("13/04/2026", ("en",)) == "2026-04-13"
