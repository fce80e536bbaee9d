"""Reading the visitor's situation from French free text. Pure Python, no Rasa."""
