"""The Doc extensions the newskg components read and write, declared once.

Each component's factory states which of them it `requires` and `assigns`
(kg/builder/pipeline.py), so `nlp.analyze_pipes()` can check the order.
"""

from __future__ import annotations

from spacy.tokens import Doc

FIELDS = ("mentions", "sent_country", "entities", "relations", "events", "claims", "document")

for _name in FIELDS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
