"""Certificates: each theorem's bound checked across randomized instances, with evidence.

``python -m certificates list | run | mutants | oracle``. See ``certificates.registry`` for the
conventions every certificate follows, and ``paper_map.md`` for which item each one certifies.
"""

from certificates.registry import (  # noqa: F401
    REGISTRY,
    Certificate,
    CertificateResult,
    Evidence,
    Mutant,
    RunContext,
    certificate,
    load_all,
    run_certificate,
)
