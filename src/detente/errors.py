"""The one exception hierarchy of detente.

Every message says what went wrong, where (file, line, actor, field) and how to fix it.
Third-party errors are translated at the boundary with ``raise ... from err``.
"""

from __future__ import annotations


class DetenteError(Exception):
    """Base class of every error detente raises on purpose."""

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None) -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        parts = [f"{self.where}: {self.what}" if self.where else self.what]
        if self.fix:
            parts.append(f"Fix: {self.fix}")
        return ". ".join(p.rstrip(".") for p in parts) + "."


class IngestError(DetenteError):
    """An input could not be read as an article."""


class FetchError(IngestError):
    """A page or feed could not be fetched: refused scheme, robots.txt, size or time limit, HTTP error."""


class ExtractionError(DetenteError):
    """The NLP pipeline could not process an article."""


class ScenarioError(DetenteError):
    """A bargaining scenario is missing data or holds invalid values."""


class UnknownModelError(DetenteError):
    """A model, component or profile was asked for by a name nobody registered."""


class ConvergenceError(DetenteError):
    """A bargaining model could not reach a result within its limits."""


class StoreError(DetenteError):
    """The workspace database is missing, locked, corrupt or of an unknown schema version."""


class KnowledgeBaseError(DetenteError):
    """A knowledge-base file (built in or a user's extension) is unreadable or holds invalid entries."""


class ExportError(DetenteError):
    """Results could not be exported (unwritable destination, unknown format)."""


class NotExtractedError(DetenteError):
    """A step needs extraction results and the workspace has none yet."""


class CorrectionError(DetenteError):
    """An analyst's correction names an event, actor or document the workspace does not hold, or a bad value."""


class AlertRuleError(DetenteError):
    """A watch rules file is unreadable or a rule in it is invalid."""
