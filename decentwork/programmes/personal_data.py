"""Programmes hold nothing about a person (see ``decentwork.personal_data``): who takes
part is casework's."""

from __future__ import annotations

from decentwork.personal_data import Declaration, NotPersonal

PERSONAL_DATA: list[Declaration] = [
    NotPersonal("programmes.TrainingProgramme", "A course or programme a site offers."),
]
