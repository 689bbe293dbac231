"""From news to forecast: draft a bargaining scenario from the conflict system, with the evidence of every value.

``draft(system)`` returns a :class:`detente.scenario.DraftScenario`: issues from templates (``kb/issues.yaml``
plus the user's), positions and salience from statements and events (each with its sentences), capability from a
cited table. Cells without evidence stay empty for the analyst; ``detente.scenario.io`` writes and reads drafts.
"""

from detente.draft.build import draft
from detente.draft.positions import Stance, collect, estimate
from detente.draft.templates import IssueTemplate, Library, load_library

__all__ = ["IssueTemplate", "Library", "Stance", "collect", "draft", "estimate", "load_library"]
