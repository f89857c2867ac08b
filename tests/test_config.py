from pathlib import Path

import pytest

from recoupe.config import ConfigError, Options


def test_config_defaults_are_packaged() -> None:
    opts = Options.load()
    assert opts.get("language.languages")[:2] == ["fr", "en"] and "es" in opts.get("language.languages")
    assert opts.get("store.chunk_size") == 50


def test_config_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    f = tmp_path / "mine.toml"
    f.write_text("[store]\nchunk_size = 7\n", encoding="utf-8")
    opts = Options.load(f)
    assert opts.get("store.chunk_size") == 7
    assert opts.get("store.url") == "recoupe.db"


def test_config_unknown_key_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text("[store]\nchunk = 7\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="C001"):
        Options.load(f)


def test_config_stage_sections_match_the_code_defaults() -> None:
    """settings.toml lists every clustering and reuse parameter with the code's default."""
    from recoupe.cluster.stream import DEFAULTS as CLUSTER
    from recoupe.reuse import DEFAULTS as REUSE

    opts = Options.load()
    cluster = opts.section("cluster")
    assert cluster.pop("use_embeddings") is True
    assert cluster == CLUSTER
    assert opts.section("reuse") == REUSE
    from recoupe.claims.align import DEFAULTS as CLAIMS

    claims = opts.section("claims")
    assert claims.pop("use_embeddings") is True
    assert claims == CLAIMS


def test_config_synth_section_matches_the_code_defaults() -> None:
    import dataclasses

    from recoupe.synth.summarize import SummaryParams
    from recoupe.synth.timeline import TimelineParams

    synth = Options.load().section("synth")
    assert synth.pop("words") == 100
    want = {f.name: f.default for cls in (SummaryParams, TimelineParams) for f in dataclasses.fields(cls)}
    assert synth == want
