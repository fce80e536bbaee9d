"""Rasa-side code of the assistant: how it reads French (understanding/), the NLU component
that plugs that into Rasa (nlu/), and the input channels (channels/)."""
