import io
import json
import sys
from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.ingest.readers import folder_outlet, outlet_from_text, outlet_from_url, read_all
from recoupe.model import RawDocument, Rejected

BODY = (
    "Les pompiers sont intervenus toute la nuit à Saint-Aubin-sur-Vrenne, où la rivière "
    "est sortie de son lit après la rupture d'une digue."
)


#: an article body of four paragraphs, for the HTML pages of the standfirst tests
_PARAS = "".join(f"<p>{BODY} Paragraphe {k} du récit des pompiers et des habitants.</p>" for k in range(4))


def _read(paths: list[str], options: Options) -> tuple[list[RawDocument], list[Rejected]]:
    docs: list[RawDocument] = []
    rej: list[Rejected] = []
    for item in read_all(paths, options):
        if isinstance(item, Rejected):
            rej.append(item)
        else:
            docs.append(item)
    return docs, rej


def test_readers_jsonl_keeps_good_lines_and_rejects_broken_ones(tmp_path: Path, options: Options) -> None:
    f = tmp_path / "batch.jsonl"
    good = {"title": "T", "maintext": BODY, "date_publish": "2026-10-21 08:00:00",
            "url": "https://www.exemple-info.fr/a", "source_domain": "exemple-info.fr",
            "language": "fr"}
    f.write_text(
        json.dumps(good) + "\n{broken json\n" + json.dumps({"title": "no text"}) + "\n"
        + json.dumps({**good, "maintext": None, "text": BODY}) + "\n",
        encoding="utf-8",
    )
    docs, rej = _read([str(f)], options)
    assert len(docs) == 2
    assert docs[0].published == "2026-10-21T08:00:00"
    assert docs[0].outlet == "exemple-info.fr"
    assert [r.source for r in rej] == [f"{f}:2", f"{f}:3"]
    assert "invalid JSON" in rej[0].reason


def test_readers_bad_files_each_get_a_reason(tmp_path: Path, options: Options) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "nohtml.html").write_text("<html><body><nav>Menu</nav></body></html>")
    (tmp_path / "ok.txt").write_text("Titre\n\n" + BODY, encoding="latin-1")
    docs, rej = _read([str(tmp_path), str(tmp_path / "missing.txt")], options)
    reasons = {Path(r.source).name: r.reason for r in rej}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "no article" in reasons["nohtml.html"]
    assert "no such file" in reasons["missing.txt"]
    assert len(docs) == 1 and "Vrenne" in docs[0].text


def test_readers_huge_file_is_rejected_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x")
    opts = Options.load()
    docs, rej = _read([str(big)], opts)
    assert not docs and "too large" in rej[0].reason


def test_readers_feed_gives_one_article_per_entry(tmp_path: Path, options: Options) -> None:
    feed = tmp_path / "flux.xml"
    feed.write_text(
        """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Actu</title>
        <item><title>Un</title><link>https://www.actu.fr/1</link>
        <pubDate>Wed, 21 Oct 2026 08:00:00 +0200</pubDate><description>&lt;p&gt;"""
        + BODY + """&lt;/p&gt;</description></item>
        <item><title>Deux</title><link>https://www.actu.fr/2</link><description>"""
        + BODY + """</description></item></channel></rss>""",
        encoding="utf-8",
    )
    docs, rej = _read([str(feed)], options)
    assert [d.title for d in docs] == ["Un", "Deux"]
    assert docs[0].outlet == "actu.fr" and docs[0].published == "2026-10-21T08:00:00"
    assert not rej


def test_readers_html_uses_trafilatura_metadata(options: Options) -> None:
    html = Path(__file__).parents[2] / "samples" / "corpus"
    page = next(html.rglob("*.html"))
    docs, rej = _read([str(page)], options)
    assert docs and docs[0].extracted and docs[0].published and docs[0].title


def test_readers_stdin(monkeypatch: pytest.MonkeyPatch, options: Options) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("Titre\n" + BODY).encode())))
    docs, _ = _read(["-"], options)
    assert docs[0].source == "-"


def test_readers_outlet_helpers() -> None:
    assert outlet_from_url("https://www.lemonde.fr/international/a.html") == "lemonde.fr"
    corpus = Path("corpus")
    assert folder_outlet(Path("corpus/ouest-actu/2026-10-15/a.txt"), corpus) == "ouest-actu"
    assert folder_outlet(Path("corpus/2026-10-15/a.txt"), corpus) is None
    # the folder the user names is a collection (many sites), not an outlet
    assert folder_outlet(Path("seeds/000.txt"), Path("seeds")) is None
    # a file named directly (a shell glob) takes its own folder
    assert folder_outlet(Path("corpus/ouest-actu/2026-10-15/a.txt"), None) == "ouest-actu"
    assert folder_outlet(Path("a.txt"), None) is None
    from recoupe.ingest.readers import outlet_key

    # one key for the spellings of one outlet, whatever the domain's suffix
    assert outlet_key("continental-post") == outlet_key("continentalpost.example") == \
        outlet_key("www.continentalpost.example") == outlet_key("Continental Post")
    assert outlet_key("bbc.co.uk") == "bbc" and outlet_key("Europe 1") == "europe1"


LXML_CLEAN_ERROR = (
    "lxml.html.clean module is now a separate project lxml_html_clean.\n"
    "Install lxml[html_clean] or lxml_html_clean directly."
)


def _block_import(monkeypatch: pytest.MonkeyPatch, module: str, message: str) -> None:
    """Make ``import module`` fail as it does on an install missing one of its dependencies."""
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == module or name.startswith(module + "."):
            raise ImportError(message)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_readers_missing_module_rejects_one_input_not_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: Options
) -> None:
    page = tmp_path / "a-page.html"
    page.write_text(f"<html><body><article><h1>Crue</h1><p>{BODY}</p></article></body></html>",
                    encoding="utf-8")
    (tmp_path / "b-article.txt").write_text("Titre\n\n" + BODY, encoding="utf-8")
    (tmp_path / "c-batch.jsonl").write_text(json.dumps({"title": "T", "maintext": BODY}) + "\n",
                                            encoding="utf-8")
    # trafilatura imports jusText, which imports lxml.html.clean: on a plain install with
    # lxml >= 5.2 and no lxml_html_clean that import raises
    _block_import(monkeypatch, "trafilatura", LXML_CLEAN_ERROR)
    docs, rej = _read([str(tmp_path)], options)
    assert [r.source for r in rej] == [str(page)]
    assert "lxml_html_clean" in rej[0].reason and "cannot be imported" in rej[0].reason
    assert sorted(Path(d.source).name for d in docs) == ["b-article.txt", "c-batch.jsonl:1"]


def test_readers_a_reader_failure_rejects_one_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: Options
) -> None:
    from recoupe.ingest import readers

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("feed parser bug")

    monkeypatch.setattr(readers, "_read_feed", broken)
    (tmp_path / "flux.rss").write_text("<rss><channel><item><title>x</title></item></channel></rss>")
    (tmp_path / "ok.txt").write_text("Titre\n\n" + BODY, encoding="utf-8")
    docs, rej = _read([str(tmp_path)], options)
    assert len(docs) == 1 and docs[0].source.endswith("ok.txt")
    assert rej[0].source.endswith("flux.rss") and "RuntimeError: feed parser bug" in rej[0].reason


# Fictional articles: the outlet is only in the text (a credit line, a link, a footer).
LONG_BODY = "\n\n".join([BODY] * 20)  # more lines than a header and a footer


@pytest.mark.parametrize(
    ("text", "outlet", "how"),
    [
        ("Digue rompue\n\n" + BODY + "\n\nSource : courrier-vrenne.fr", "courrier-vrenne.fr", "credit"),
        ("Digue rompue\n\n" + LONG_BODY + "\n\nLu sur https://www.le-veilleur.fr/vrenne/digue.html\n"
         "Partager\nImprimer", "le-veilleur.fr", "credit"),
        ("https://www.ouest-actu.fr/2026/10/15/digue\nDigue rompue\n\n" + LONG_BODY, "ouest-actu.fr", "url"),
        ("Digue rompue\n\n" + LONG_BODY + "\n\n© Le Courrier de la Vrenne", "Le Courrier de la Vrenne",
         "copyright"),
        ("Digue rompue\n\n" + BODY + "\nCopyright © 2026 Radio Loire Vallée - Tous droits réservés.",
         "Radio Loire Vallée", "copyright"),
        # a footer that goes on with its links
        ("Digue rompue\n\n" + BODY + "\n© Le Réveil de la Vrenne 2026 - Tous droits réservés - "
         "Mentions légales - Contact", "Le Réveil de la Vrenne", "copyright"),
        # a footer that names the site twice agrees with itself; the domain is the exact name
        ("Digue rompue\n\n" + BODY + "\n© Info 24\nhttps://www.info24.fr/", "info24.fr", "url"),
    ],
)
def test_readers_outlet_from_text_finds_the_site_a_text_names(text: str, outlet: str, how: str) -> None:
    hint = outlet_from_text(text)
    assert hint is not None and (hint.outlet, hint.how) == (outlet, how)


@pytest.mark.parametrize(
    "text",
    [
        # capitalised words in the prose are no outlet
        "Digue rompue\n\nLe Veilleur de la Vrenne a appris mardi que " + BODY,
        # a photo credit inside a caption line
        "Digue rompue\n\n" + BODY + "\nLe maire devant la digue, mardi. Jeanne Morel/Copyright 2026 "
        "The AP. All rights reserved",
        # an agency's credit names who wrote the dispatch, not the site that published it
        "Digue rompue\n\n" + BODY + "\n© AFP",
        "Digue rompue\n\n" + BODY + "\n© Photo : Jeanne Morel",
        # a link to share the article, an official site, a link inside a sentence
        "Digue rompue\n\n" + BODY + "\nhttps://twitter.com/leveilleur\nhttps://www.vigicrues.gouv.fr",
        "Digue rompue\n\n" + BODY + " Plus d'informations sur https://www.saint-aubin-vrenne.fr/crue.",
        # a credit naming a source, not a domain
        "Digue rompue\n\n" + BODY + "\nSource : préfecture de la Vrenne",
        # two different sites: which one published the text is not clear
        "Digue rompue\n\n" + BODY + "\nSource : courrier-vrenne.fr\n© Le Veilleur",
        # a copyright line in the middle of a long text is a picture's, not the footer
        "Digue rompue\n\n" + LONG_BODY + "\n© Le Courrier de la Vrenne\n\n" + LONG_BODY,
    ],
)
def test_readers_outlet_from_text_is_conservative(text: str) -> None:
    assert outlet_from_text(text) is None


def test_readers_text_outlet_for_files_without_one(tmp_path: Path, options: Options) -> None:
    """Files named in a collection folder (many sites) take the site their text names;
    a folder that names the outlet, or metadata, keep theirs."""
    seeds = tmp_path / "revue"
    seeds.mkdir()
    (seeds / "001.txt").write_text("Digue rompue\n\n" + BODY + "\n\n© Le Courrier de la Vrenne\n")
    (seeds / "002.txt").write_text("Digue rompue\n\n" + BODY + "\n\nSource : le-veilleur.fr\n")
    (seeds / "003.txt").write_text("Digue rompue\n\n" + BODY + "\n")
    (seeds / "004.jsonl").write_text(json.dumps({"maintext": BODY + "\n© Info 24", "source_domain": "ouest-actu.fr"}))
    outlet_dir = seeds / "radio-loire-vallee"
    outlet_dir.mkdir()
    (outlet_dir / "005.txt").write_text("Digue rompue\n\n" + BODY + "\n\n© Le Veilleur\n")
    # a folder named after the outlet takes the spelling the text's footer gives it
    (outlet_dir / "006.txt").write_text("Digue rompue\n\n" + BODY + "\n\n© Radio Loire Vallée 2026\n")
    docs, rej = _read([str(seeds)], options)
    assert not rej
    got = {Path(d.source).name: d.outlet or d.folder_outlet for d in docs}
    assert got == {"001.txt": "Le Courrier de la Vrenne", "002.txt": "le-veilleur.fr", "003.txt": None,
                   "004.jsonl:1": "ouest-actu.fr", "005.txt": "radio-loire-vallee",
                   "006.txt": "Radio Loire Vallée"}

    from recoupe.pipeline import prepare_item

    articles = [prepare_item(d, options) for d in docs]
    assert {Path(a.source).name: a.outlet for a in articles}["002.txt"] == "le-veilleur.fr"
    flags = {Path(a.source).name: a.flags for a in articles}
    assert "outlet_from_text" in flags["002.txt"] and "outlet_from_text" in flags["001.txt"]
    assert "outlet_from_text" not in flags["005.txt"] and "outlet_from_text" not in flags["003.txt"]


def test_a_text_without_sentence_ends_is_flagged_as_read_in_pieces() -> None:
    from recoupe.model import Article
    from recoupe.pipeline import prepare

    options = Options.load(quiet=True)
    endless = "Crue de la Vrenne\n" + " ".join(["la digue a cédé dans la nuit"] * 400)
    art = prepare(RawDocument("endless.txt", endless), options)
    assert isinstance(art, Article) and "long_sentences_cut" in art.flags
    normal = prepare(RawDocument("normal.txt", "Crue de la Vrenne\n" + "La digue a cédé. " * 40), options)
    assert isinstance(normal, Article) and "long_sentences_cut" not in normal.flags


def test_readers_say_which_folder_files_are_not_read_and_reject_office_files(
        tmp_path: Path, options: Options) -> None:
    from recoupe.ingest.readers import ignored_files

    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "a.txt").write_text("La crue de la Vrenne a inondé cent maisons mardi soir.", encoding="utf-8")
    (folder / "programme.bin").write_bytes(b"\x00\x01")
    (folder / "notes.docx").write_text("x", encoding="utf-8")
    (folder / ".cache").mkdir()
    (folder / ".cache" / "x.pyc").write_bytes(b"\x00")
    assert [p.name for p in ignored_files([str(folder)], options)] == ["notes.docx", "programme.bin"]
    items = list(read_all([str(folder / "notes.docx")], options))  # named: rejected with a hint
    assert len(items) == 1 and isinstance(items[0], Rejected) and ".docx" in items[0].reason


def test_readers_html_keeps_the_time_of_day_its_metadata_gives(tmp_path: Path, options: Options) -> None:
    body = "".join(f"<p>{BODY}</p>" for _ in range(3))
    page = ('<html><head><title>Crue</title>'
            '<meta property="article:published_time" content="2025-03-12T07:45:00+01:00">'
            f'</head><body><article><h1>Crue de la Vrenne</h1>{body}</article></body></html>')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    docs, rej = _read([str(tmp_path / "page.html")], options)
    assert not rej and docs[0].published == "2025-03-12T07:45:00"


def test_readers_say_what_is_wrong_with_a_broken_feed_or_json_line(tmp_path: Path, options: Options) -> None:
    rss = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Gazette</title>'
           "<item><title>Digue rompue</title><description>" + BODY + "</description></item>"
           "<item><title>Coupé</title><descrip")
    (tmp_path / "cut.rss").write_text(rss, encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"maintext": "' + BODY + '"}\n{"maintext": "coupé\n',
                                        encoding="utf-8")
    mixed = "Grève à ".encode() + "l'école de la Vrenne\n\n".encode("latin-1") + BODY.encode()
    (tmp_path / "mixed.txt").write_bytes(mixed)
    docs, rej = _read([str(tmp_path)], options)
    reasons = {Path(r.source).name: r.reason for r in rej}
    assert "malformed" in reasons["cut.rss#2"]
    assert "column" in reasons["bad.jsonl:2"]
    (m,) = [d for d in docs if d.source.endswith("mixed.txt")]
    assert m.mixed_encoding and m.text.startswith("Grève à l'école")


def test_readers_a_headline_only_feed_gives_headline_articles(tmp_path: Path, options: Options) -> None:
    rss = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Vrenne Info</title>'
           "<item><title>Brénac : fuite d'ammoniac à l'usine Novachem, 14 hospitalisés</title>"
           "<link>https://vrenne-info.example/a</link></item>"
           "<item><title>Vallermont : l'adjoint aux sports en garde à vue</title></item>"
           "</channel></rss>")
    (tmp_path / "titres.rss").write_text(rss, encoding="utf-8")
    docs, rej = _read([str(tmp_path / "titres.rss")], options)
    assert not rej and [d.text for d in docs] == [d.title for d in docs]
    assert docs[0].text.startswith("Brénac : fuite")


def test_readers_jsonl_says_what_is_wrong_with_a_field(tmp_path: Path, options: Options) -> None:
    f = tmp_path / "batch.jsonl"
    f.write_text(
        json.dumps({"title": "T", "maintext": ["a", "list"]}) + "\n"
        + json.dumps({"title": "T", "maintext": BODY, "date_publish": "pas une date"}) + "\n",
        encoding="utf-8")
    docs, rej = _read([str(f)], options)
    assert "'maintext' is a list" in rej[0].reason
    assert docs[0].published is None and docs[0].unread_date == "pas une date"


def test_readers_jsonl_rejects_a_text_of_nul_characters_and_drops_a_stray_one(
        tmp_path: Path, options: Options) -> None:
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"title": "T", "maintext": "abc\x00def\x00ghi\x00 " * 20 + BODY}) + "\n"
                 + json.dumps({"title": "nul\x00\x00", "maintext": BODY + "\x00"}) + "\n",
                 encoding="utf-8")
    docs, rej = _read([str(f)], options)
    assert len(rej) == 1 and "NUL or control characters" in rej[0].reason
    # one stray NUL: a space, in the text and in the title
    assert len(docs) == 1 and "\x00" not in docs[0].text and "\x00" not in (docs[0].title or "")


def test_readers_html_keeps_the_standfirst_the_extraction_drops(tmp_path: Path, options: Options) -> None:
    page = ("<html><head><title>Crue</title></head><body><main><article><h1>La Vrenne déborde</h1>"
            "<p class='chapo'><strong>La digue a cédé dans la nuit et trois cents habitants ont été "
            "évacués vers le gymnase.</strong></p>"
            "<figure><img src='x.jpg'><figcaption class='lead'>Photo de la digue prise mardi matin "
            "par notre envoyé spécial sur place.</figcaption></figure>"
            f"<div class='article-body'>{_PARAS}</div></article></main></body></html>")
    f = tmp_path / "crue.html"
    f.write_text(page, encoding="utf-8")
    docs, _ = _read([str(f)], options)
    assert docs[0].text.startswith("La digue a cédé dans la nuit") and docs[0].lead_recovered
    assert "Photo de la digue" not in docs[0].text


def test_readers_html_standfirst_in_the_articles_header_not_a_teaser(tmp_path: Path, options: Options) -> None:
    page = ("<html><body><div class='card'><p class='lead'>Notre sélection du week-end : les meilleures "
            "balades à faire en famille autour de la Vrenne cet automne.</p></div>"
            "<article><header><h1>La Vrenne déborde</h1><p class='chapo'>La digue a cédé dans la nuit "
            "et trois cents habitants ont été évacués vers le gymnase.</p></header>"
            f"<div class='article-body'>{_PARAS}</div>"
            "<section class='related'><p class='chapo'>Le budget 2026 prévoit une hausse de la taxe "
            "foncière de trois pour cent pour la digue.</p></section></article></body></html>")
    f = tmp_path / "crue.html"
    f.write_text(page, encoding="utf-8")
    docs, _ = _read([str(f)], options)
    text = docs[0].text
    assert "Notre sélection" not in text and "taxe foncière" not in text
    assert docs[0].lead_recovered == ("La digue a cédé" in text) and text.count("La digue a cédé") <= 1


def test_readers_html_standfirst_of_the_article_that_holds_the_body(tmp_path: Path, options: Options) -> None:
    page = ("<html><body><header><article class='teaser'><p class='lead'>Un autre sujet : la foire "
            "aux vins de Brénac attend dix mille visiteurs ce week-end sur les quais.</p></article></header>"
            "<main><article><h1>La Vrenne déborde</h1><p class='chapo'>La digue a cédé dans la nuit et "
            f"trois cents habitants ont été évacués vers le gymnase.</p><div>{_PARAS}</div></article></main>"
            "</body></html>")
    f = tmp_path / "crue.html"
    f.write_text(page, encoding="utf-8")
    docs, _ = _read([str(f)], options)
    # the extraction keeps the story's own chapô here: nothing is put back, least of all the teaser
    assert not docs[0].lead_recovered and docs[0].text.count("foire aux vins") <= 1
