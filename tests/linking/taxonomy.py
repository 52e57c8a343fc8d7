"""A small hand-written multilingual taxonomy whose right answers are known.

Labels are in English, Simplified Chinese, Turkish, Dutch, Arabic,
Indonesian and Thai; ISCO groups nest by code so the hierarchy back-off has
something to climb.
"""

from __future__ import annotations

from decentwork.linking import Concept, Label


def _labels(*pairs: tuple[str, str]) -> tuple[Label, ...]:
    labels: list[Label] = []
    for number, (language, text) in enumerate(pairs):
        first_in_language = all(language != earlier for earlier, _ in pairs[:number])
        labels.append(Label(text, language, "preferred" if first_in_language else "alternative"))
    return tuple(labels)


def _group(code: str, english: str, parent: str | None) -> Concept:
    return Concept(
        f"isco:{code}",
        "isco_group",
        _labels(("en", english)),
        (f"isco:{parent}",) if parent else (),
        code,
    )


GROUPS = [
    _group("5", "service and sales workers", None),
    _group("51", "personal service workers", "5"),
    _group("513", "waiters and bartenders", "51"),
    _group("5131", "waiters", "513"),
    _group("5132", "bartenders", "513"),
    _group("53", "personal care workers", "5"),
    _group("532", "personal care workers in health services", "53"),
    _group("5321", "health care assistants", "532"),
    _group("5322", "home-based personal care workers", "532"),
    _group("7", "craft and related trades workers", None),
    _group("72", "metal, machinery and related trades workers", "7"),
    _group("7212", "welders and flame cutters", "72"),
    _group("75", "food processing, garment and related trades workers", "7"),
    _group("7533", "sewing, embroidery and related trades workers", "75"),
]


def _occupation(concept_id: str, code: str, *pairs: tuple[str, str]) -> Concept:
    return Concept(concept_id, "occupation", _labels(*pairs), (f"isco:{code}",), code)


OCCUPATIONS = [
    _occupation(
        "sewing-machine-operator",
        "7533",
        ("en", "sewing machine operator"),
        ("en", "sewing machinist"),
        ("zh", "缝纫工"),
        ("zh", "缝纫机操作员"),
        ("tr", "dikiş makinesi operatörü"),
        ("nl", "naaister"),
        ("ar", "مشغل ماكينة خياطة"),
        ("id", "operator mesin jahit"),
        ("th", "ช่างเย็บผ้า"),
    ),
    _occupation(
        "embroiderer",
        "7533",
        ("en", "embroiderer"),
        ("zh", "绣花工"),
        ("tr", "nakışçı"),
        ("id", "pembordir"),
    ),
    _occupation(
        "nurse-assistant",
        "5321",
        ("en", "nurse assistant"),
        ("en", "nursing aide"),
        ("zh", "护理员"),
        ("tr", "hemşire yardımcısı"),
        ("nl", "verpleeghulp"),
        ("ar", "مساعد ممرض"),
        ("id", "asisten perawat"),
        ("th", "ผู้ช่วยพยาบาล"),
    ),
    _occupation(
        "home-care-aide",
        "5322",
        ("en", "home care aide"),
        ("en", "home care assistant"),
        ("nl", "thuiszorgmedewerker"),
        ("tr", "evde bakım elemanı"),
        ("zh", "家庭护理员"),
        ("id", "pengasuh lansia di rumah"),
    ),
    _occupation(
        "hospital-care-assistant",
        "5321",
        ("en", "ward care assistant"),
        ("nl", "zorgassistent ziekenhuis"),
    ),
    _occupation(
        "welder",
        "7212",
        ("en", "welder"),
        ("id", "tukang las"),
        ("tr", "kaynakçı"),
        ("nl", "lasser"),
        ("zh", "焊工"),
        ("ar", "لحام"),
        ("th", "ช่างเชื่อม"),
    ),
    _occupation(
        "barista",
        "5132",
        ("en", "barista"),
        ("en", "coffee bar attendant"),
        ("zh", "咖啡师"),
        ("th", "บาริสต้า"),
        ("ar", "باريستا"),
    ),
    _occupation(
        "bartender",
        "5132",
        ("en", "bartender"),
        ("en", "barman"),
        ("nl", "barman"),
        ("tr", "barmen"),
        ("zh", "调酒师"),
    ),
    _occupation(
        "waiter",
        "5131",
        ("en", "waiter"),
        ("en", "waitress"),
        ("nl", "ober"),
        ("tr", "garson"),
        ("zh", "服务员"),
        ("id", "pelayan restoran"),
    ),
]


def _skill(concept_id: str, *pairs: tuple[str, str]) -> Concept:
    return Concept(concept_id, "skill", _labels(*pairs))


SKILLS = [
    _skill(
        "operate-sewing-machines",
        ("en", "operate sewing machines"),
        ("en", "use industrial sewing machines"),
        ("zh", "使用缝纫机"),
        ("tr", "dikiş makinesi kullanmak"),
        ("nl", "naaimachine bedienen"),
    ),
    _skill(
        "weld-metal",
        ("en", "weld metal parts"),
        ("en", "arc welding"),
        ("nl", "metaal lassen"),
        ("tr", "kaynak yapmak"),
        ("zh", "焊接金属"),
    ),
    _skill(
        "prepare-coffee",
        ("en", "prepare espresso coffee"),
        ("en", "make coffee drinks"),
        ("nl", "koffie zetten"),
        ("tr", "kahve hazırlamak"),
        ("zh", "冲咖啡"),
    ),
    _skill(
        "assist-personal-hygiene",
        ("en", "assist patients with personal hygiene"),
        ("nl", "patiënten helpen met persoonlijke hygiëne"),
    ),
]


def demo_taxonomy() -> list[Concept]:
    """Return the groups, occupations and skills of the test taxonomy."""
    return [*GROUPS, *OCCUPATIONS, *SKILLS]
