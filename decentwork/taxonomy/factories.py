from __future__ import annotations

import factory

from decentwork.taxonomy.models import Concept, ConceptKind, Label, LabelKind


class ConceptFactory(factory.django.DjangoModelFactory[Concept]):
    class Meta:
        model = Concept
        django_get_or_create = ("uri",)

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/occupation/test-{n}")
    kind = ConceptKind.OCCUPATION
    isco_code = "5321"


class LabelFactory(factory.django.DjangoModelFactory[Label]):
    class Meta:
        model = Label

    concept = factory.SubFactory(ConceptFactory)
    language = "en"
    kind = LabelKind.PREFERRED
    text = factory.Sequence(lambda n: f"label {n}")
