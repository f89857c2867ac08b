import json
from pathlib import Path

from recoupe.config import Options
from recoupe.model import Article, Report, text_id
from recoupe.pipeline import analyze_articles
from recoupe.report import render_html, validate_report, write_reports
from recoupe.report.writers import report_dict


def test_report_sample_corpus_validates_against_schema(sample_report: Report, tmp_path: Path) -> None:
    paths = write_reports(sample_report, tmp_path)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert validate_report(data) == []
    assert {"articles", "rejected", "stories", "entities", "quotes", "claims", "reuse"} <= set(data)
    assert paths["md"].read_text(encoding="utf-8").startswith("# recoupe report")
    html = paths["html"].read_text(encoding="utf-8")
    # the French HTML report agrees its nouns with counts and names statuses in French
    assert "1 événements" not in html and "1 articles" not in html
    assert ">recoupée" in html or ">source unique" in html
    assert ">corroborated<" not in html and ">single_source<" not in html
    # a conflict says what disagrees: the other outlet and the two figures
    conflicting = [c for c in data["claims"] if c["status"] == "conflicting"]
    assert conflicting and all("against «" in (c["status_reason"] or "") for c in conflicting)
    assert 'class="muted why">contredit' in html and "(why: disagrees with" in paths["md"].read_text(encoding="utf-8")


def test_report_html_escapes_article_text() -> None:
    text = "Un texte <script>alert('x')</script> hostile & <b>gras</b>."
    art = Article(id=text_id(text), source="x.txt", text=text, title="<img src=x onerror=alert(1)>")
    rep = analyze_articles([art], [], Options.load())
    html = render_html(report_dict(rep))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html


def test_report_schema_rejects_a_broken_report(sample_report: Report) -> None:
    data = report_dict(sample_report)
    data["articles"][0]["published_from"] = "guess"
    del data["rejected"]
    errors = validate_report(data)
    assert any("rejected" in e for e in errors)
    assert any("published_from" in e for e in errors)


def test_report_segments_keep_the_text_and_prefer_earlier_spans() -> None:
    from recoupe.report.writers import segments

    text = "Le pont a cédé. « Tout est fermé », dit le maire."
    spans = [(16, 34, "q", "quote"), (0, 15, "p", "cited"), (10, 20, "x", "claim")]
    parts = segments(text, spans)
    assert "".join(p for p, _, _ in parts) == text
    assert [(p, a) for p, a, _ in parts if a] == [
        ("", "x"), ("Le pont a cédé.", "p"), ("« Tout est fermé »", "q")]  # x keeps an anchor


def test_report_source_label_names_outlet_file_or_item() -> None:
    from recoupe.report.writers import source_label

    assert source_label({"outlet": "afp", "source": "a.txt"}, "id") == "afp"
    assert source_label({"source": "seeds/000_abc.txt"}, "id") == "000_abc"
    assert source_label({"source": "flux/articles.jsonl:3"}, "id") == "articles:3"
    assert source_label(None, "id") == "id"


def test_report_citations_tell_an_outlets_articles_apart() -> None:
    from recoupe.report.writers import distinct_labels

    arts = [{"id": "a", "outlet": "afp", "published": "2026-11-18T06:00:00"},
            {"id": "b", "outlet": "afp", "published": "2026-11-19"},
            {"id": "c", "outlet": "afp", "published": "2026-11-19T10:00"},
            {"id": "d", "outlet": "Le Courrier", "published": "2026-11-19"}]
    assert distinct_labels(arts) == {"a": "afp 18/11", "b": "afp 19/11", "c": "afp 19/11 #2",
                                     "d": "Le Courrier"}


def test_report_a_withheld_speaker_shows_its_candidate_not_a_question_mark(sample_report: Report,
                                                                            tmp_path: Path) -> None:
    from recoupe.report.writers import quotes_by_speaker, speaker_candidate

    q = {"article": "a", "start": 0, "end": 10, "text": "Ce projet est un gouffre", "kind": "direct",
         "speaker": None, "speaker_candidates": [{"name": "Nadia Ferrandou", "how": "role", "score": 0.67}]}
    assert speaker_candidate(q) == "Nadia Ferrandou (role, 0.67)"
    assert quotes_by_speaker([q]) == [("?", [{"text": q["text"], "kind": "direct", "cue": None,
                                              "articles": ["a"], "candidate": "Nadia Ferrandou (role, 0.67)"}])]
    md = write_reports(sample_report, tmp_path)["md"].read_text(encoding="utf-8")
    assert "### ?" not in md
    quotes = md.split("## Quotes by speaker", 1)[1].split("\n## ", 1)[0]
    heads = [ln for ln in quotes.splitlines() if ln.startswith("### ")]
    assert heads and not any("«" in h or "_(reported)_" in h for h in heads)  # a heading ends its line
    if "Speaker not shown" in md:
        assert "likely speaker, not confirmed" in md


def test_report_status_reasons_read_in_french() -> None:
    from recoupe.report.writers import reason_fr

    assert reason_fr("disagrees with Le Réveil («a fait deux morts»): «un mort» against «deux morts»") == \
        "contredit Le Réveil («a fait deux morts») : «un mort» contre «deux morts»".replace(") :", "):")
    assert reason_fr("retracted: La Gazette corrected it on 2026-03-12 («Rectificatif»)").startswith(
        "retiré : La Gazette l'a corrigé le 2026-03-12")
    assert "copies d'un même texte" in reason_fr(
        "its articles are copies of one text (one reuse family or one outlet)")


def test_report_counts_say_one_story_not_one_stories() -> None:
    from recoupe.report.writers import _env

    count = _env().filters["count_en"]
    assert count(1, "story", "stories") == "1 story" and count(0, "story", "stories") == "0 stories"
