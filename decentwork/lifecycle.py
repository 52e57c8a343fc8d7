"""Lives with states, written as data: a transition table, a log row per change.

Applications, plan steps, programme participation and appointments all live this
way. Each app declares its states (a ``TextChoices``), its table of
:class:`Transition` rows (a subclass adds the app's own flags) in a
:class:`Lifecycle`, and a log model derived from :class:`TransitionLog`; its
``actions.py`` applies a transition in one function that asks :meth:`Lifecycle.check`
first, so a step the current state does not allow is refused with both states named
and nothing written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The state type of one life (a TextChoices) and who may take its steps (an enum).
S = TypeVar("S", bound=models.TextChoices)
P = TypeVar("P")


@dataclass(frozen=True)
class Transition(Generic[S, P]):
    """A named step from any of ``sources`` to ``target``, taken by ``party``."""

    name: str
    sources: tuple[S, ...]
    target: S
    party: P
    label: str | Promise


# The transition type of one life: Transition or the app's subclass of it.
T = TypeVar("T", bound=Transition[Any, Any])


class TransitionNotAllowed(ValidationError):  # noqa: N818 - the name callers catch
    """The current state is not a source of the transition asked for.

    A life may subclass it to name what it is about (``wording``) or to put the
    message on a field (``field``); its :class:`Lifecycle` raises that subclass.
    """

    wording: ClassVar[str | Promise] = gettext_lazy(
        "This is “%(current)s”; it cannot become “%(target)s”.")
    field: ClassVar[str | None] = None

    def __init__(self, current: models.TextChoices, target: models.TextChoices) -> None:
        self.current_state = str(current.value)
        self.target_state = str(target.value)
        message = ValidationError(str(self.wording) % {
            "current": current.label, "target": target.label},
            code="transition_not_allowed")
        super().__init__(message if self.field is None else {self.field: message})


class Lifecycle(Generic[T]):
    """One life's table: look a transition up, list those open, check one."""

    def __init__(self, states: type[models.TextChoices], transitions: Iterable[T], *,
                 refusal: type[TransitionNotAllowed] = TransitionNotAllowed) -> None:
        self.states = states
        self.refusal = refusal
        # By name, in table order.
        self.transitions: Mapping[str, T] = {t.name: t for t in transitions}

    def get(self, name: str) -> T:
        """The transition called ``name``; an unknown name is bad input on "name"."""
        try:
            return self.transitions[name]
        except KeyError:
            raise ValidationError({"name": _("There is no such step: %(name)s.") % {
                "name": name}}) from None

    def open_from(self, state: str, parties: Iterable[object] | None = None) -> list[T]:
        """The transitions open from ``state`` (for ``parties`` only, if given), in
        table order."""
        allowed = None if parties is None else list(parties)
        return [t for t in self.transitions.values()
                if state in t.sources and (allowed is None or t.party in allowed)]

    def check(self, name: str, current: str) -> T:
        """The transition called ``name``, if the ``current`` state allows it."""
        transition = self.get(name)
        if current not in transition.sources:
            raise self.refusal(self.states(current), transition.target)
        return transition


class TransitionLog(models.Model):
    """One change of state: which transition, from, to, who, when, why.

    Concrete logs add the key of what changed, and redeclare ``from_state`` and
    ``to_state`` with the choices of their states.
    """

    # The transition's name in the table, or the name of the creating action.
    name = models.CharField(gettext_lazy("transition"), max_length=30)
    from_state = models.CharField(gettext_lazy("from"), max_length=12, blank=True)
    to_state = models.CharField(gettext_lazy("to"), max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("by"),
                              null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(gettext_lazy("at"))
    reason = models.CharField(gettext_lazy("reason"), max_length=30, blank=True)
    note = models.TextField(gettext_lazy("note"), blank=True)

    class Meta:
        abstract = True
