"""Saved indexes answer like fresh ones; batch chunks are pure and partition-free."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from decentwork.matching import (
    RecommendationRows,
    RegionIndex,
    RegionMatcher,
    recommend_batch,
    seeker_chunks,
)
from decentwork.matching.synthetic import make_market

AS_OF = "2025-03-01"


def test_save_load_round_trip_gives_identical_recommendations(tmp_path: Path) -> None:
    market = make_market(150, 2000, random_state=5)
    uris = np.array([f"skill:{i}" for i in range(market.vacancies.n_skills)])
    fresh = RegionMatcher().fit(market.vacancies, uris)
    fresh.index_.save(tmp_path / "region.npz")
    loaded = RegionMatcher().use_index(RegionIndex.load(tmp_path / "region.npz"))
    assert fresh.recommend_vacancies(market.seekers, AS_OF).equals(
        loaded.recommend_vacancies(market.seekers, AS_OF)
    )
    assert np.array_equal(loaded.index_.skill_uris, uris)  # type: ignore[arg-type]
    for name in ("vacancy_ids", "opens_on", "closes_on", "accommodations_offered"):
        assert np.array_equal(
            getattr(fresh.index_.vacancies, name), getattr(loaded.index_.vacancies, name)
        )


def test_same_chunk_always_yields_the_same_rows() -> None:
    market = make_market(200, 1500, random_state=6)
    matcher = RegionMatcher().fit(market.vacancies)
    chunk = next(seeker_chunks(market.seekers, 64))
    first = recommend_batch(matcher, chunk, AS_OF)
    again = recommend_batch(RegionMatcher().fit(market.vacancies), chunk, AS_OF)
    assert len(first) > 0
    assert first.equals(again)


def test_rows_do_not_depend_on_how_the_region_is_chunked() -> None:
    market = make_market(240, 1500, random_state=7)
    matcher = RegionMatcher().fit(market.vacancies)

    def run(chunk_size: int) -> RecommendationRows:
        return RecommendationRows.concatenate(
            [
                recommend_batch(matcher, chunk, AS_OF)
                for chunk in seeker_chunks(market.seekers, chunk_size)
            ]
        )

    whole = run(240)
    assert whole.equals(run(1))
    assert whole.equals(run(37))


def test_recommendations_change_with_the_reference_day() -> None:
    market = make_market(100, 1500, random_state=8)
    matcher = RegionMatcher().fit(market.vacancies)
    today = matcher.recommend_vacancies(market.seekers, AS_OF)
    later = matcher.recommend_vacancies(market.seekers, "2025-04-15")
    assert not today.equals(later)


def test_same_random_state_same_market_different_state_different_market() -> None:
    first, again, other = (make_market(50, 200, random_state=s) for s in (11, 11, 12))
    assert (first.seekers.skills != again.seekers.skills).nnz == 0
    assert np.array_equal(first.vacancies.vacancy_ids, again.vacancies.vacancy_ids)
    assert (first.seekers.skills != other.seekers.skills).nnz > 0
