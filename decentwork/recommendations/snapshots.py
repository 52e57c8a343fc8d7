"""A run's stored inputs: engine tables as ``.npz`` bytes (no pickle).

The vacancy snapshot (with the congestion prices) is written once per run and
read by every chunk; each chunk's seeker table is written once at preparation
and sealed with the field-encryption keys (ADR 0004), because it carries the
consented target groups and accommodation needs. A chunk that runs twice
therefore reads exactly the same inputs and writes exactly the same rows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import numpy as np
import scipy.sparse as sp
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from numpy.typing import NDArray

from decentwork.matching import MarketAdjustment, SeekerGroup, SeekerTable, VacancyTable

SNAPSHOT_FORMAT = 4
"""Bumped whenever the layout changes; reading another version fails loudly."""

TableT = TypeVar("TableT", SeekerTable, VacancyTable)


@dataclass(frozen=True, eq=False)
class VacancySnapshot:
    vacancies: VacancyTable
    skill_uris: NDArray[np.str_]
    adjustment: MarketAdjustment | None


def pack_vacancies(snapshot: VacancySnapshot) -> bytes:
    arrays: dict[str, NDArray[Any]] = {"format": np.array(SNAPSHOT_FORMAT),
                                       "skill_uris": np.asarray(snapshot.skill_uris, np.str_)}
    _put_table(arrays, "vacancies", snapshot.vacancies)
    if snapshot.adjustment is not None:
        _put_adjustment(arrays, snapshot.adjustment)
    return _to_bytes(arrays)


def unpack_vacancies(data: bytes | memoryview) -> VacancySnapshot:
    stored = _from_bytes(data)
    adjustment = _get_adjustment(stored) if "adjustment.prices" in stored else None
    return VacancySnapshot(_get_table(VacancyTable, stored, "vacancies"),
                           stored["skill_uris"], adjustment)


def seal_seekers(seekers: SeekerTable) -> bytes:
    arrays: dict[str, NDArray[Any]] = {"format": np.array(SNAPSHOT_FORMAT)}
    _put_table(arrays, "seekers", seekers)
    return _cipher().encrypt(_to_bytes(arrays))


def unseal_seekers(token: bytes | memoryview) -> SeekerTable:
    return _get_table(SeekerTable, _from_bytes(_cipher().decrypt(bytes(token))), "seekers")


def _cipher() -> MultiFernet:
    # The same keys as EncryptedJSONField: rotating them covers snapshots too.
    return MultiFernet([Fernet(key.strip().encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


def _put_adjustment(arrays: dict[str, NDArray[Any]], adjustment: MarketAdjustment) -> None:
    # Field by field, so that a setting the engine adds (e.g. a quality floor)
    # is stored without a change here.
    for field in fields(adjustment):
        value = getattr(adjustment, field.name)
        key = f"adjustment.{field.name}"
        if isinstance(value, dict):
            groups = list(value)
            arrays[f"{key}.groups"] = np.array([int(g) for g in groups], dtype=np.int64)
            arrays[f"{key}.values"] = np.array([value[g] for g in groups], dtype=np.float64)
        else:
            arrays[key] = np.asarray(value)


def _get_adjustment(stored: dict[str, NDArray[Any]]) -> MarketAdjustment:
    columns: dict[str, Any] = {}
    for field in fields(MarketAdjustment):
        key = f"adjustment.{field.name}"
        if f"{key}.groups" in stored:
            columns[field.name] = {SeekerGroup(int(g)): float(v) for g, v in zip(
                stored[f"{key}.groups"], stored[f"{key}.values"], strict=True)}
        elif key in stored:
            value = stored[key]
            columns[field.name] = value.item() if value.ndim == 0 else value
    return MarketAdjustment(**columns)


def _put_table(arrays: dict[str, NDArray[Any]], prefix: str, table: object) -> None:
    for field in fields(table):  # type: ignore[arg-type]
        value = getattr(table, field.name)
        key = f"{prefix}.{field.name}"
        if sp.issparse(value):
            csr = sp.csr_array(value)
            arrays |= {f"{key}.data": csr.data, f"{key}.indices": csr.indices,
                       f"{key}.indptr": csr.indptr, f"{key}.shape": np.array(csr.shape)}
        else:
            arrays[key] = np.asarray(value)


def _get_table(kind: type[TableT], stored: dict[str, NDArray[Any]], prefix: str) -> TableT:
    columns: dict[str, Any] = {}
    for field in fields(kind):
        key = f"{prefix}.{field.name}"
        if f"{key}.indptr" in stored:
            columns[field.name] = sp.csr_array(
                (stored[f"{key}.data"], stored[f"{key}.indices"], stored[f"{key}.indptr"]),
                shape=tuple(int(n) for n in stored[f"{key}.shape"]))
        else:
            columns[field.name] = stored[key]
    return kind(**columns)


def _to_bytes(arrays: dict[str, NDArray[Any]]) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def _from_bytes(data: bytes | memoryview) -> dict[str, NDArray[Any]]:
    with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    if int(arrays["format"]) != SNAPSHOT_FORMAT:
        raise ValueError(f"snapshot format {int(arrays['format'])}, expected {SNAPSHOT_FORMAT}")
    return arrays
