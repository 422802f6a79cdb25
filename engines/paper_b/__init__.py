"""Efficient HPG and the lockstep routing loop of paper B (issues 14 and 15).

Modules: ``efficient_hpg`` (``EfficientHPG``: rank-one Brand updates of a thin SVD of HPG's dual matrix),
``spectral`` (its kernels: the closed-form dual shift, Brand's update, re-factorisation), ``lockstep`` (R replicates
of HPG and its baselines in numpy arrays) and ``routing`` (``scalar_routing_run`` / ``lockstep_routing_run``).
Each is certified against ``reference.embedding_routing`` by the trajectory oracle (``tests/test_engines_paper_b.py``).
"""
