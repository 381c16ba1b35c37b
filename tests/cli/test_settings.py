"""The run's settings: built once from the options and the environment, then passed down."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Cli

from mlcareer.cli.settings import Settings, from_environment, input_limit, knowledge_cache_dir
from mlcareer.errors import UsageError
from mlcareer.loading.inputs import DEFAULT_INPUT_LIMIT
from mlcareer.render.problems import error_text


def test_the_environment_is_read_into_one_value() -> None:
    environ = {
        "MLCAREER_LANG": "ja",
        "MLCAREER_DATA_DIR": " my-data ",
        "MLCAREER_PAGER": "less -R",
        "PAGER": "more",
        "MLCAREER_HOME": "/somewhere",
    }
    assert from_environment({**environ, "MLCAREER_MAX_INPUT_MB": "64"}) == Settings(
        lang="ja",
        data_dir=Path("my-data"),
        pager="less -R",
        home="/somewhere",
        cache_dir=Path("/somewhere/cache"),
        max_input_mb="64",
    )
    assert from_environment({"PAGER": "more", "LANG": "en_US.UTF-8"}).pager == "more"
    assert dataclasses.replace(from_environment({}), cache_dir=None) == Settings(lang="en")


def test_the_input_limit_is_megabytes_and_a_wrong_value_is_a_usage_error() -> None:
    assert Settings(lang="en").input_limit() == DEFAULT_INPUT_LIMIT == 16 << 20
    assert Settings(lang="en", max_input_mb=" 1.5 ").input_limit() == 3 << 19
    for wrong in ("0", "-3", "lots", "64MB", "inf", "nan"):
        with pytest.raises(UsageError) as caught:
            input_limit(wrong)
        assert error_text(caught.value, "en") == (
            f"MLCAREER_MAX_INPUT_MB must be a positive number of megabytes (e.g. MLCAREER_MAX_INPUT_MB=64), "
            f"not {wrong!r}."
        )
        assert "MB 単位の正の数です" in error_text(caught.value, "ja")
    assert from_environment({"MLCAREER_MAX_INPUT_MB": "lots"}).max_input_mb == "lots"  # checked when answers are read


def test_the_cache_folder_follows_mlcareer_home_then_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    assert knowledge_cache_dir({"MLCAREER_HOME": " /h "}, "darwin") == Path("/h/cache")
    assert knowledge_cache_dir({"XDG_CACHE_HOME": "/xdg"}, "linux") == Path("/xdg/mlcareer")
    assert knowledge_cache_dir({"XDG_CACHE_HOME": " "}, "linux") == Path.home() / ".cache" / "mlcareer"
    assert knowledge_cache_dir({"MLCAREER_HOME": "~no-such-user-here/x"}, "linux") is None  # no cache, no crash
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name: f"/Library/Caches/{name}")
    assert knowledge_cache_dir({"XDG_CACHE_HOME": "/xdg"}, "darwin") == Path("/Library/Caches/mlcareer")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="elsewhere the cache folder is platformdirs'")
def test_a_lookup_does_not_import_platformdirs_on_linux() -> None:
    code = "import sys, mlcareer.cli; mlcareer.cli.main(['roles']); print('platformdirs' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "False"


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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
def test_the_cache_goes_where_the_environment_says(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLCAREER_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cli("levels").exit_code == 0
    assert (tmp_path / "xdg" / "mlcareer" / "knowledge.json").is_file()
    monkeypatch.setenv("MLCAREER_HOME", str(tmp_path / "home"))
    assert cli("levels").exit_code == 0
    assert (tmp_path / "home" / "cache" / "knowledge.json").is_file()
