"""Lockstep replicates of paper A's interaction (issue 14).

``lockstep_run(algorithm, instance, seeds)`` advances R replicates of ``engines.scalar_run.scalar_run`` together
(``lockstep``); the per-algorithm classes are in ``algorithms``; the agent, the draw and the box-simplex projection
in ``core``; MenuDist for all replicates in ``menu_dist_kernel`` (optional numba). ``lockstep_run_dbg``
(``learners``) runs DBG alone as Theorem 1's bandit learner (``run_dbg``'s replicates). Certified by
``certificates.oracle.trajectories_a.check_lockstep_a`` and against ``run_dbg`` (tests/test_engines_paper_a.py).
"""

from engines.paper_a.algorithms import LockstepDBG, LockstepExp3Menus, LockstepExpPhi
from engines.paper_a.core import (
    LockstepAgent,
    batch_scores,
    draw_rows,
    project_rows_onto_box_simplex,
    row_sum_sequential,
)
from engines.paper_a.learners import DBGLockstepRun, lockstep_run_dbg
from engines.paper_a.lockstep import LOCKSTEP_ALGORITHMS, LockstepRun, lockstep_run, recommender_draws

__all__ = [
    "LOCKSTEP_ALGORITHMS", "LockstepRun", "lockstep_run", "recommender_draws", "DBGLockstepRun", "lockstep_run_dbg",
    "LockstepDBG", "LockstepExpPhi", "LockstepExp3Menus",
    "LockstepAgent", "batch_scores", "draw_rows", "project_rows_onto_box_simplex", "row_sum_sequential",
]
