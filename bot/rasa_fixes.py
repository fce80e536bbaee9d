"""A fix to Rasa 3.6 itself, installed by `install()` when our Rasa server starts (bot/rasa_server.py).

Rasa validates every action-server response with `jsonschema.validate(result, schema)`, which
re-checks the schema against its metaschema on every call: measured with py-spy, two thirds of
the Rasa server's time went there (turns that close the intake make several action calls).
The replacement validates against the same schema with a validator built once; responses
that do not match still raise the same ValidationError with Rasa's message.

The fix replaces a private method of Rasa 3.6: `install()` refuses any other Rasa version, whose
method may differ, rather than patch it blindly.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import rasa
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

FOR_RASA = "3.6."
RASAS_OWN = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def _response_validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, at start
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            f"the Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


def install(version: str = rasa.__version__) -> None:
    """Replace Rasa's validation of action-server responses; only on the Rasa it was written for."""
    if not version.startswith(FOR_RASA):
        raise RuntimeError(f"bot/rasa_fixes.py patches Rasa {FOR_RASA}x, not {version}: check the patch "
                           "against this version's RemoteAction._validate_action_result, then update FOR_RASA")
    RemoteAction._validate_action_result = _validate_action_result


def installed() -> bool:
    return RemoteAction._validate_action_result is _validate_action_result
