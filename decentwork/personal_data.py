"""How an app declares the personal data it keeps, and what erasure does with it.

Every app whose models hold something about a person lists them in its own
``personal_data.py`` as ``PERSONAL_DATA``, with the types below; ``decentwork.privacy``
reads every list to hand a person all their data and, when they ask, to erase it
(issue 18). The types live at the root of the package, free of Django and of the
apps, because privacy sits above every app and no app may import it.

A model is declared in one of these ways:

* :class:`DeletedRows`: the person's rows go when they are erased (nothing counts them);
* :class:`AnonymisedRows`: the rows stay, because aggregates count them (applications,
  placements, status changes...), each field emptied or kept as declared;
* :class:`Mentions`: text in anyone's rows that may name the person (a notice sent
  to an employer): their names and addresses are replaced there by the placeholder;
* :class:`AboutTarget`: rows that point at a row by type and id (the audit log);
* :class:`Copies`: a copy no lookup reaches (a sealed matching snapshot), erased by
  the owning app's own function;
* :class:`NotPersonal`: a model whose fields look personal (a ``name``) but hold
  nothing about a person (an office's name), with the reason.

``tests/privacy/test_declarations.py`` fails when a model that may hold personal
data has no declaration, or a declared model has a field nobody decided about.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


class Subject(enum.Enum):
    """Whom a declared row is about: a path leads from the row to one of these."""

    SEEKER = "seeker"  # seekers.JobSeeker
    USER = "user"      # accounts.User, the person's login


class Erasure(enum.Enum):
    """What erasure does with one field of a row that stays."""

    # Emptied: None where the column allows it, else its default, else "" (or [] / {}).
    BLANK = "blank"
    # The person's placeholder, "Erased person #<seeker id>", where a name or a login was.
    PLACEHOLDER = "placeholder"
    # "[erased]": a text a constraint forbids to be empty (an outside employer's name).
    REDACTED = "redacted"
    # Kept: counted by aggregates (a date, a state, an office) and says nothing of who.
    KEEP = "keep"


def placeholder(seeker_id: int) -> str:
    """What an erased person is called from then on. Not translated: it is stored."""
    return f"Erased person #{seeker_id}"


REDACTED_TEXT = "[erased]"


@dataclass(frozen=True)
class DeletedRows:
    """The person's rows of ``model`` are deleted when they are erased.

    ``path`` is the lookup from a row to the subject's key ("seeker",
    "experience__seeker", "recipient"); ``fields`` are what the rows say about the
    person (all exported); ``unexported`` are columns never handed out (token
    hashes), listed so that every column is decided.
    """

    model: str
    of: Subject
    path: str
    fields: tuple[str, ...]
    unexported: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class AnonymisedRows:
    """The person's rows of ``model`` stay (aggregates count them); erasure applies
    each field's :class:`Erasure`.

    ``sensitive`` fields are exported only through the owning app's audited reader
    (``seekers.access.read_sensitive``), never read directly.
    """

    model: str
    of: Subject
    path: str
    fields: Mapping[str, Erasure]
    unexported: tuple[str, ...] = ()
    sensitive: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class Mentions:
    """Text columns of anyone's rows that may name the person (a notice to an
    employer that "Ayşe Yılmaz applied"): erasure replaces the person's full names
    and email addresses there by their placeholder. Not exported: the rows belong
    to someone else."""

    model: str
    fields: tuple[str, ...]
    why: str = ""


@dataclass(frozen=True)
class AboutTarget:
    """Rows that name the row they are about by type and id (``type_field`` holds
    a model's ``app_label.modelname``), as the audit log does: rows about the
    person's seeker record or login get ``fields`` erased as declared."""

    model: str
    type_field: str
    id_field: str
    fields: Mapping[str, Erasure]
    why: str = ""


@dataclass(frozen=True)
class Copies:
    """A copy of the person's data that no lookup reaches (a matching run's sealed
    snapshot of its seekers). ``erase`` takes the seeker's id, forgets the person
    in every copy and returns how many rows it rewrote; the copies are derived from
    data exported elsewhere, so they are not exported themselves."""

    model: str
    fields: tuple[str, ...]
    erase: Callable[[int], int] = field(compare=False)
    why: str = ""


@dataclass(frozen=True)
class NotPersonal:
    """A model whose column names look personal but that holds nothing about a person."""

    model: str
    why: str


Declaration = DeletedRows | AnonymisedRows | Mentions | AboutTarget | Copies | NotPersonal
