"""Appendix B.3 Lemma 6 (paper A, arXiv 2302.06014), two independent derivations compared.

The analysis of Algorithm 2 derives Lemma 6 as ``long_memory.targeting_error_bound(σ) = min(e^σ − 1,
2(1 − e^{−σ}))`` with σ = ``long_memory.log_spread``; the analysis of Algorithm 3 derives it as
``lemma6_choice_under_assumed_scores.lemma6_l1_bound`` = 2(ρ − 1)/(ρ + 1) with ρ = e^σ. Three facts pin how
they relate:
  * the second is 2·tanh(σ/2) (identity);
  * it is never larger than the first (2 tanh(σ/2) ≤ min(e^σ − 1, 2(1 − e^{−σ})));
  * both dominate the targeting error actually produced: ‖q − p‖₁ for μ = MenuDist(p, f̂) met by f,
    checked exactly in Fractions.
"""

import math
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import reference.adaptive_preferences.scale_bounded.lemma6_choice_under_assumed_scores as sba
from reference.adaptive_preferences.long_memory import log_spread, targeting_error_bound
from reference.adaptive_preferences.realizability.lemma1_proof_menu_dist import menu_dist
from reference.adaptive_preferences.realizability.sec2_choice import all_menus, mixture_choice_distribution


@st.composite
def score_pairs(draw):
    n = draw(st.integers(2, 6))
    f = draw(st.lists(st.integers(1, 30), min_size=n, max_size=n))
    f_hat = draw(st.lists(st.integers(1, 30), min_size=n, max_size=n))
    return [Fraction(x) for x in f_hat], [Fraction(x) for x in f]


@given(score_pairs())
def test_lemma6_l1_bound_is_two_tanh_half_log_spread(pair):
    f_hat, f = pair
    sigma = log_spread([float(x) for x in f_hat], [float(x) for x in f])
    assert math.isclose(float(sba.lemma6_l1_bound(f_hat, f)), 2 * math.tanh(sigma / 2), rel_tol=1e-12, abs_tol=1e-15)


@given(score_pairs())
def test_lemma6_l1_bound_never_exceeds_targeting_error_bound(pair):
    f_hat, f = pair
    sigma = log_spread([float(x) for x in f_hat], [float(x) for x in f])
    assert float(sba.lemma6_l1_bound(f_hat, f)) <= targeting_error_bound(sigma) + 1e-12


@given(score_pairs(), st.data())
def test_both_routes_dominate_the_exact_targeting_error(pair, data):
    f_hat, f = pair
    n = len(f)
    k = data.draw(st.integers(1, n))
    menus = all_menus(n, k)
    raw = data.draw(st.lists(st.integers(0, 5), min_size=len(menus), max_size=len(menus)))
    if sum(raw) == 0:
        raw[0] = 1
    # a target p realisable under f̂ by construction: the choice distribution of some menu distribution
    p = mixture_choice_distribution([(m, Fraction(w, sum(raw))) for m, w in zip(menus, raw) if w], f_hat)
    mu = menu_dist(p, f_hat, k)
    q = sba.lemma6_expected_choice(mu, f)
    error = sum(abs(qi - pi) for qi, pi in zip(q, p))  # exact
    assert error <= sba.lemma6_l1_bound(f_hat, f)
    sigma = log_spread([float(x) for x in f_hat], [float(x) for x in f])
    assert float(error) <= targeting_error_bound(sigma) + 1e-12
