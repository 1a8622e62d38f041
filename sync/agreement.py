"""A case's agreement: when it is signed, and what signing locks (docs/attachments.md, "Signed agreements").

An agreement is issued under its number (`dispute.agreement_no`); an attachment of the case that names that
number (`attachment.agreement_no`: a party's or the mediator's signature, a fingerprint, the scan of the
signed paper) is a signature of that issue. The issue is *signed* from its first signature, voided ones
included: a signature attests the terms it was given under, so from then on its terms stay as they are.
Other terms are another issue: a new number, signed again, the old one kept in the history with its
signatures. Whether every party and the mediator have signed (Art. 29) is the dossier's completeness,
not this lock.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sync.types import RecordState

TERMS: tuple[str, ...] = ("agreement_kind", "agreement_terms", "agreement_amount")
"""The fields a signature attests. `agreement_no` names the issue; `agreement_signed_on` and
`agreement_performance` (履行情况) record what happened after, so they stay editable."""


def signed_numbers(attachments: Iterable[RecordState]) -> frozenset[str]:
    """The agreement numbers the case's attachments sign."""
    return frozenset(a.fields["agreement_no"] for a in attachments if a.fields.get("agreement_no"))


def changed_terms(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return [name for name in TERMS if after.get(name) != before.get(name)]
