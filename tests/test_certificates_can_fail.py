"""Every certificate passes on the reference and goes red on each of its registered mutants.

This is the standing proof that no certificate is vacuous ("a certificate that cannot fail is a
defect"). It runs the ``smoke`` profile (a handful of instances) to stay fast.
"""

import pytest

from certificates.registry import load_all, run_certificate

REGISTRY = load_all()
MUTANT_CASES = [(cid, m.name) for cid, cert in REGISTRY.items() for m in cert.mutants]


@pytest.mark.parametrize("cert_id", sorted(REGISTRY))
def test_certificate_has_a_mutant(cert_id):
    assert REGISTRY[cert_id].mutants, f"{cert_id} has no registered mutant: nobody has seen it fail."


@pytest.mark.parametrize("cert_id,mutant_name", MUTANT_CASES)
def test_certificate_catches_mutant(cert_id, mutant_name):
    cert = REGISTRY[cert_id]
    mutant = next(m for m in cert.mutants if m.name == mutant_name)
    with mutant.applied():
        result = run_certificate(cert, profile="smoke", seed=0)
    assert not result.passed, f"mutant {mutant_name!r} survived {cert_id}: worst slack {result.worst_slack}"


@pytest.mark.parametrize("cert_id", sorted(REGISTRY))
def test_certificate_passes_on_reference_smoke(cert_id):
    result = run_certificate(REGISTRY[cert_id], profile="smoke", seed=0)
    assert result.passed, f"{cert_id}: {result.error or 'violated'}; worst {result.worst}"
