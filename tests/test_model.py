from recoupe.model import Article, Passage, RemovedLine, Report, ReusePair, text_id


def test_model_article_round_trip() -> None:
    art = Article(
        id=text_id("Bonjour."), source="a.txt", text="Bonjour.",
        removed=[RemovedLine("En direct", "live", 1)], flags=["x"],
    )
    again = Article.from_dict(art.as_dict())
    assert again == art
    assert isinstance(again.removed[0], RemovedLine)


def test_model_report_nested_round_trip() -> None:
    rep = Report(
        recoupe_version="1", generated_at="2026-01-01T00:00:00",
        reuse=[ReusePair(["a", "b"], "duplicate", 0.9, [Passage([0, 5], [1, 6])])],
    )
    d = rep.as_dict()
    assert d["reuse"][0]["passages"][0] == {"a": [0, 5], "b": [1, 6]}
    assert Report.from_dict(d) == rep


def test_model_text_id_is_stable() -> None:
    assert text_id("abc") == text_id("abc") != text_id("abd")
    assert len(text_id("abc")) == 16
