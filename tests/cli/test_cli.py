import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recoupe.cli.main import app

ROOT = Path(__file__).parents[2]
SAMPLES = ROOT / "samples" / "corpus"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
runner = CliRunner()


def test_cli_analyze_writes_three_reports(tmp_path: Path) -> None:
    res = runner.invoke(app, ["analyze", str(SAMPLES), "-o", str(tmp_path), "-q"])
    assert res.exit_code == 0, res.output
    for name in ("report.json", "report.md", "report.html"):
        assert (tmp_path / name).is_file()
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["stories"] and data["entities"] and data["quotes"] and data["reuse"]
    assert all(a["story"] and a["event"] for a in data["articles"])
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Quotes by speaker" in md and "## Entities" in md
    assert "&#39;" not in md and "&amp;" not in md  # Markdown is not HTML-escaped


def test_cli_eval_cluster_on_the_sample_gold() -> None:
    res = runner.invoke(app, ["eval", "cluster", str(ROOT / "samples" / "gold" / "articles.json"),
                              "--floors", str(ROOT / "eval" / "floors" / "cluster-samples.json")])
    assert res.exit_code == 0, res.output
    assert "event_bcubed_f1" in res.output


def test_cli_analyze_nothing_readable_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    res = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), str(tmp_path / "nope.txt"),
                              "-o", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 1
    assert "empty file" in res.output and "no such file" in res.output


def test_cli_analyze_bad_input_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 10)
    good = next(SAMPLES.rglob("*.txt"))
    res = runner.invoke(app, ["analyze", str(tmp_path / "bin.txt"), str(good), "-o",
                              str(tmp_path / "o"), "-q"])
    assert res.exit_code == 0
    data = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 1
    assert data["rejected"][0]["source"].endswith("bin.txt")


def test_cli_ingest_then_report(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    res = runner.invoke(app, ["ingest", str(SAMPLES), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["report", "--db", str(db), "-o", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "o" / "report.html").is_file()
    # the store from the terminal: search its articles, show a story, an article, a claim
    res = runner.invoke(app, ["search", "digue", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    hits = json.loads(res.output)
    assert hits and all(h["story"] for h in hits)
    res = runner.invoke(app, ["show", hits[0]["story"], "--db", str(db)])
    assert res.exit_code == 0 and "Summary:" in res.output and "Sources:" in res.output
    res = runner.invoke(app, ["show", hits[0]["id"], "--db", str(db)])
    assert res.exit_code == 0 and res.output.startswith(f"article {hits[0]['id']}")
    data = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    res = runner.invoke(app, ["show", data["claims"][0]["id"], "--db", str(db)])
    assert res.exit_code == 0 and res.output.startswith("claim ")
    res = runner.invoke(app, ["show", "nope", "--db", str(db)])
    assert res.exit_code == 1
    # without an id: the stories, one line each, and every source of a story is labelled
    res = runner.invoke(app, ["show", "--db", str(db)])
    assert res.exit_code == 0 and hits[0]["story"] in res.output
    assert all(line.startswith("story ") for line in res.output.splitlines() if line.strip())
    for story_line in res.output.splitlines():
        sid = story_line.split()[1]
        shown = runner.invoke(app, ["show", sid, "--db", str(db)]).output
        sources = shown.split("Sources:")[1].strip().splitlines()
        assert all(len(line.split()) > 3 for line in sources), sources  # "[n] id day outlet: title"
    assert runner.invoke(app, ["search", "digue", "--db", str(tmp_path / "none.db")]).exit_code == 1
    assert runner.invoke(app, ["search", " ", "--db", str(db)]).exit_code == 2
    (tmp_path / "notes.txt").write_text("not a store")
    for bad in (tmp_path / "notes.txt", tmp_path):
        res = runner.invoke(app, ["show", "--db", str(bad)])
        assert res.exit_code == 1 and "Traceback" not in res.output


def test_cli_config_error_is_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[nope]\nx = 1\n")
    res = runner.invoke(app, ["analyze", str(SAMPLES), "-c", str(cfg), "-o", str(tmp_path)])
    assert res.exit_code == 2 and "C001" in res.output


@pytest.mark.shared
def test_cli_seeds_done_when(tmp_path: Path) -> None:
    res = runner.invoke(app, ["analyze", str(SEEDS), "-o", str(tmp_path), "-q"])
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    arts = {Path(a["source"]).name[:3]: a for a in data["articles"]}
    assert sorted(arts) == ["000", "001", "002", "003", "004"]
    assert all(a["language"] == "fr" for a in arts.values())
    assert arts["003"]["published"].startswith("2024-11-13")
    assert arts["003"]["published_from"] == "dateline"
    removed = {r["line"] for a in arts.values() for r in a["removed"]}
    for debris in ("Related News :", "Loading categories...", "Loading...", "5 min de lecture",
                   "Europe • Nov 13, 2024, 3:07 PM", "in partnership with", "A suivre",
                   "Dernières actualités", "Yesterday"):
        assert debris in removed
    # no body paragraph was removed
    assert "Kyiv s'est engagé à recourir" in arts["002"]["text"]
    assert arts["000"]["text"].startswith("Guerre en Ukraine")
    assert not any(len(r["line"].split()) > 25 and r["reason"] not in ("caption",)
                   for a in arts.values() for r in a["removed"])


def test_cli_summarize_cites_every_sentence() -> None:
    flood = [str(p) for p in sorted(SAMPLES.rglob("*.txt")) if "crue" in p.name][:4]
    assert len(flood) >= 3
    res = runner.invoke(app, ["summarize", *flood, "--words", "80", "--json", "-q"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    sentences = data["summary"] if "summary" in data else data["sentences"]
    assert sentences and all(s["sources"] for s in sentences)
    assert sum(len(s["text"].split()) for s in sentences) <= 80


def test_cli_analyze_missing_html_module_rejects_only_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain install without lxml_html_clean: every HTML page fails to import trafilatura
    (jusText imports lxml.html.clean); the page is one rejection, the run goes on."""
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "trafilatura" or name.startswith("trafilatura."):
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\n"
                              "Install lxml[html_clean] or lxml_html_clean directly.")
        return real_import(name, *args, **kwargs)

    page = next(SAMPLES.rglob("*.html"))
    texts = [str(p) for p in sorted(SAMPLES.rglob("*.txt")) if "crue" in p.name][:2]
    monkeypatch.setattr(builtins, "__import__", fake_import)
    res = runner.invoke(app, ["analyze", str(page), *texts, "-o", str(tmp_path), "-q"])
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert sorted(a["source"] for a in data["articles"]) == sorted(texts)
    assert [r["source"] for r in data["rejected"]] == [str(page)]
    assert "lxml_html_clean" in data["rejected"][0]["reason"]
    assert "Install lxml[html_clean] or lxml_html_clean" in res.output  # said whole, markup escaped


def test_cli_serve_without_web_extra_prints_the_whole_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "fastapi", None)  # `import fastapi` raises ModuleNotFoundError
    res = runner.invoke(app, ["serve", "--db", str(tmp_path / "r.db")])
    assert res.exit_code == 2
    assert "pip install -e '.[web]'" in res.output
    assert "[W001]" in res.output


def test_cli_messages_keep_bracketed_text(tmp_path: Path) -> None:
    (tmp_path / "[brouillon] note.txt").write_text("")
    (tmp_path / "[red]rouge.txt").write_text("")
    res = runner.invoke(app, ["analyze", str(tmp_path / "[brouillon] note.txt"),
                              str(tmp_path / "[red]rouge.txt"), "-o", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 1
    assert f"skipped {tmp_path / '[brouillon] note.txt'}: empty file" in res.output
    assert f"skipped {tmp_path / '[red]rouge.txt'}: empty file" in res.output



def test_cli_a_file_that_is_no_store_is_one_line_and_nothing_is_created_for_no_input(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "notes.txt"
    bad.write_text("mes notes\n")
    run = subprocess.run([sys.executable, "-c", "from recoupe.cli.main import main; main()",
                          "ingest", str(SAMPLES / "afp"), "--db", str(bad), "-q"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "[S002]" in run.stderr and bad.read_text() == "mes notes\n"
    res = runner.invoke(app, ["ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "new" / "x.db")])
    assert res.exit_code == 1 and "no such file or folder" in res.output
    assert not (tmp_path / "new").exists()
