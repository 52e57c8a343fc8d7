"""Pages of lists that may hold hundreds of thousands of rows.

An office's caseload at a national scale (a quarter of a million people in
``bench/load.py``), or the candidates of a popular vacancy, break Django's
``Paginator`` in two places: it counts every row on every page view, and a page far
down the list reads, and throws away, every row before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Lists up to this long are counted exactly on every view (a count bounded by a LIMIT
# costs little); longer ones are counted once per COUNT_SECONDS and the count kept in
# the cache: counting 240,000 index entries took 20-40 ms of the database per view,
# while a figure that large a minute old tells the reader the same thing.
EXACT_COUNT_UP_TO = 1000
COUNT_SECONDS = 60

# Generic for the type checker only (django-stubs); Django's class takes no parameter.
if TYPE_CHECKING:
    _Paginator = Paginator[Any]
else:
    _Paginator = Paginator


class LongListPaginator(_Paginator):
    """A :class:`~django.core.paginator.Paginator` over an ordered queryset of a long list.

    ``count_key`` names the list in the cache, and must differ for every list a
    reader may see (include whose list it is). A page's rows are found in two steps:
    their primary keys first, which an index on the ordering columns (ending with the
    key) answers without reading the table, however deep the offset, then those rows.
    """

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, count_key: str) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        queryset = self.queryset
        kept: int | None = cache.get(self.count_key)
        if kept is not None:
            return kept
        bounded = queryset.order_by()[:EXACT_COUNT_UP_TO + 1].count()
        if bounded <= EXACT_COUNT_UP_TO:
            return bounded
        counted = queryset.count()
        cache.set(self.count_key, counted, COUNT_SECONDS)
        return counted

    def page(self, number: int | str) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self.queryset.values("pk")[bottom:bottom + self.per_page]
        return Page(self.queryset.filter(pk__in=keys), number, self)
