"""The personal data of employers: which users act for an organisation
(see ``decentwork.personal_data``)."""

from __future__ import annotations

from decentwork.personal_data import Declaration, DeletedRows, NotPersonal, Subject

PERSONAL_DATA: list[Declaration] = [
    NotPersonal("employers.Employer", "An organisation."),
    NotPersonal("employers.Vacancy", "A job an organisation offers."),
    DeletedRows("employers.EmployerMembership", Subject.USER, "user", fields=("employer",)),
]
