"""The run's settings: built once from the options and the environment, then passed down."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from cli_runner import Cli

from mlcareer.cli.settings import Settings, from_environment
from mlcareer.errors import UsageError


def test_the_environment_is_read_into_one_value() -> None:
    environ = {
        "MLCAREER_LANG": "ja",
        "MLCAREER_DATA_DIR": " my-data ",
        "MLCAREER_PAGER": "less -R",
        "PAGER": "more",
        "MLCAREER_HOME": "/somewhere",
    }
    assert from_environment(environ) == Settings(
        lang="ja", data_dir=Path("my-data"), pager="less -R", home="/somewhere"
    )
    assert from_environment({"PAGER": "more", "LANG": "en_US.UTF-8"}).pager == "more"
    assert from_environment({}) == Settings(lang="en")


def test_the_options_come_before_the_environment() -> None:
    environ = {"MLCAREER_LANG": "ja", "MLCAREER_DATA_DIR": "theirs"}
    settings = from_environment(environ, lang="EN", data_dir=Path("mine"), no_pager=True)
    assert (settings.lang, settings.data_dir, settings.no_pager) == ("en", Path("mine"), True)
    with pytest.raises(UsageError, match="--lang must be ja or en"):
        from_environment({}, lang="fr")


def test_settings_cannot_be_changed_once_made() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        from_environment({}).lang = "ja"  # type: ignore[misc]


def test_a_commands_own_language_wins_over_the_root_one(cli: Cli) -> None:
    result = cli("--lang", "en", "levels", "--lang", "ja")
    assert result.exit_code == 0 and "レベル" in result.stdout
    assert "Level" not in result.stdout


def test_a_groups_options_reach_its_subcommand(cli: Cli, tmp_path: Path) -> None:
    answers = '{"background": "web_engineer", "years_experience": 4, "ml_years": 1, "interests": ["llm_apps"]}'
    assert cli("assess", "-a", "-", "--json", stdin=answers).exit_code == 0
    shown = cli("history", "--lang", "ja", "show", "1")
    assert shown.exit_code == 0 and "診断結果" in shown.stdout
    missing = tmp_path / "nowhere"
    refused = cli("history", "--data-dir", str(missing), "show", "--json")
    assert refused.exit_code == 2 and str(missing) in refused.stderr
    assert json.loads(cli("history", "show", "--json").stdout)["level"]
