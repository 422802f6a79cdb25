"""Key formulas of some item pages, typeset in LaTeX (the site's only hand-written mathematics).

Each entry transcribes a formula that the page's ``paper_map.md`` row or module docstring states in Unicode; the
docstring rendered below it on the page is the reference, and the tag repeats the docstring's. Keys are page
docnames (``tests/test_docs_site.py`` checks that each names a generated page).
"""

from __future__ import annotations

#: docname → ((LaTeX, tag, caption), …)
FORMULAS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "a/realizability/lemma1_menu_times": (
        (r"\tau_i(p; v) \;=\; k\,\frac{p_i / f_i(v)}{\sum_{j=1}^{n} p_j / f_j(v)}, \qquad \sum_{i=1}^n \tau_i = k",
         "recon", "Menu times (the formula is our reconstruction; Σ τ = k is in the text):"),
        (r"p \in \mathrm{IRD}(v) \iff \max_{i} \tau_i(p; v) \le 1",
         "seed", "Lemma 1:"),
    ),
    "a/long_memory/lemma4_lemma5_memory_drift": (
        (r"\lVert v_{t+r} - v_t \rVert_1 \;\le\; 2\Bigl(1 - \gamma^{r}\,\frac{W}{W_r}\Bigr)", "recon",
         "Lemma 4 (memory drift), tight:"),
    ),
    "a/long_memory/sec3_targeting_lemma6": (
        (r"\frac{p_i}{x_i} \in \bigl[e^{-\sigma}, e^{\sigma}\bigr], \qquad "
         r"\lVert p - x \rVert_1 \le \min\bigl(e^{\sigma} - 1,\; 2(1 - e^{-\sigma})\bigr)", "derived",
         "Lemma 6 (targeting error from score error), our multiplicative form:"),
    ),
    "a/long_memory/thm2_regret_bound": (
        (r"\gamma = 1 - T^{-c} \quad\Longrightarrow\quad \mathrm{Reg}_T = \tilde O\bigl(T^{1 - c/4}\bigr)", "project",
         "Theorem 2, our bound (the paper's formula is lost):"),
    ),
    "a/scale_bounded/thm3_bounds": (
        (r"\mathrm{Reg}_T = O\Bigl(T^{\max\left(\frac{1+c}{2},\, 1 - \frac{c}{2}\right)}\Bigr)"
         r"\ \text{up to logs}, \qquad c^\ast = \tfrac12", "project", "Theorem 3, our a-priori bound:"),
    ),
    "a/hardness/thm4_mis_reduction": (
        (r"\max\{p_0 : p \in \mathrm{IRD}(f(p))\} = \frac{g}{(k-1) + g}, \qquad "
         r"g = \lambda + (1 - \lambda)\,\frac{\alpha(G)}{m}, \quad 2 \le k \le m", "derived",
         "Theorem 4, the exact optimum we certify (α(G): the independence number):"),
    ),
    "a/short_memory/thm5_k2": (
        (r"\mathrm{Reg}_T \le 3\Bigl(\frac{C\, n \ln n}{2}\Bigr)^{1/3} T^{2/3} + L", "ours",
         "Theorem 5 for k = 2 and γ < 1/2:"),
    ),
    "a/short_memory/thm6_lower_bound": (
        (r"\lambda = \frac{1}{n-k+1}: \qquad \text{optimum} = \frac1n \text{ per round}, \qquad "
         r"\text{inconsistent menus} \le \frac{1}{2n-k}", "seed", "Theorem 6 (constants derived):"),
    ),
    "b/bounds": (
        (r"\mathrm{Reg}^{\mathrm{lin}}_T = \tilde O\bigl(s\sqrt{MT}\bigr)", "seed", "The abstract's rate:"),
        (r"\max_{U \in K} \sum_{t} \langle g_t, U - \Theta_t \rangle "
         r"= \tau \Bigl\lVert \sum_t g_t \Bigr\rVert_{\mathrm{op}} - \sum_t \langle g_t, \Theta_t \rangle "
         r"\le \frac{R}{\eta} + \frac{\eta}{2\alpha} \sum_t \lVert g_t \rVert_{\mathrm{op}}^2", "derived",
         "The OMD inequality, pathwise for every gradient sequence:"),
        (r"\mathbb{E}\,\mathrm{Reg}^{\mathrm{lin}}_T \le 2\, s B \Psi \sqrt{M T \operatorname{asinh} d}"
         r" = \tilde O\bigl(sB\sqrt{MT}\bigr)", "derived",
         "HPG's bound (pseudo-regret, β = τ/d, τ = sB√M, strong convexity 1/(τ + dβ) with c = 1), our constants:"),
    ),
}
