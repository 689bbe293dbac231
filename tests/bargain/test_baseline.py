from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from detente.bargain.baseline import nash_bargaining, weighted_mean, weighted_median


def arr(*values: float) -> np.ndarray:
    return np.array([values], dtype=float)


def test_weighted_mean_by_hand() -> None:
    # weights c*s = 2*0.5=1, 1*1=1, 4*0.5=2: (0*1 + 60*1 + 30*2) / 4 = 30
    assert_allclose(weighted_mean(arr(2, 1, 4), arr(0, 60, 30), arr(0.5, 1, 0.5)), [30.0])


def test_weighted_median_by_hand() -> None:
    # weights 1, 1, 3 at 0, 10, 100: 3 of 5 lie at 100
    assert_allclose(weighted_median(arr(1, 1, 3), arr(0, 10, 100), arr(1, 1, 1)), [100.0])
    # exact split 2 | 2: midpoint of the two middle positions
    assert_allclose(weighted_median(arr(1, 1, 1, 1), arr(0, 10, 20, 100), arr(1, 1, 1, 1)), [15.0])


def test_nash_by_hand() -> None:
    # two equal actors at 20 and 80 on 0..100: symmetric, so the solution is 50
    assert_allclose(nash_bargaining(arr(1, 1), arr(20, 80), arr(1, 1), np.array([0.0]), np.array([100.0])), [50.0])
    # with weights 3:1 (actors at the ends): maximise 3 log(100 - x) + log(x) -> x = 25
    out = nash_bargaining(arr(3, 1), arr(0, 100), arr(1, 1), np.array([0.0]), np.array([100.0]))
    assert_allclose(out, [25.0], atol=1e-6)
    # status quo as disagreement point: an actor sitting on it blocks any change
    sq = nash_bargaining(arr(1, 1), arr(20, 80), arr(1, 1), np.array([0.0]), np.array([100.0]), disagreement=80.0)
    assert_allclose(sq, [80.0])


def test_scalar_array_and_batch_agree() -> None:
    rng = np.random.default_rng(3)
    c, x, s = rng.random((5, 7)) + 0.1, rng.random((5, 7)) * 100, rng.random((5, 7))
    low, high = np.zeros(5), np.full(5, 100.0)
    for fn in (weighted_mean, weighted_median):
        batch = fn(c, x, s)
        single = np.array([fn(c[i : i + 1], x[i : i + 1], s[i : i + 1])[0] for i in range(5)])
        assert_allclose(batch, single)
    batch = nash_bargaining(c, x, s, low, high)
    single = np.array(
        [nash_bargaining(c[i : i + 1], x[i : i + 1], s[i : i + 1], low[:1], high[:1])[0] for i in range(5)]
    )
    assert_allclose(batch, single, atol=1e-9)


actors = st.integers(min_value=2, max_value=12)


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(actors)
    floats = st.floats
    c = np.array(draw(st.lists(floats(0.01, 100), min_size=n, max_size=n)))
    x = np.array(draw(st.lists(floats(0, 100), min_size=n, max_size=n)))
    s = np.array(draw(st.lists(floats(0.01, 1), min_size=n, max_size=n)))
    return c[None], x[None], s[None]


@settings(max_examples=150, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_properties(problem: tuple[np.ndarray, np.ndarray, np.ndarray], rnd: object) -> None:
    c, x, s = problem
    low, high = np.array([0.0]), np.array([100.0])
    order = np.arange(c.shape[1])
    rnd.shuffle(order)  # type: ignore[attr-defined]
    for fn in (
        weighted_mean,
        weighted_median,
        lambda c, x, s: nash_bargaining(c, x, s, low, high),
    ):
        out = fn(c, x, s)[0]
        assert x.min() - 1e-9 <= out <= x.max() + 1e-9  # within the range of positions
        shuffled = fn(c[:, order], x[:, order], s[:, order])[0]
        assert abs(out - shuffled) < 1e-6  # actor order does not matter


@settings(max_examples=100, deadline=None)
@given(problems(), st.integers(min_value=0, max_value=11))
def test_splitting_an_actor_in_two_halves_keeps_the_mean(problem: tuple[np.ndarray, ...], pick: int) -> None:
    c, x, s = problem
    i = pick % c.shape[1]
    c2 = np.concatenate([c, c[:, i : i + 1] / 2], axis=1)
    c2[0, i] /= 2
    x2 = np.concatenate([x, x[:, i : i + 1]], axis=1)
    s2 = np.concatenate([s, s[:, i : i + 1]], axis=1)
    assert_allclose(weighted_mean(c2, x2, s2), weighted_mean(c, x, s), rtol=1e-12, atol=1e-9)
    assert_allclose(weighted_median(c2, x2, s2), weighted_median(c, x, s), atol=1e-9)
