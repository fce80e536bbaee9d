"""Rasa-server-side code: the NLU component that plugs cep.understanding into Rasa (nlu/), the
input channels (channels/), the tracker store, redaction and retention (storage/), and the
server's launcher and fix (rasa_server.py, rasa_fixes.py)."""
