from __future__ import annotations

from pathlib import Path

from decentwork.linking import ConceptLinker, Feedback
from tests.linking.taxonomy import demo_taxonomy

QUERIES = ["我在工厂做缝纫工", "hemşire yardımcısı", "tukang las", "barista", "", "verpleeghulp"]


def test_saved_and_loaded_linker_gives_the_same_results(tmp_path: Path) -> None:
    linker = ConceptLinker().fit(
        demo_taxonomy(),
        feedback=[
            Feedback("kerja di konveksi", "sewing-machine-operator", True, "id"),
            Feedback("barman", "bartender", False),
        ],
    )
    linker.save(tmp_path / "index")
    loaded = ConceptLinker.load(tmp_path / "index")

    assert loaded.link(QUERIES, k=5) == linker.link(QUERIES, k=5)
    assert loaded.link(["barman"], k=3) == linker.link(["barman"], k=3)
    assert loaded.link(["kerja di konveksi"], k=1)[0][0].concept_id == "sewing-machine-operator"
    assert loaded.link_with_back_off(["care assistant"]) == linker.link_with_back_off(
        ["care assistant"]
    )


def test_index_directory_holds_no_pickles(tmp_path: Path) -> None:
    ConceptLinker().fit(demo_taxonomy()).save(tmp_path)
    suffixes = {path.suffix for path in tmp_path.iterdir()}
    assert suffixes <= {".json", ".npy", ".npz"}
