"""Batch recommendation throughput: a million seekers, region by region.

Labour markets are local, so a national batch is a set of independent region
jobs. This benchmark generates ``REGIONS`` synthetic regions (one
``make_market`` each, seeded by region number), and for each region builds the
index once and runs ``recommend_batch`` over chunks of ``CHUNK`` seekers, exactly
as a distributed worker would (each chunk a pure function of index, chunk and
day). It records the cumulative time at 100k / 250k / 500k / 1M seekers, the
time per 100k seekers, and checks one chunk is reproduced identically.

Baseline, in the same run: the exhaustive method (``RegionMatcher.score_region``:
every open vacancy of the region scored for each seeker, then the top 20) on a
sample of seekers of the first region, extrapolated to 100k seekers.

Usage::

    .venv/bin/python bench/batch.py          # 1,000,000 seekers x 200,000 vacancies
    .venv/bin/python bench/batch.py --quick  # 100,000 seekers x 20,000 vacancies

Writes ``bench/results/batch.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

import numpy as np

from decentwork.matching import RecommendationRows, RegionMatcher, recommend_batch, seeker_chunks
from decentwork.matching.synthetic import make_market

AS_OF = "2025-03-01"
K = 20
CHUNK = 5000
BASELINE_SAMPLE = 300
CHECKPOINTS = (100_000, 250_000, 500_000, 1_000_000)
RESULTS = Path(__file__).parent / "results" / "batch.json"
# Region centres spread over a country-sized area (degrees), one per region.
CENTRES = [(45.0 + 0.8 * (r % 4), 2.0 + 1.2 * (r // 4)) for r in range(16)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100k seekers x 20k vacancies")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    regions = 10
    seekers_per_region = 10_000 if args.quick else 100_000
    vacancies_per_region = 2000 if args.quick else 20_000
    checkpoints = [c // (10 if args.quick else 1) for c in CHECKPOINTS]

    processed, rows_written = 0, 0
    batch_s = build_s = generate_s = 0.0
    reached: dict[int, float] = {}
    per_region = []
    baseline: dict[str, float] = {}
    reproducible = True
    for region in range(regions):
        started = time.perf_counter()
        market = make_market(
            seekers_per_region,
            vacancies_per_region,
            n_occupations=400,
            centre=CENTRES[region],
            random_state=args.seed + region,
        )
        generate_s += time.perf_counter() - started
        started = time.perf_counter()
        matcher = RegionMatcher(n_recommendations=K).fit(market.vacancies)
        region_build_s = time.perf_counter() - started
        build_s += region_build_s

        region_started = time.perf_counter()
        chunks = list(seeker_chunks(market.seekers, CHUNK))
        first_rows = RecommendationRows.empty()
        for number, chunk in enumerate(chunks):
            rows = recommend_batch(matcher, chunk, AS_OF, k=K)
            rows_written += len(rows)
            processed += len(chunk)
            if number == 0:
                first_rows = rows
            for checkpoint in checkpoints:
                if processed >= checkpoint and checkpoint not in reached:
                    reached[checkpoint] = batch_s + time.perf_counter() - region_started
        region_batch_s = time.perf_counter() - region_started
        batch_s += region_batch_s
        per_region.append(
            {
                "region": region,
                "seekers": seekers_per_region,
                "vacancies": vacancies_per_region,
                "index_build_s": round(region_build_s, 2),
                "batch_s": round(region_batch_s, 2),
            }
        )
        reproducible &= first_rows.equals(recommend_batch(matcher, chunks[0], AS_OF, k=K))

        if region == 0:
            sample = market.seekers.seeker_ids[:BASELINE_SAMPLE]
            started = time.perf_counter()
            for row in range(BASELINE_SAMPLE):
                _, scores, exclusion = matcher.score_region(market.seekers, row, AS_OF)
                eligible = np.flatnonzero(exclusion == 0)
                np.argsort(-scores[eligible], kind="stable")[:K]
            baseline_s = time.perf_counter() - started
            started = time.perf_counter()
            recommend_batch(matcher, market.seekers.take(np.arange(len(sample))), AS_OF, k=K)
            indexed_sample_s = time.perf_counter() - started
            baseline = {
                "sample_seekers": BASELINE_SAMPLE,
                "exhaustive_s_per_100k": round(baseline_s / BASELINE_SAMPLE * 100_000, 1),
                "batch_same_sample_s_per_100k": round(
                    indexed_sample_s / BASELINE_SAMPLE * 100_000, 1
                ),
            }
        print(f"region {region}: {processed} seekers, {batch_s:.1f} s batch", flush=True)

    per_100k = batch_s / processed * 100_000
    result = {
        "benchmark": "batch",
        "quick": args.quick,
        "seed": args.seed,
        "regions": regions,
        "seekers": processed,
        "vacancies": regions * vacancies_per_region,
        "k": K,
        "chunk_size": CHUNK,
        "rows_written": rows_written,
        "generate_s": round(generate_s, 1),
        "index_build_s_total": round(build_s, 1),
        "batch_s_total": round(batch_s, 1),
        "batch_s_per_100k_seekers": round(per_100k, 1),
        "cumulative_batch_s_at": {str(k): round(v, 1) for k, v in sorted(reached.items())},
        "baseline": baseline,
        "speedup_vs_exhaustive": round(
            baseline["exhaustive_s_per_100k"] / baseline["batch_same_sample_s_per_100k"], 1
        ),
        "first_chunk_reproduced_identically": reproducible,
        "per_region": per_region,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": {"cpus": os.cpu_count(), "load_average_1m_at_end": round(os.getloadavg()[0], 2)},
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
