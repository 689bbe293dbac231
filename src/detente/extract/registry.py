"""detente's pipeline components, registered under versioned names ("detente.actors.v1").

spaCy does not allow dots in factory names, so :func:`component` registers the factory as ``detente_actors_v1``
and records the versioned name, which is also the component's name in the pipeline. A new version of a
component is a new name; an unknown name raises an error that lists the known ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language

from detente.errors import UnknownModelError

COMPONENT_FACTORIES: dict[str, str] = {}  # versioned name -> spaCy factory name


def factory_name(name: str) -> str:
    """The spaCy factory name of a versioned component name."""
    return name.replace(".", "_")


def component(name: str, *, default_config: dict[str, Any] | None = None) -> Callable[[Any], Any]:
    """Register a component factory under the versioned ``name`` (a decorator, like ``Language.factory``)."""

    def register(func: Any) -> Any:
        COMPONENT_FACTORIES[name] = factory_name(name)
        return Language.factory(factory_name(name), default_config=default_config or {})(func)

    return register


def spacy_factory(name: str) -> str:
    """The spaCy factory registered for a versioned component name."""
    try:
        return COMPONENT_FACTORIES[name]
    except KeyError:
        known = ", ".join(sorted(COMPONENT_FACTORIES))
        raise UnknownModelError(f"no pipeline component registered as {name!r}", fix=f"use one of: {known}") from None
