"""MenuDist and the menu draw for R replicates in one compiled call (optional: needs numba) — issue 14.

Why compiled. ``sample_menu`` indexes MenuDist's output *list*: the drawn menu is the first in list order whose
cumulative weight exceeds u. The list (menus, their order, merged duplicates) comes from a staged water-filling
whose shape varies per replicate, so it is not an array operation over replicates; in the scalar reference it costs
190–240 µs per call at n = 10, k = 2 (``benchmarks/bench_lockstep_a.py`` prints the profile), more than the rest of
a round. This module transcribes, operation by operation and in the same float order, the reference's
``menu_times`` (τ = k (p/f) / Σ_j p_j/f_j, the sum in numpy's pairwise order), ``_water_fill``,
``stage_menu_times``, ``reweight_by_menu_score`` (``realizability/lemma1_proof_menu_dist.py``) and the draw of
``sample_menu`` (pairs sorted by menu, then ``Generator.choice``: p = w/Σw, cdf = cumsum(p)/cdf[−1], index =
#{cdf ≤ u}; the sort makes the draw independent of MenuDist's list order, which is not continuous in p at ties).
Given the same
x_t and scores it returns the reference's menu bit for bit (tests/test_engines_paper_a.py compares the lists).

``AVAILABLE`` says whether numba is installed; without it ``LockstepDBG`` calls the reference ``menu_dist`` per
replicate (same menus, slower). ``menu_dist_rows`` (validated, returns the lists) is the testable entry point;
``draw_box_menus`` the engine's.
"""

from __future__ import annotations

import numpy as np

try:  # optional accelerator
    import numba

    AVAILABLE = True
except ImportError:  # pragma: no cover - exercised only without numba
    numba = None
    AVAILABLE = False

__all__ = ["AVAILABLE", "menu_dist_rows", "draw_box_menus"]


def _jit(fn):
    return numba.njit(cache=True)(fn) if AVAILABLE else fn


@_jit
def _pairwise_block(a, lo, n):
    """numpy's pairwise sum of a[lo:lo+n] for n ≤ 128: sequential below 8, else 8 accumulators."""
    if n < 8:
        res = -0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    r = a[lo:lo + 8].copy()
    i = 8
    while i < n - (n % 8):
        for j in range(8):
            r[j] += a[lo + i + j]
        i += 8
    res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@_jit
def _pairwise(a, lo, n):
    """numpy's pairwise sum of a[lo:lo+n] (numpy ≥ 2 sums a whole array this way): above 128 entries the halves
    n2 = ⌊n/2⌋ − (⌊n/2⌋ mod 8) and n − n2 are summed recursively — done here with an explicit stack (numba's
    on-disk cache does not support recursion)."""
    if n <= 128:
        return _pairwise_block(a, lo, n)
    los, ns, state, vals = np.empty(64, np.int64), np.empty(64, np.int64), np.zeros(64, np.int64), np.empty(64)
    top = 0
    los[0], ns[0] = lo, n
    while True:
        if ns[top] <= 128 and state[top] == 0:
            vals[top] = _pairwise_block(a, los[top], ns[top])
            state[top] = 3
        if state[top] == 3:  # finished: hand the value to the parent
            if top == 0:
                return vals[0]
            top -= 1
            if state[top] == 1:  # the left half is done
                vals[top] = vals[top + 1]
            else:  # the right half is done: this node is done
                vals[top] = vals[top] + vals[top + 1]
                state[top] = 3
            continue
        n2 = ns[top] // 2
        n2 -= n2 % 8
        if state[top] == 0:  # descend into the left half
            state[top] = 1
            los[top + 1], ns[top + 1], state[top + 1] = los[top], n2, 0
        else:  # state 1: left done (its value is in vals[top]); descend into the right half
            state[top] = 2
            los[top + 1], ns[top + 1], state[top + 1] = los[top] + n2, ns[top] - n2, 0
        top += 1


@_jit
def _water_fill(t, k, st_a, st_m, st_s, st_d):
    """``_water_fill`` on τ sorted descending (t); fills the stage arrays, returns the number of stages."""
    n = t.shape[0]
    theta = t[k - 1]
    a = 0
    m = 0
    for x in t:
        if x > theta:
            a += 1
        elif x == theta:
            m += 1
    elapsed = 0.0
    count = 0
    for _ in range(n + 2):
        if theta <= 0:
            break
        s = k - a
        rate = s / m
        d, event = theta / rate, 0  # 0 end, 1 fixed, 2 below
        if a > 0 and s < m:
            d_fixed = (t[a - 1] - elapsed - theta) / (1 - rate)
            if d_fixed < d:
                d, event = d_fixed, 1
        if a + m < n:
            d_below = (theta - t[a + m]) / rate
            if d_below < d:
                d, event = d_below, 2
        if d > 0:
            st_a[count], st_m[count], st_s[count], st_d[count] = a, m, s, d
            count += 1
            elapsed += d
            theta -= d * rate
        if event == 0:
            break
        if event == 1:
            a, m = a - 1, m + 1
        else:
            m += 1
        while a > 0 and t[a - 1] - elapsed <= theta:
            a, m = a - 1, m + 1
        while a + m < n and t[a + m] >= theta:
            m += 1
    return count


@_jit
def _emit(order, a, start, stop, start2, stop2, k, alpha, out_menus, out_alpha, L):
    """Append sorted(order[:a] + order[start:stop] + order[start2:stop2]) with weight alpha; returns L + 1."""
    j = 0
    for i in range(a):
        out_menus[L, j] = order[i]
        j += 1
    for i in range(start, stop):
        out_menus[L, j] = order[i]
        j += 1
    for i in range(start2, stop2):
        out_menus[L, j] = order[i]
        j += 1
    for i in range(1, k):  # insertion sort: the menu as a sorted tuple
        x = out_menus[L, i]
        q = i - 1
        while q >= 0 and out_menus[L, q] > x:
            out_menus[L, q + 1] = out_menus[L, q]
            q -= 1
        out_menus[L, q + 1] = x
    out_alpha[L] = alpha
    return L + 1


@_jit
def _gcd(x, y):
    while y:
        x, y = y, x % y
    return x


@_jit
def _stage_menu_times(order, k, st_a, st_m, st_s, st_d, count, out_menus, out_alpha, g_of, thr, share):
    """``stage_menu_times``: the (menu, α) list in the reference's order; returns its length."""
    L = 0
    i0 = 0
    while i0 < count:
        i1 = i0
        while i1 < count and st_a[i1] == st_a[i0]:
            i1 += 1
        a, s = st_a[i0], st_s[i0]
        for i in range(i0, i1):  # every stage: record (g, m − s, δ·g/m); list its wrapping windows
            m = st_m[i]
            g = _gcd(m, s)
            g_of[i], thr[i], share[i] = g, m - s, st_d[i] * g / m
            for r in range(((m - s) // g + 1) * g, m, g):
                L = _emit(order, a, a + r, a + m, a, a + r + s - m, k, share[i], out_menus, out_alpha, L)
        for i in range(i0, i1):  # the divisors in first-appearance order
            g = g_of[i]
            first = True
            for j in range(i0, i):
                if g_of[j] == g:
                    first = False
            if not first:
                continue
            idx = np.empty(i1 - i0, dtype=np.int64)
            cnt = 0
            for j in range(i0, i1):  # this divisor's stages, stably sorted by descending threshold m − s
                if g_of[j] == g:
                    q = cnt
                    while q > 0 and thr[idx[q - 1]] < thr[j]:
                        idx[q] = idx[q - 1]
                        q -= 1
                    idx[q] = j
                    cnt += 1
            idx = idx[:cnt]
            top = thr[idx[0]]
            acc = 0.0
            q = 0
            for r in range(top - top % g, -1, -g):
                while q < idx.shape[0] and thr[idx[q]] >= r:
                    acc += share[idx[q]]
                    q += 1
                L = _emit(order, a, a + r, a + r + s, 0, 0, k, acc, out_menus, out_alpha, L)
        i0 = i1
    return L


@_jit
def _reweight(f, k, n, out_menus, out_alpha, L, uniq_menus, uniq_w):
    """``reweight_by_menu_score``: merge duplicates in first-appearance order, weight α·F_K, normalise."""
    U = 0
    for i in range(L):
        if not out_alpha[i] > 0:
            continue
        score = 0.0
        for j in range(k):
            score += f[out_menus[i, j]]
        found = -1
        for u in range(U):
            same = True
            for j in range(k):
                if uniq_menus[u, j] != out_menus[i, j]:
                    same = False
                    break
            if same:
                found = u
                break
        if found < 0:
            uniq_menus[U, :] = out_menus[i, :]
            uniq_w[U] = 0.0 + out_alpha[i] * score
            U += 1
        else:
            uniq_w[found] = uniq_w[found] + out_alpha[i] * score
    total = 0.0
    for u in range(U):
        total += uniq_w[u]
    V = 0
    for u in range(U):
        if uniq_w[u] > 0:
            uniq_menus[V, :] = uniq_menus[u, :]
            uniq_w[V] = uniq_w[u] / total
            V += 1
    return V


@_jit
def _menu_dist_row(p, f, k, work_i, work_f, uniq_menus, uniq_w):
    """MenuDist(p, f) into (uniq_menus[:V], uniq_w[:V]); returns V, or −1 when max τ > 1 + 1e-9."""
    n = p.shape[0]
    ratios = p / f
    z = _pairwise(ratios, 0, n)
    tau = k * ratios / z
    if tau.max() > 1 + 1e-9:
        return -1
    order = np.empty(n, dtype=np.int64)
    for i in range(n):  # insertion sort by (−τ_i, i): descending τ, ties by index (the reference's key)
        q = i
        while q > 0 and tau[order[q - 1]] < tau[i]:
            order[q] = order[q - 1]
            q -= 1
        order[q] = i
    t = tau[order]
    cap = n + 2
    st_a, st_m, st_s, g_of, thr = work_i[0, :cap], work_i[1, :cap], work_i[2, :cap], work_i[3, :cap], work_i[4, :cap]
    st_d, share = work_f[0, :cap], work_f[1, :cap]
    count = _water_fill(t, k, st_a, st_m, st_s, st_d)
    out_menus = np.empty((cap * (n + k + 1), k), dtype=np.int64)
    out_alpha = np.empty(cap * (n + k + 1))
    L = _stage_menu_times(order, k, st_a, st_m, st_s, st_d, count, out_menus, out_alpha, g_of, thr, share)
    return _reweight(f, k, n, out_menus, out_alpha, L, uniq_menus, uniq_w)


@_jit
def _menu_less(menus, a, b, k):
    """Row a of ``menus`` is lexicographically smaller than row b (tuple order of the items)."""
    for j in range(k):
        if menus[a, j] != menus[b, j]:
            return menus[a, j] < menus[b, j]
    return False


@_jit
def _sort_by_menu(uniq_menus, uniq_w, V, k):
    """Stable insertion sort of the first V (menu, weight) rows by menu, as ``sample_menu`` sorts its pairs."""
    row = np.empty(k, dtype=np.int64)
    for i in range(1, V):
        q = i
        while q > 0 and _menu_less(uniq_menus, q, q - 1, k):
            row[:] = uniq_menus[q - 1, :]
            uniq_menus[q - 1, :] = uniq_menus[q, :]
            uniq_menus[q, :] = row
            w = uniq_w[q - 1]
            uniq_w[q - 1] = uniq_w[q]
            uniq_w[q] = w
            q -= 1


@_jit
def _draw_box_menus(X, F, k, U, menus, failed):
    R, n = X.shape
    cap = n + 2
    work_i = np.zeros((5, cap), dtype=np.int64)
    work_f = np.zeros((2, cap))
    uniq_menus = np.empty((cap * (n + k + 1), k), dtype=np.int64)
    uniq_w = np.empty(cap * (n + k + 1))
    for r in range(R):
        V = _menu_dist_row(X[r], F[r], k, work_i, work_f, uniq_menus, uniq_w)
        if V < 0:
            failed[r] = True
            continue
        _sort_by_menu(uniq_menus, uniq_w, V, k)  # sample_menu draws over the pairs sorted by menu
        total = _pairwise(uniq_w, 0, V)
        cdf = np.empty(V)
        acc = 0.0
        for i in range(V):  # p = w / Σw, then cumsum, as Generator.choice does
            acc += uniq_w[i] / total
            cdf[i] = acc
        last = cdf[V - 1]
        a = 0
        for i in range(V):
            if cdf[i] / last <= U[r]:
                a += 1
        menus[r, :] = uniq_menus[a, :]


def draw_box_menus(X, F, k: int, U) -> tuple[np.ndarray, np.ndarray]:
    """(menus (R, k), failed (R,)): each row's menu drawn from MenuDist(X[r], F[r]) with the double U[r] (as
    doubles U in [0, 1)). ``failed[r]`` when max τ > 1 + 1e-9 (the reference raises there). Cheap checks only
    (shapes, finiteness, positivity, row sums): it is called once per round by the engine."""
    fn = "draw_box_menus"
    X, F, U = np.asarray(X, dtype=float), np.asarray(F, dtype=float), np.asarray(U, dtype=float)
    if X.ndim != 2 or X.shape != F.shape or U.shape != (X.shape[0],):
        raise ValueError(f"{fn}: X and F must have the same shape (R, n) and U shape (R,); got {X.shape}, "
                         f"{F.shape}, {U.shape}.")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= X.shape[1]:
        raise ValueError(f"{fn}: k must be an integer in 1..n={X.shape[1]}; got {k!r}.")
    if not (np.all(np.isfinite(X)) and np.all(F > 0) and np.all(np.isfinite(F))) or X.min(initial=0.0) < 0 \
            or np.any(np.abs(X.sum(axis=1) - 1) > 1e-9) or U.min(initial=0.0) < 0 or U.max(initial=0.0) >= 1:
        raise ValueError(f"{fn}: every row of X must be a probability vector, F positive and finite, U in [0, 1).")
    R = X.shape[0]
    menus = np.empty((R, k), dtype=np.int64)
    failed = np.zeros(R, dtype=np.bool_)
    _draw_box_menus(np.ascontiguousarray(X), np.ascontiguousarray(F), int(k), np.ascontiguousarray(U), menus, failed)
    return menus, failed


def menu_dist_rows(P, F, k: int) -> list:
    """MenuDist(P[r], F[r], k) for every row, as lists [(menu tuple, weight)] like the reference's ``menu_dist``.

    Raises ValueError (naming this function) for rows that are not probability vectors, non-positive scores, k
    outside 1..n, or a row outside IRD (max τ > 1 + 1e-9).
    """
    fn = "menu_dist_rows"
    P, F = np.asarray(P, dtype=float), np.asarray(F, dtype=float)
    if P.ndim != 2 or P.shape != F.shape or not (np.all(np.isfinite(P)) and np.all(np.isfinite(F))):
        raise ValueError(f"{fn}: P and F must be finite arrays of the same shape (R, n); got {P.shape}, {F.shape}.")
    R, n = P.shape
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        raise ValueError(f"{fn}: k must be an integer in 1..n={n}; got {k!r}.")
    if P.min(initial=0.0) < 0 or np.any(np.abs(P.sum(axis=1) - 1) > 1e-9) or F.min(initial=1.0) <= 0:
        raise ValueError(f"{fn}: every row of P must be a probability vector and every score in F positive.")
    cap = n + 2
    work_i, work_f = np.zeros((5, cap), dtype=np.int64), np.zeros((2, cap))
    out = []
    for r in range(R):
        uniq_menus = np.empty((cap * (n + k + 1), k), dtype=np.int64)
        uniq_w = np.empty(cap * (n + k + 1))
        V = _menu_dist_row(P[r], F[r], int(k), work_i, work_f, uniq_menus, uniq_w)
        if V < 0:
            raise ValueError(f"{fn}: row {r} of P is not in IRD(v): some menu time exceeds 1 (Lemma 1).")
        out.append([(tuple(int(i) for i in uniq_menus[j]), float(uniq_w[j])) for j in range(V)])
    return out
