"""Scenarios: actors x issues with capability, position and salience; YAML, CSV and KTAB CSV; validation."""

from detente.scenario.io import (
    GAP,
    load,
    load_draft,
    make_actor,
    make_issue,
    parse_csv,
    parse_ktab_csv,
    parse_yaml,
    save_yaml,
    to_ktab_csv,
    to_yaml,
)
from detente.scenario.model import ActorEntry, DraftActor, DraftScenario, Estimate, Evidence, Issue, Scale, Scenario
from detente.scenario.validate import Problem, ScenarioValidationError, validate

__all__ = [
    "GAP", "ActorEntry", "DraftActor", "DraftScenario", "Estimate", "Evidence", "Issue", "Problem", "Scale",
    "Scenario", "ScenarioValidationError", "load", "load_draft", "make_actor", "make_issue", "parse_csv",
    "parse_ktab_csv", "parse_yaml", "save_yaml", "to_ktab_csv", "to_yaml", "validate",
]  # fmt: skip
