"""Answers the visitor's questions (free? confidential? remote?…) from knowledge/answers.yml,
with their source. The intake goes on afterwards (data/rules/questions.yml)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import knowledge, replies, settings


def answer_text(intent: str) -> str | None:
    answer = knowledge.answers().get(intent)
    if answer is None:
        return None
    text = answer.text.format(retention_days=settings.retention_days())
    return f"{text}\nSource : {', '.join(s.short for s in answer.sources)}"


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        intent = tracker.latest_message.get("intent", {}).get("name", "")
        text = answer_text(intent)
        if text:
            dispatcher.utter_message(text=text)
        else:
            dispatcher.utter_message(text=replies.say("no_answer"))
        return []
