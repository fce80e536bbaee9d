"""The action server's code: custom actions (Rasa SDK) and the pure logic they call.

Pure modules, no Rasa: dialogue.py (what to say to each message), profile.py,
profile_update.py, eligibility.py, orientation.py, schemes.py, replies.py, knowledge.py.
Rasa actions: turn.py (the one action that answers every message), profile_actions.py
(the profile kept consistent after every message), session_start.py.
"""
