"""A plain, loop-by-loop reading of the SMP specification: the oracle for the vectorised model on small cases.

Written for clarity, not speed: scalars and lists, one actor, pair and voter at a time, exactly as
``shared/reference/ktab-smp.md`` states each rule.
"""

from __future__ import annotations

import math

import numpy as np

from detente.bargain.smp import SMPOptions


def u(d: float, r: float) -> float:
    return (1 - d) * (1 + d * r) if d <= 1 else (1 - d) * (1 + r)


def vote(rule: str, w: float, ua: float, ub: float) -> float:
    d = ua - ub
    clip = max(-1.0, min(1.0, d / 1e-8))
    return {
        "Prop": w * d,
        "Binary": w * clip,
        "PropBin": w * (0.8 * d + 0.2 * clip),
        "PropCbc": w * (0.5 * d + 0.5 * d**3),
        "Cubic": w * d**3,
        "ASymProsp": w * d if d < 0 else ((2 / 3) * w * d if d > 0 else 0.0),
    }[rule]


def dist(ideal: list[float], sal: list[float], y: list[float]) -> float:
    num = sum(s * s * (a - b) ** 2 for s, a, b in zip(sal, ideal, y, strict=True))
    return math.sqrt(num / sum(s * s for s in sal))


def victory(vpm: str, a: float, b: float) -> float:
    if vpm == "Binary":
        if a >= 1.1 * b:
            return 1 / (1 + 1e-6)
        if b >= 1.1 * a:
            return 1e-6 / (1 + 1e-6)
        return (2.1 * a / (a + b) - 1) / 0.1
    nu = {"Linear": 1, "Square": 2, "Quartic": 4, "Octic": 8}[vpm]
    return a**nu / (a**nu + b**nu)


def election(util: list[list[float]], weights: list[float], o: SMPOptions) -> list[float]:
    """util[voter][option] -> option probabilities."""
    m = len(util[0])
    c = [[1e-8] * m for _ in range(m)]
    for a in range(m):
        for b in range(a):  # later option a over earlier option b, once per voter
            for voter, w in enumerate(weights):
                v = vote(o.vr, w, util[voter][a], util[voter][b])
                c[a][b] += max(v, 0.0)
                c[b][a] += max(-v, 0.0)
    vv = [[0.5 if a == b else victory(o.vpm, c[a][b], c[b][a]) for b in range(m)] for a in range(m)]
    if o.pcem == "Conditional":
        p = [math.prod(row) for row in vv]
        return [x / sum(p) for x in p]
    p = [1 / m] * m
    if o.pcem == "MarkovUniform":
        while True:
            q = [sum(vv[a][b] * (p[a] + p[b]) for b in range(m)) / m for a in range(m)]
            if max(abs(q[a] - p[a]) for a in range(m)) <= 1e-6:
                return q
            p = [(x + y) / 2 for x, y in zip(p, q, strict=True)]
    n = [[c[a][b] * vv[a][b] + (1e-10 if a == b else 0) for b in range(m)] for a in range(m)]
    ch = [[n[a][b] / sum(n[x][b] for x in range(m)) for b in range(m)] for a in range(m)]
    while True:
        t = [[p[a] * ch[b][a] for b in range(m)] for a in range(m)]
        q = [sum(vv[a][b] * (t[a][b] + t[b][a]) for b in range(m)) for a in range(m)]
        if max(abs(q[a] - p[a]) for a in range(m)) <= 1e-8:
            return q
        p = [(x + y) / 2 for x, y in zip(p, q, strict=True)]


def risk(p: list[float], rng: str) -> list[float]:
    hi, lo = max(p), min(p)
    if hi - lo < 1e-12:
        return [0.0] * len(p)
    return [
        {"Min": (x - lo) / (hi - lo), "Mid": (3 * x - hi - 2 * lo) / (2 * (hi - lo)),
         "Max": (2 * x - hi - lo) / (hi - lo)}[rng]
        for x in p
    ]  # fmt: skip


def perceived(rr: list[float], h: int, i: int, rule: str) -> float:
    if h == i:
        return rr[h]
    return {"None": rr[h], "OneThird": (2 * rr[h] + rr[i]) / 3, "Half": (rr[h] + rr[i]) / 2,
            "TwoThirds": (rr[h] + 2 * rr[i]) / 3, "Full": rr[i]}[rule]  # fmt: skip


def challenge(st: dict, h: int, k: int, i: int, j: int, o: SMPOptions) -> tuple[float, float]:
    n = len(st["c"])

    def U(a: int, b: int) -> float:
        return u(st["delta"][a][b], perceived(st["R"], h, a, o.risk_adjust))

    pi = [st["c"][a] * sum(st["s"][a]) for a in range(n)]
    ai = vote(o.vr, pi[i], U(i, i), U(i, j))
    aj = vote(o.vr, pi[j], U(j, i), U(j, j))
    bi = 1e-10 + max(ai, 0) + max(aj, 0)
    bj = 1e-10 + max(-ai, 0) + max(-aj, 0)
    cij, cji = bi, bj
    for m in range(n):
        if m in (i, j):
            continue
        v0 = vote(o.vr, pi[m], U(m, i), U(m, j))
        p = (bi + max(v0, 0)) / (bi + max(v0, 0) + bj + max(-v0, 0))
        uni, unj, unn = U(m, i), U(m, j), U(m, m)
        table = {
            "SemiCommit": (2 * uni + unn, 3 * unj, 3 * uni, 2 * unj + unn),
            "FullCommit": (3 * uni, 3 * unj, 3 * uni, 3 * unj),
            "NoCommit": (2 * uni + unn, 2 * unj + unn, 2 * uni + unn, 2 * unj + unn),
        }[o.tpc]
        ei = p * table[0] + (1 - p) * table[1]
        ej = p * table[2] + (1 - p) * table[3]
        v = vote(o.vr, pi[m], ei, ej)
        cij += max(v, 0)
        cji += max(-v, 0)
    phi = cij / (cij + cji)
    won, lost, sq = 2 * U(k, i), 2 * U(k, j), U(k, i) + U(k, j)
    sj = sum(st["s"][j])
    return phi, (1 - sj) * won + sj * (phi * won + (1 - phi) * lost) - sq


def interp(o: SMPOptions, xi: list[float], xj: list[float], si: list[float], sj: list[float], pi: float):
    pj = 1 - pi
    bi, bj = [], []
    for k in range(len(xi)):
        if o.ivb == "S2PMax":
            di, dj = max(pj - pi, 0), max(pi - pj, 0)
            mi = di * sj[k] ** 2 / (di * sj[k] ** 2 + 1e-6 + (1 - di) * si[k] ** 2)
            mj = dj * si[k] ** 2 / (dj * si[k] ** 2 + 1e-6 + (1 - dj) * sj[k] ** 2)
            bi.append(xi[k] + mi * (xj[k] - xi[k]))
            bj.append(xj[k] + mj * (xi[k] - xj[k]))
            continue
        e = 2 if o.ivb == "S2P2" else 1
        wi, wj = si[k] ** e * pi**e, sj[k] ** e * pj**e
        den = wi + 1e-6 + wj
        bi.append(math.floor(10000 * (((wi + 1e-6) * xi[k] + wj * xj[k]) / den) + 0.5) / 10000)
        bj.append(math.floor(10000 * ((wi * xi[k] + (wj + 1e-6) * xj[k]) / den) + 0.5) / 10000)
    return bi, bj


def run_loops(c: list[float], x: list[list[float]], s: list[list[float]], o: SMPOptions) -> list[list[list[float]]]:
    """Position history (states x actors x dims) on [0, 1], deterministic mode."""
    n = len(c)
    history = [[row[:] for row in x]]
    first = 0.0
    for turn in range(1, o.max_rounds + 1):
        ideal = history[-1]
        pos = history[-1]
        delta = [[dist(ideal[a], s[a], pos[b]) for b in range(n)] for a in range(n)]
        p = election([[1 - delta[a][b] for b in range(n)] for a in range(n)], c, o)
        rr = risk(p, o.risk_range)
        st = {"c": c, "s": s, "delta": delta, "R": rr}
        bargains = []
        for i in range(n):
            best, best_gain, best_phi = -1, 1e-5, 0.0
            for j in range(n):
                if j == i:
                    continue
                phi, gain = challenge(st, i, i, i, j, o)
                if gain > best_gain:
                    best, best_gain, best_phi = j, gain, phi
            if best < 0:
                continue
            b_i, b_j = interp(o, pos[i], pos[best], s[i], s[best], best_phi)
            if o.bm == "InitOnlyInterp":
                bargains.append((i, best, b_i, b_j))
                continue
            phi_r, gain_r = challenge(st, best, i, i, best, o)
            r_i, r_j = interp(o, pos[i], pos[best], s[i], s[best], gain_r if o.ktab_defects else phi_r)
            if o.bm == "InitRcvrInterp":
                bargains += [(i, best, b_i, b_j), (i, best, r_i, r_j)]
            else:
                wi = c[i] * sum(s[i])
                wj = (c[i] if o.ktab_defects else c[best]) * sum(s[best])
                bargains.append((i, best, [(wi * a + wj * b) / (wi + wj) for a, b in zip(b_i, r_i, strict=True)],
                                 [(wi * a + wj * b) / (wi + wj) for a, b in zip(b_j, r_j, strict=True)]))  # fmt: skip

        def value(a: int, moved: dict[int, list[float]], ideal=ideal, pos=pos, rr=rr) -> float:  # type: ignore[no-untyped-def]
            return sum(u(dist(ideal[a], s[a], moved.get(m, pos[m])), rr[a]) for m in range(n)) / n

        new = []
        for k in range(n):
            queue: list[dict[int, list[float]]] = [{}]
            queue += [{b[0]: b[2], b[1]: b[3]} for b in bargains if b[0] == k]
            queue += [{b[0]: b[2], b[1]: b[3]} for b in bargains if b[1] == k]
            probs = election([[value(a, q) for q in queue] for a in range(n)], c, o)
            choice = queue[int(np.argmax(probs))]
            new.append(list(choice.get(k, pos[k])))
        history.append(new)
        moved = sum(math.dist(a, b) for a, b in zip(history[-2], new, strict=True))
        if turn == 1:
            first = moved
        if turn >= o.min_rounds and moved / (first + o.stop_floor) < o.stop_ratio:
            break
    return history
