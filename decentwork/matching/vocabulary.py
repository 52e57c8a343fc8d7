"""Controlled vocabularies shared by the matching engine and its Django adapters.

Every multi-valued attribute is a bit flag so that a whole region's seekers or
vacancies can be checked against each other with a handful of vectorised
integer operations. The lower-case member names are the stable codes stored in
the database and sent to translators.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Self


class _CodedFlag(enum.IntFlag):
    """Bit flag whose members are also addressed by lower-case codes."""

    @property
    def code(self) -> str:
        """Stable lower-case code of a single member, e.g. ``"step_free_access"``.

        Returns
        -------
        str
            The member name in lower case.
        """
        if self.name is None:
            raise ValueError("a combination of flags has no single code")
        return self.name.lower()

    @classmethod
    def from_codes(cls, codes: Iterable[str]) -> Self:
        """Combine members given by their lower-case codes.

        Parameters
        ----------
        codes : iterable of str
            Codes such as ``["step_free_access", "job_coach"]``.

        Returns
        -------
        flag
            The union of the named members (empty flag for no codes).

        Raises
        ------
        KeyError
            If a code is not part of the controlled list.
        """
        combined = cls(0)
        for code in codes:
            combined |= cls[code.upper()]
        return combined

    def codes(self) -> list[str]:
        """List the codes of the members contained in this flag.

        Returns
        -------
        list of str
            Codes in declaration order.
        """
        return [member.code for member in type(self) if member in self]


class Accommodation(_CodedFlag):
    """Workplace accommodations a seeker may require and a vacancy may offer."""

    STEP_FREE_ACCESS = enum.auto()
    SCREEN_READER_SUPPORT = enum.auto()
    SIGN_LANGUAGE_INTERPRETATION = enum.auto()
    FLEXIBLE_HOURS = enum.auto()
    REMOTE_WORK = enum.auto()
    QUIET_WORKSPACE = enum.auto()
    ADAPTED_EQUIPMENT = enum.auto()
    JOB_COACH = enum.auto()
    CHILDCARE_SUPPORT = enum.auto()


class HoursRegime(_CodedFlag):
    """Working-time regime of a vacancy; a seeker accepts a set of them."""

    FULL_TIME = enum.auto()
    PART_TIME = enum.auto()
    FLEXIBLE = enum.auto()


class ContractType(_CodedFlag):
    """Contract of a vacancy; a seeker accepts a set of them."""

    PERMANENT = enum.auto()
    FIXED_TERM = enum.auto()
    TEMPORARY = enum.auto()
    APPRENTICESHIP = enum.auto()
    INTERNSHIP = enum.auto()


class SeekerGroup(_CodedFlag):
    """Groups monitored by the exposure-fairness constraint.

    The adapter sets a bit only when the seeker recorded consent to the use of
    that attribute for matching; without consent the seeker is simply not
    counted in the group, which can only weaken, never misdirect, the
    constraint.
    """

    DISABILITY = enum.auto()
    REFUGEE = enum.auto()
    WOMAN = enum.auto()
    YOUTH = enum.auto()
    MIGRANT_WORKER = enum.auto()
    SOCIAL_ASSISTANCE = enum.auto()


class _MaskReason(enum.StrEnum):
    """A reason that is one bit of a vectorised mask (0 means no reason)."""

    @property
    def bit(self) -> int:
        """Bit of this reason in a mask.

        Returns
        -------
        int
            ``1 << position`` in declaration order.
        """
        return 1 << list(type(self)).index(self)

    @classmethod
    def decode(cls, mask: int) -> list[Self]:
        """Expand a mask into its reasons.

        Parameters
        ----------
        mask : int
            Bitwise OR of ``reason.bit`` values; 0 means no reason.

        Returns
        -------
        list
            Every reason whose bit is set, in declaration order.
        """
        return [reason for reason in cls if mask & reason.bit]


class ExclusionReason(_MaskReason):
    """Why a vacancy is not recommended to a seeker (or a seeker not proposed).

    The string value is the machine code shown to counsellors and counted by
    group in the insights app. ``bit`` is the position used in vectorised masks.
    """

    ACCOMMODATION_NOT_OFFERED = "accommodation_not_offered"
    HOURS_NOT_ACCEPTED = "hours_not_accepted"
    CONTRACT_NOT_ACCEPTED = "contract_not_accepted"
    OUTSIDE_COMMUTE_RADIUS = "outside_commute_radius"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    NO_OPENINGS_LEFT = "no_openings_left"
    SEEKER_NOT_CONSENTING = "seeker_not_consenting"
    REMOTE_NOT_ACCEPTED = "remote_not_accepted"
    # The pair is in the seeker table's ``excluded_vacancies`` (e.g. the seeker has an
    # open application for the vacancy, or was refused for it).
    ALREADY_APPLIED = "already_applied"


class RelevanceReason(_MaskReason):
    """Why an eligible vacancy is not close enough to a seeker to be shown.

    Not a hard constraint: the pair meets every requirement, but nothing says the
    job is the person's kind of work (:class:`~decentwork.matching.scoring.RelevanceFloor`).
    """

    # The seeker holds none of its essential skills, and its occupation is outside the
    # ISCO minor groups of the seeker's target, past and preferred occupations.
    UNRELATED = "unrelated_to_skills_and_occupations"
    # The match score is under the relevance floor's minimum.
    BELOW_MINIMUM_SCORE = "below_minimum_score"
