"""``detente deals``: exchanges across issues that both actors prefer."""

from __future__ import annotations
