"""The action server's code: custom actions (Rasa SDK) and the pure logic they call.

Pure modules, no Rasa: profile.py, eligibility.py, orientation.py, replies.py, knowledge.py.
Rasa actions: profile_actions.py (slot validation, the intake form), intake_actions.py
(session start, outcome), questions.py, handoff.py, fallback.py.
"""
