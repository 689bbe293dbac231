"""The learned veto on dictionary triggers (``extract/learned.py``, ``detente.events.v2``) and its training script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from spacy.tokens import Token

from detente.errors import ExtractionError
from detente.extract.learned import MIN_SUPPORT, NONE, LearnedTriggers, read_model, shipped_model
from detente.extract.pipeline import load_pipeline
from detente.extract.run import pipeline_version, workspace_learned
from detente.extract.triggers import Triggers
from detente.kb import load_kb
from detente.kb.lexicon import PLOVER_TYPES, Trigger
from detente.store import Workspace, get_setting

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared" / "benchmarks"
SHIPPED = ROOT / "src" / "detente" / "extract" / "data" / "triggers.npz"


def _hit(text: str, word: str) -> tuple[Token, str]:
    """The token ``word`` of the parsed text and the dictionary's type for it."""
    doc = load_pipeline()(text)
    token = next(t for t in doc if t.text == word)
    trigger = Triggers(load_kb().lexicon)(token)
    assert trigger is not None, f"{word!r} is no dictionary hit in {text!r}"
    return token, trigger.type


def _learned(token: Token) -> Trigger | None:
    """The learned lookup's trigger for the token (None: vetoed or no hit)."""
    return LearnedTriggers(load_kb().lexicon, shipped_model())(token)


def test_the_shipped_model_loads_as_plain_arrays() -> None:
    model = shipped_model()
    assert NONE in model.classes and set(model.classes) - {NONE} <= set(PLOVER_TYPES)
    assert model.coef.shape == (len(model.index), len(model.classes)) and len(model.index) > 1000
    assert 0.5 <= model.veto <= 1.01 and len(model.support) == len(model.classes)
    assert SHIPPED.stat().st_size < 5_000_000
    with np.load(SHIPPED, allow_pickle=False) as data:  # no pickled objects inside
        assert {"classes", "features", "coef", "intercept", "veto", "support"} <= set(data.files)


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "triggers.npz"
    np.savez(path, classes=np.array(["NONE", "ASSAULT"]))
    with pytest.raises(ExtractionError, match="trigger model"):
        read_model(path)


@pytest.mark.parametrize(
    ("text", "word", "type_"),
    [
        ("The rebels attacked an army checkpoint near the border.", "attacked", "ASSAULT"),
        ("Police arrested three protesters outside parliament.", "arrested", "COERCE"),
        ("The president accused the opposition of plotting a coup.", "accused", "ACCUSE"),
        ("The two foreign ministers held talks in Geneva.", "talks", "CONSULT"),
    ],
)
def test_plain_events_are_kept_and_judged_events_of_their_type(text: str, word: str, type_: str) -> None:
    token, lexicon_type = _hit(text, word)
    judged = shipped_model().judge(token, lexicon_type)
    assert max((k for k in judged if k != NONE), key=judged.__getitem__) == type_  # the likeliest event type
    assert _learned(token) == Triggers(load_kb().lexicon)(token)  # kept


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Russia proposed joint airstrikes with the United States against the rebels.", "airstrikes"),  # proposed
        ("The film is about an attack on a village.", "attack"),  # a film's subject
    ],
)
def test_a_mention_that_is_no_event_in_context_is_vetoed(text: str, word: str) -> None:
    token, lexicon_type = _hit(text, word)
    assert shipped_model().judge(token, lexicon_type)[NONE] >= shipped_model().veto
    assert _learned(token) is None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The new law allows banks to charge higher fees.", "allows"),
        ("The council will judge the deal by what happens next.", "deal"),
    ],
)
def test_types_the_model_barely_saw_are_never_vetoed(text: str, word: str) -> None:
    model = shipped_model()
    token, lexicon_type = _hit(text, word)
    assert lexicon_type not in model.classes or model.support[model.classes.index(lexicon_type)] < MIN_SUPPORT
    assert model.judge(token, lexicon_type)[NONE] >= model.veto  # the model would veto it, but does not know it
    assert _learned(token) is not None


def test_the_option_codes_fewer_non_events_and_keeps_real_ones() -> None:
    plain, learned = load_pipeline(), load_pipeline(learned=True)
    assert "detente.events.v2" in learned.pipe_names and "detente.events.v1" in plain.pipe_names
    proposed = "Russia proposed joint airstrikes with the United States against the rebels."
    assert "ASSAULT" in [e.type for e in plain(proposed)._.events]  # the dictionary codes the noun
    assert [e.type for e in learned(proposed)._.events] == ["REQUEST"]  # only proposed: no assault took place
    fought = "Turkish troops attacked Kurdish fighters near Afrin on Sunday."
    assert [e.type for e in learned(fought)._.events] == [e.type for e in plain(fought)._.events] == ["ASSAULT"]


def test_the_option_is_kept_with_the_workspace_and_is_another_extraction(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        assert workspace_learned(ws) is False and get_setting(ws, "learned_triggers") is None
        assert workspace_learned(ws, True) is True
        assert workspace_learned(ws) is True  # kept for later runs
    assert pipeline_version((), learned=True) != pipeline_version(())
    assert "detente.events.v2" in pipeline_version((), learned=True)


def test_retrained_weights_mean_re_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """The version recorded with a learned extraction names the weights, so a retrain re-extracts."""
    import detente.extract.learned as learned

    before = pipeline_version((), learned=True)
    assert f"+weights:{learned.shipped_digest()}" in before
    assert "+weights:" not in pipeline_version(())
    monkeypatch.setattr(learned, "shipped_digest", lambda: "000000000000")
    assert pipeline_version((), learned=True) != before


def _train(out: Path, seed: int, shared: Path = ROOT / ".." / "shared") -> dict[str, object]:
    command = [sys.executable, str(ROOT / "train" / "triggers.py"), "--limit", "60", "--seed", str(seed),
               "--out", str(out), "--shared", str(shared)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _without_conflibert_train(tmp: Path) -> Path:
    """A ``shared`` folder like ours whose ConfliBERT file (GPL-3.0) holds its test split only."""
    events = tmp / "shared" / "benchmarks" / "events"
    events.mkdir(parents=True)
    (tmp / "shared" / "benchmarks" / "events-train").symlink_to((SHARED / "events-train").resolve())
    (events / "petrarch_gold.jsonl").symlink_to((SHARED / "events" / "petrarch_gold.jsonl").resolve())
    lines = (SHARED / "events" / "conflibert_cameo_gold.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.strip() and json.loads(line)["split"] == "test"]
    assert 0 < len(kept) < len(lines)
    (events / "conflibert_cameo_gold.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return tmp / "shared"


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "events" / "conflibert_cameo_gold.jsonl").is_file()
                    or not (SHARED / "events-train").is_dir(), reason="needs ../shared/benchmarks")  # fmt: skip
def test_the_training_script_is_deterministic_and_never_fits_on_conflibert(tmp_path: Path) -> None:
    first = _train(tmp_path / "a.npz", 3)
    again = _train(tmp_path / "b.npz", 3, _without_conflibert_train(tmp_path))  # GPL data: measured, never fitted
    assert first["limit"] == 60 and first["train_events"] > 0  # type: ignore[operator]
    for split in ("geneva_test", "wikievents_test", "petrarch_validation", "conflibert_test"):
        assert {"dictionary", "with_veto"} <= set(first[split])  # type: ignore[arg-type]
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()  # same seed, same bytes
    assert {k: v for k, v in first.items() if k != "seconds"} == {k: v for k, v in again.items() if k != "seconds"}
