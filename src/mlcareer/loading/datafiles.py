"""Where the knowledge files are: built in, or replaced one by one from a folder of the user's."""

from __future__ import annotations

from pathlib import Path

from mlcareer.domain.message import Action, Arg, msg
from mlcareer.domain.suggest import did_you_mean
from mlcareer.errors import MlcareerError, Problem, UsageError

KNOWLEDGE_FILES = (
    "meta.yaml",
    "market.yaml",
    "skills.yaml",
    "specializations.yaml",
    "levels.yaml",
    "roles.yaml",
    "roadmap.yaml",
    "sites.yaml",
    "cases.yaml",
    "interview.yaml",
)
# Read only by `assess` (and `kb validate`), so lookups do not pay for them.
ASSESSMENT_FILES = ("questions.yaml", "rules.yaml")
ALL_FILES = KNOWLEDGE_FILES + ASSESSMENT_FILES
# What the knowledge base is built from (and the cache keyed on): the quiz says which background
# and interest ids roles.yaml and cases.yaml may name.
KNOWLEDGE_INPUTS = (*KNOWLEDGE_FILES, "questions.yaml")
# The most a knowledge file may hold, in bytes (the largest built-in one holds under 200 KB): fixed,
# so a file gone wrong never fills the memory; MLCAREER_MAX_INPUT_MB is for answers, not for these.
KNOWLEDGE_LIMIT = 16 << 20


def builtin_data_dir() -> Path:
    """The data shipped in the wheel, or the repository's data/ in a source or editable install."""
    here = Path(__file__).resolve().parent.parent  # the mlcareer package
    for candidate in (here / "data", here.parent.parent / "data"):
        if (candidate / "skills.yaml").is_file():
            return candidate
    raise MlcareerError(msg("The built-in knowledge files are missing; reinstall mlcareer."))


def knowledge_sources(data_dir: Path | None = None) -> dict[str, Path]:
    """Built-in files, each replaced by the file of the same name in `data_dir` if there is one.
    (The CLI resolves --data-dir and MLCAREER_DATA_DIR into `data_dir`; nothing here reads the environment.)"""
    files = {name: builtin_data_dir() / name for name in ALL_FILES}
    if data_dir is None:
        return files
    if not data_dir.is_dir():
        named: dict[str, Arg] = {"data_dir": str(data_dir), "setting": Action("choose_data_dir")}
        raise UsageError(
            msg("Knowledge folder {data_dir} is not a folder; check {setting}.", **named)
            if data_dir.exists()
            else msg("Knowledge folder {data_dir} does not exist; check {setting}.", **named)
        )
    unknown = []
    for path in sorted(data_dir.glob("*.y*ml")):
        if path.name in files:
            files[path.name] = path
        else:
            unknown.append(path.name)
    if unknown:
        raise MlcareerError(
            msg("The knowledge folder holds files mlcareer does not know:"),
            problems=[
                Problem(
                    str(data_dir / name),
                    msg(
                        "expected one of {choices}{hint}",
                        choices=", ".join(ALL_FILES),
                        hint=did_you_mean(name, ALL_FILES),
                    ),
                )
                for name in unknown
            ],
        )
    return files


def knowledge_version(data_dir: Path | None = None) -> str:
    """A short fingerprint of the knowledge files in use, kept with each saved assessment: the same
    fingerprint means advising again from the saved answers gives exactly what was shown."""
    import hashlib

    digest = hashlib.blake2b(digest_size=8)
    for name, path in sorted(knowledge_sources(data_dir).items()):
        digest.update(name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()
