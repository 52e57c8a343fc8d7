from __future__ import annotations

import factory

from decentwork.accounts.models import Role, User

TEST_PASSWORD = "correct horse battery staple"  # tests only


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.COUNSELLOR
    password = factory.django.Password(TEST_PASSWORD)
