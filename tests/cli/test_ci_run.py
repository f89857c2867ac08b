"""The CI entry point's exit codes (.ci/run), with a stand-in `make` so no suite runs here."""

import os
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
CI = ROOT / ".ci" / "run"


def _run(tmp_path: Path, make_rc: int, python: str = "/bin/false") -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    make = fake / "make"
    make.write_text(f"#!/bin/sh\nexit {make_rc}\n")
    make.chmod(make.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "PYTHON": python,
           "RECOUPE_CORE_VENV": str(tmp_path / "core-venv"), "RECOUPE_CORE_OUT": str(tmp_path / "core-out")}
    return subprocess.run(["bash", str(CI)], env=env, capture_output=True, text=True, timeout=60)


def test_ci_run_no_tests_collected_is_a_failure(tmp_path: Path) -> None:
    res = _run(tmp_path, 5)
    assert res.returncode == 1 and "no tests were collected" in res.stderr
    assert not (tmp_path / "core-venv").exists()  # stopped before the core-only install


def test_ci_run_keeps_the_test_suite_exit_code(tmp_path: Path) -> None:
    res = _run(tmp_path, 2)
    assert res.returncode == 2
    assert "core-only" not in res.stdout


def test_ci_run_fails_when_the_core_only_venv_cannot_be_made(tmp_path: Path) -> None:
    # the suite passed; the core-only step runs and its failure is CI's failure
    res = _run(tmp_path, 0, python="/bin/false")
    assert "core-only install" in res.stdout
    assert res.returncode != 0
