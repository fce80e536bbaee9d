"""The action server's code: custom actions (Rasa SDK) and the dialogue logic they call.

Pure modules, no Rasa: dialogue.py (what to say to each message), profile_update.py (how a
message updates the profile), replies.py (the wording, from messages.yml). Rasa actions:
turn.py (the one action that answers every message), profile_actions.py (the profile kept
consistent after every message), session_start.py. The domain itself is in cep/.
"""
