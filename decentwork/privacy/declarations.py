"""Every app's declaration of its personal data, in one list, with the models resolved.

The list is written out (not discovered) so that import-linter sees privacy read
each app, and a reader sees which apps declare something.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from django.apps import apps
from django.db import models

from decentwork.accounts.personal_data import PERSONAL_DATA as ACCOUNTS
from decentwork.agenda.personal_data import PERSONAL_DATA as AGENDA
from decentwork.applications.personal_data import PERSONAL_DATA as APPLICATIONS
from decentwork.assistance.personal_data import PERSONAL_DATA as ASSISTANCE
from decentwork.audit.personal_data import PERSONAL_DATA as AUDIT
from decentwork.casenotes.personal_data import PERSONAL_DATA as CASENOTES
from decentwork.casework.personal_data import PERSONAL_DATA as CASEWORK
from decentwork.demo.personal_data import PERSONAL_DATA as DEMO
from decentwork.employers.personal_data import PERSONAL_DATA as EMPLOYERS
from decentwork.followup.personal_data import PERSONAL_DATA as FOLLOWUP
from decentwork.inbox.personal_data import PERSONAL_DATA as INBOX
from decentwork.network.personal_data import PERSONAL_DATA as NETWORK
from decentwork.personal_data import Declaration
from decentwork.privacy.personal_data import PERSONAL_DATA as PRIVACY
from decentwork.programmes.personal_data import PERSONAL_DATA as PROGRAMMES
from decentwork.recommendations.personal_data import PERSONAL_DATA as RECOMMENDATIONS
from decentwork.seekers.personal_data import PERSONAL_DATA as SEEKERS
from decentwork.staff.personal_data import PERSONAL_DATA as STAFF
from decentwork.taxonomy.personal_data import PERSONAL_DATA as TAXONOMY

# In the layer order, lowest first: the export lists sections in this order too
# (the record and the login first, then what grew around them).
DECLARATIONS: tuple[Declaration, ...] = (
    *SEEKERS, *ACCOUNTS, *AUDIT, *NETWORK, *INBOX, *TAXONOMY, *STAFF, *PROGRAMMES,
    *EMPLOYERS, *APPLICATIONS, *RECOMMENDATIONS, *AGENDA, *CASENOTES, *FOLLOWUP,
    *ASSISTANCE, *CASEWORK, *DEMO, *PRIVACY,
)

D = TypeVar("D", bound=Declaration)


def declared(kind: type[D]) -> Iterator[D]:
    """The declarations of one kind, in order."""
    return (d for d in DECLARATIONS if isinstance(d, kind))


def model_of(declaration: Declaration) -> type[models.Model]:
    return apps.get_model(declaration.model)
