"""Algorithm 3's parameters as one object (paper A, arXiv 2302.06014, §4.1 / Appendix C.2) [recon, project].

Main statements
---------------
* ``Algorithm3Schedule`` — a frozen dataclass of everything ``ScaleBoundedOGD`` needs besides the instance
  (n, k, the seed and the observer): the memory discount γ = 1 − T^{−c}, the target Δ_φ, the horizon, the
  Definition 3 constants (λ, c), the OGD step (batch B, step size η), the learning stages (m rounds,
  iterations, estimator), the re-learning rule, the menu-rebuild tolerance and the invariants' levels.
  Validated once, on construction (errors start with ``Algorithm3Schedule:``).
* ``Algorithm3Schedule.from_parameters(pr, phi=, horizon=, lam=, c=, **overrides)`` — from the dict a
  Theorem 3 schedule function returns (``thm3_schedules``: ``theorem3_invariant_parameters``,
  ``theorem3_moving_factor_parameters``, ``theorem3_reuse_parameters``, ``theorem3_parameters``): γ, batch,
  learn_rounds, η and whichever of ``SCHEDULE_KEYS`` it sets.

Notation
--------
==========  =============================  ==============================================
paper       code                           meaning
==========  =============================  ==============================================
γ, H        ``gamma``, ``H``               memory discount, H = 1/(1 − γ)
φ           ``phi``                        target set Δ_φ (p_i ≥ φ/n)
T           ``horizon``                    number of rounds
λ, c        ``lam``, ``c``                 Definition 3 constants
B, η        ``batch``, ``eta``             rounds per OGD step, OGD step size
m           ``learn_rounds``               rounds per learning stage
δ, δ₅       ``delta``, ``step_end_delta``  levels of invariants 1 and 5
==========  =============================  ==============================================

Implementation notes
--------------------
``initial_learn_iters=None`` resolves to 1 for the one-shot Luce MLE (``estimator="mle"``) and 2 for the
fixed-point ``estimator="lemma7"``; ``step_end_delta=None`` resolves to ``delta``. Both are resolved on
construction (``dataclasses.replace`` keeps the resolved values).

References: paper A, arXiv 2302.06014, §4.1 and Appendix C.2.
"""

from __future__ import annotations

from dataclasses import dataclass

from reference._numerics import check_integer, check_real

__all__ = ["Algorithm3Schedule", "SCHEDULE_KEYS", "ESTIMATORS", "RELEARN_RULES"]

#: Optional keys a schedule dict may set (besides gamma, batch, learn_rounds, eta).
SCHEDULE_KEYS = ("close", "relearn_drift", "stale_tol", "relearn")
#: Learning-stage estimators: the Luce MLE (ours) or the averaged Lemma 7 estimator (a fixed-point step).
ESTIMATORS = ("mle", "lemma7")
#: Re-learning: dedicated learning stages, or refits on windows of step rounds (ours).
RELEARN_RULES = ("stages", "steps")


@dataclass(frozen=True)
class Algorithm3Schedule:
    """Every parameter of Algorithm 3 (``ScaleBoundedOGD``) except n, k, the seed and the observer.

    gamma            memory discount γ ∈ (0, 1) (known to the recommender)
    phi, horizon     target Δ_φ (φ ∈ (0, 1]) and the horizon T
    lam, c           Definition 3 constants (λ > 0, c ≥ 1)
    batch, eta       rounds B per OGD step and the step size η > 0
    learn_rounds     rounds m per learning stage
    initial_learn_iters, relearn_iters   learning stages at first and at each re-learning
    burn_eps         the burn-in ends when ‖v − u_n‖₁ ≤ burn_eps
    close            invariant 5's heuristic tolerance (reported only)
    relearn_drift    re-learn when ‖v − v_ref‖₁ exceeds it after a step (``relearn="stages"``)
    estimator        "mle" (Luce MLE, ours) or "lemma7" (averaged Lemma 7)
    stale_tol        rebuild μ when ρ(f̂ at the build, f̂(v_t)) > 1 + stale_tol
    delta            level of invariant 1's bounds
    relearn          "stages" or "steps" (refit κ̂ on windows of step rounds; needs estimator="mle")
    step_end_delta   level of invariant 5's threshold per step (default: delta)
    """

    gamma: float
    phi: float
    horizon: int
    lam: float
    c: float
    batch: int
    learn_rounds: int
    eta: float
    initial_learn_iters: int | None = None
    relearn_iters: int = 1
    burn_eps: float = 0.2
    close: float = 0.1
    relearn_drift: float = 0.3
    estimator: str = "mle"
    stale_tol: float = 0.02
    delta: float = 0.05
    relearn: str = "stages"
    step_end_delta: float | None = None

    def __post_init__(self) -> None:
        fn = "Algorithm3Schedule"
        reals = (("gamma", dict(low=0, high=1, low_open=True, high_open=True)),
                 ("phi", dict(low=0, high=1, low_open=True)), ("lam", dict(low=0, low_open=True)),
                 ("c", dict(low=1)), ("eta", dict(low=0, low_open=True)),
                 ("burn_eps", dict(low=0, high=2, low_open=True)), ("close", dict(low=0)),
                 ("relearn_drift", dict(low=0)), ("stale_tol", dict(low=0)),
                 ("delta", dict(low=0, high=1, low_open=True, high_open=True)))
        for name, interval in reals:
            object.__setattr__(self, name, float(check_real(fn, name, getattr(self, name), **interval)))
        for name in ("horizon", "batch", "learn_rounds", "relearn_iters"):
            object.__setattr__(self, name, check_integer(fn, name, getattr(self, name)))
        self._check_rules(fn)
        if self.initial_learn_iters is None:  # the one-shot MLE needs one stage; the fixed-point update iterates
            object.__setattr__(self, "initial_learn_iters", 1 if self.estimator == "mle" else 2)
        object.__setattr__(self, "initial_learn_iters", check_integer(fn, "initial_learn_iters",
                                                                      self.initial_learn_iters))
        step_end_delta = self.delta if self.step_end_delta is None else self.step_end_delta
        object.__setattr__(self, "step_end_delta", float(check_real(fn, "step_end_delta", step_end_delta, low=0,
                                                                    high=1, low_open=True, high_open=True)))

    def _check_rules(self, fn: str) -> None:
        if self.estimator not in ESTIMATORS:
            raise ValueError(f"{fn}: estimator must be 'mle' or 'lemma7'; got {self.estimator!r}.")
        if self.relearn not in RELEARN_RULES:
            raise ValueError(f"{fn}: relearn must be 'stages' or 'steps'; got {self.relearn!r}.")
        if self.relearn == "steps" and self.estimator != "mle":
            raise ValueError(f"{fn}: relearn='steps' needs estimator='mle' (the Luce MLE works with any menus); "
                             f"got estimator={self.estimator!r}.")

    @property
    def H(self) -> float:
        """The effective memory horizon H = 1/(1 − γ)."""
        return 1.0 / (1.0 - self.gamma)

    @classmethod
    def from_parameters(cls, parameters: dict, *, phi, horizon, lam, c, **overrides) -> Algorithm3Schedule:
        """The schedule of a Theorem 3 parameter dict (γ, batch, learn_rounds, η and any ``SCHEDULE_KEYS``);
        ``overrides`` set any other field (or replace one of the dict's)."""
        fields = {key: parameters[key] for key in SCHEDULE_KEYS if key in parameters}
        fields.update(gamma=parameters["gamma"], batch=parameters["batch"], learn_rounds=parameters["learn_rounds"],
                      eta=parameters["eta"])
        fields.update(overrides)
        return cls(phi=phi, horizon=horizon, lam=lam, c=c, **fields)
