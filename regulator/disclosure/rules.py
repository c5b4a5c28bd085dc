"""Permissions of the disclosure area (autodiscovered by ``rules``). Publishing,
withdrawing and correcting published records is for publication approvers only."""

from __future__ import annotations

import rules

from regulator.identity.selectors import is_publication_approver

rules.add_perm("disclosure.publish_record", is_publication_approver)
rules.add_perm("disclosure.withdraw_record", is_publication_approver)
rules.add_perm("disclosure.correct_record", is_publication_approver)
