"""The personal data of the network: where staff work (see ``decentwork.personal_data``)."""

from __future__ import annotations

from decentwork.personal_data import Declaration, DeletedRows, NotPersonal, Subject

PERSONAL_DATA: list[Declaration] = [
    NotPersonal("network.Site", "A city's or a country's programme."),
    NotPersonal("network.Region", "A labour-market region."),
    NotPersonal("network.Office", "An employment office and its public address."),
    DeletedRows("network.SiteMembership", Subject.USER, "user", fields=("site",)),
    DeletedRows("network.StaffMembership", Subject.USER, "user", fields=("office",)),
]
