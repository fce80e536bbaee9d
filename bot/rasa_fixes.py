"""A fix to Rasa 3.6 itself, applied when the Rasa server imports our channels.

Rasa validates every action-server response with `jsonschema.validate(result, schema)`, which
re-checks the schema against its metaschema on every call: measured with py-spy, two thirds of
the Rasa server's time went there (turns that close the intake make several action calls).
The replacement validates against the same schema with a validator built once; responses
that do not match still raise the same ValidationError with Rasa's message.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


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


RemoteAction._validate_action_result = _validate_action_result
