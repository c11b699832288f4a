"""The deployment files say what README's "Deploy" promises. No Docker engine runs here, so
the image is checked as text: multi-stage, installed from the lock file, non-root, under an
init, healthy by /healthz; the lock file pins every dependency pyproject.toml asks for; the
compose file runs PostgreSQL, a one-shot migration and two replicas with health checks; and
the example table ships inside the package, for `okrbot demo` in the image."""

from __future__ import annotations

import re
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).parents[1]


def pinned() -> dict[str, str]:
    """The lock file's pins, by normalised name (the first version where markers differ)."""
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", line)
        if found:
            pins.setdefault(_name(found[1]), found[2])
    return pins


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [
        Requirement(r)
        for r in [*project["dependencies"], *extras["postgres"], *extras["charts"], *extras["xlsx"]]
    ]


def test_the_lock_file_pins_every_dependency_within_what_pyproject_asks() -> None:
    pins = pinned()
    unmet = [
        str(r)
        for r in wanted()
        if _name(r.name) not in pins or pins[_name(r.name)] not in r.specifier
    ]
    assert unmet == []


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_the_image_is_built_in_two_stages_from_the_lock_file_into_bytecode() -> None:
    text = dockerfile()
    assert (
        text.count("\nFROM ") + text.startswith("FROM "),
        "--require-hashes" in text and "requirements.lock" in text,
        "compileall" in text,
    ) == (2, True, True)


def test_the_image_runs_as_a_non_root_user_under_tini_with_a_healthcheck_on_healthz() -> None:
    text = dockerfile()
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert (
        user[-1] not in ("root", "0"),
        re.search(r'^ENTRYPOINT \["tini", "--"', text, re.M) is not None,
        re.search(r"^HEALTHCHECK .*\n?.*/healthz", text, re.M) is not None,
    ) == (True, True, True)


def test_the_build_context_leaves_out_the_repository_the_tests_and_local_databases() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests", "*.db", ".env"} <= set(ignored)


def compose() -> dict[str, dict[str, object]]:
    services: dict[str, dict[str, object]] = yaml.safe_load(
        (ROOT / "compose.yaml").read_text(encoding="utf-8")
    )["services"]
    return services


def test_compose_runs_postgres_a_one_shot_migration_and_two_replicas_with_health_checks() -> None:
    services = compose()
    bot = services["bot"]
    assert (
        "healthcheck" in services["postgres"],
        services["migrate"]["command"],
        bot["deploy"],
        "healthcheck" in bot,
        bot["depends_on"],
    ) == (
        True,
        ["db", "upgrade"],
        {"replicas": 2},
        True,
        {"migrate": {"condition": "service_completed_successfully"}},
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("okrbot-*.whl")
    return built


def test_the_example_table_is_packaged_so_the_demo_runs_where_okrbot_is_installed(
    wheel: Path,
) -> None:
    assert "okrbot/examples/okrs.yaml" in zipfile.ZipFile(wheel).namelist()
