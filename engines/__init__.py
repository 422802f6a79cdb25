"""Fast engines beside the readable reference (issues 14 and 15).

Nothing here is an oracle: every engine is certified against ``reference/`` by the trajectory oracle
(``certificates/oracle``). ``engines.paper_a`` advances R replicates of paper A's interaction in lockstep;
``engines.paper_b`` holds the efficient HPG (rank-one updates of a thin SVD) and the lockstep routing loop.
"""
