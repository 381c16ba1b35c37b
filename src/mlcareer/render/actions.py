"""How the core's `Action`s are typed: the commands, options and environment variables of mlcareer.

The core says what the person can do ("see the list of skills", "replace the file"); this table
says which command, flag or variable does it, so the core never names one and a renamed flag
changes here only. Commands and flags read the same in both languages; a spelling with words in
it ("--data-dir or MLCAREER_DATA_DIR") is a message, put in the reader's language like any other.
"""

from __future__ import annotations

from mlcareer.domain.message import Action, Msg, msg

# The command that lists each kind of entry an id can name (`domain.lookup`): "See the list: …".
_LISTS = {
    "skill": "mlcareer skills",
    "specialization": "mlcareer specializations",
    "level": "mlcareer levels",
    "role": "mlcareer roles",
    "site": "mlcareer sites",
    "case": "mlcareer cases",
    "skill group": "mlcareer skills --json",
    "module": "mlcareer roadmap",
    "topic": "mlcareer interview --list",
    "question": "mlcareer interview --list",
}

SPELLINGS: dict[str, str | Msg] = {
    "list": "mlcareer --help",  # a kind without a list of its own (the subject picks one from _LISTS)
    "practise": "mlcareer interview -s {subject}",  # practise the interviews of the field `subject`
    "tick_off": "mlcareer done ID",  # mark a module of the plan done
    "choose_start": "--start",  # give the plan's start date
    "choose_data_dir": msg("--data-dir or MLCAREER_DATA_DIR"),  # name the knowledge folder
    "replace": "--force",  # let an export replace a file that is there
    "write_to_stdout": "-o -",  # send an export to standard output
    "choose_home": "MLCAREER_HOME",  # name the folder that holds the history
    "choose_input_limit": "MLCAREER_MAX_INPUT_MB",  # raise the cap on an answers file's size
}


def spelling(action: Action) -> str | Msg:
    """What the person types for `action`: a command or flag, or a message naming them."""
    if action.what == "list" and action.subject in _LISTS:
        return _LISTS[action.subject]
    spelled = SPELLINGS[action.what]
    return spelled.format(subject=action.subject) if isinstance(spelled, str) else spelled
