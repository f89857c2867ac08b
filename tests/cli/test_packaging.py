"""What `pip install` gets: the core dependencies and the extras declared in pyproject.toml."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(req: str) -> str:
    return re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0].lower().replace("_", "-")


def _expand(extra: str) -> set[str]:
    """The requirements an extra brings, its ``recoupe[...]`` self-references followed."""
    reqs: set[str] = set()
    for req in PROJECT["optional-dependencies"][extra]:
        m = re.fullmatch(r"recoupe\[([\w,\s-]+)\]", req.strip())
        if m:
            for sub in m.group(1).split(","):
                reqs |= _expand(sub.strip())
        else:
            reqs.add(req)
    return reqs


def test_packaging_all_extra_is_every_optional_feature() -> None:
    extras = PROJECT["optional-dependencies"]
    features = _expand("web") | _expand("postgres") | _expand("dask")
    assert _expand("all") == features
    assert {"fastapi", "uvicorn", "psycopg", "dask"} <= {_name(r) for r in _expand("all")}
    assert _expand("all") <= _expand("dev")  # the dev install tests every feature
    assert set(extras) >= {"web", "postgres", "dask", "all", "dev"}


def test_packaging_core_install_reads_html() -> None:
    """trafilatura's jusText imports lxml.html.clean, a separate project since lxml 5.2."""
    core = {_name(r) for r in PROJECT["dependencies"]}
    assert {"trafilatura", "lxml-html-clean"} <= core
    import trafilatura  # noqa: F401  (fails with ImportError when lxml_html_clean is missing)
