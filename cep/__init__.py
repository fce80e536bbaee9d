"""The assistant's domain core, imported by every process and importing none of them.

What the CEP is about, in pure Python with no Rasa: the profile and its vocabulary
(`profile.py`, `vocabulary.py`: the slots' values, read from domain.yml), who is eligible (`eligibility.py`), which
operator and route (`orientation.py`), which schemes fit (`schemes.py`), the dated facts of
`knowledge/` (`knowledge.py`), the deployment's settings (`settings.py`), and how French free
text is read into a profile (`understanding/`).

    bot/ (Rasa server: channels, NLU component, tracker store)  ─┐
    actions/ (action server: the dialogue and its replies)       ─┼─> cep/
    review/ (counsellors' app), scripts/                         ─┘
"""
