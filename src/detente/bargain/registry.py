"""Models registered under versioned names ("detente.eum.v1") with short aliases ("eum").

An unknown name raises :class:`~detente.errors.UnknownModelError` listing the known ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from detente.errors import UnknownModelError


@dataclass(frozen=True)
class ModelSpec:
    name: str
    solve: Callable[..., Any]
    aliases: tuple[str, ...] = ()
    summary: str = ""
    reference: str = ""
    defaults: dict[str, Any] = field(default_factory=dict)
    dynamic: bool = False  # True for models with rounds of bargaining (trajectories), False for one-shot rules
    joint: bool = False  # True for models that bargain over all issues at once (arrays (B, N, D))
    options: tuple[str, ...] = ()  # parameters taken beyond ``defaults`` (whose default depends on a profile)

    def check_params(self, params: dict[str, Any]) -> None:
        """Refuse parameters the model does not take, listing the ones it does."""
        unknown = sorted(set(params) - set(self.defaults) - set(self.options))
        if unknown:
            known = ", ".join(sorted({*self.defaults, *self.options})) or "none"
            raise UnknownModelError(
                f"model {self.name} has no parameter {', '.join(map(repr, unknown))}", fix=f"its parameters: {known}"
            )


_REGISTRY: dict[str, ModelSpec] = {}
_ALIASES: dict[str, str] = {}


def register(
    name: str,
    *,
    aliases: tuple[str, ...] = (),
    summary: str = "",
    reference: str = "",
    defaults: dict[str, Any] | None = None,
    dynamic: bool = False,
    joint: bool = False,
    options: tuple[str, ...] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a solver ``f(capability, position, salience, low, high, **params) -> Solution``.

    ``defaults`` lists every parameter the solver takes (others are refused by :meth:`ModelSpec.check_params`).
    One-issue solvers take arrays (B, N) and scale ends (B,); ``joint`` solvers (B, N) capabilities, (B, N, D)
    positions and saliences and scale ends (D,), and return outcomes (B, D) and trajectories (B, T+1, N, D).
    """

    def decorate(solve: Callable[..., Any]) -> Callable[..., Any]:
        spec = ModelSpec(name, solve, aliases, summary, reference, dict(defaults or {}), dynamic, joint, options)
        _REGISTRY[name] = spec
        for alias in aliases:
            _ALIASES[alias] = name
        return solve

    return decorate


def get_model(name: str) -> ModelSpec:
    key = _ALIASES.get(name, name)
    if key not in _REGISTRY:
        known = ", ".join(f"{n} ({', '.join(s.aliases)})" if s.aliases else n for n, s in sorted(_REGISTRY.items()))
        raise UnknownModelError(f"no model named {name!r}", fix=f"use one of: {known}")
    return _REGISTRY[key]


def models() -> list[ModelSpec]:
    return [spec for _, spec in sorted(_REGISTRY.items())]
