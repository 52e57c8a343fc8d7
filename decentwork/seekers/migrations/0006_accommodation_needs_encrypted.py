"""Accommodation needs move from a plain column into the encrypted ``sensitive``
value (ADR 0004): they reveal health ("sign-language interpretation", "screen
reader support") as much as a target group does.

No consent is made up for the needs moved: they stay stored, shown to the person
and their counsellors, and matching uses them only once the person gives the new
consent ``accommodation_matching`` (or states their needs again, which gives it).
Reversible: going back moves the needs out of the encrypted value into the column.
"""

from typing import Any

from django.db import migrations, models

BATCH = 500


def move_needs_into_sensitive(apps: Any, schema_editor: Any) -> None:
    JobSeeker = apps.get_model("seekers", "JobSeeker")
    changed = []
    for seeker in JobSeeker.objects.only("pk", "accommodation_needs", "sensitive").iterator(
            chunk_size=BATCH):
        needs = sorted(set(seeker.accommodation_needs or []))
        if needs:
            seeker.sensitive = {**(seeker.sensitive or {}), "accommodation_needs": needs}
            changed.append(seeker)
    JobSeeker.objects.bulk_update(changed, ["sensitive"], batch_size=BATCH)


def move_needs_out_of_sensitive(apps: Any, schema_editor: Any) -> None:
    JobSeeker = apps.get_model("seekers", "JobSeeker")
    changed = []
    for seeker in JobSeeker.objects.filter(sensitive__isnull=False).only(
            "pk", "accommodation_needs", "sensitive").iterator(chunk_size=BATCH):
        stored = dict(seeker.sensitive or {})
        needs = stored.pop("accommodation_needs", None)
        if needs is not None:
            seeker.accommodation_needs = needs
            seeker.sensitive = stored or None
            changed.append(seeker)
    JobSeeker.objects.bulk_update(changed, ["accommodation_needs", "sensitive"],
                                  batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('seekers', '0005_inferred_skills'),
    ]

    operations = [
        migrations.AlterField(
            model_name='consent',
            name='scope',
            field=models.CharField(choices=[('disability', 'Person with a disability'), ('youth', 'Young person'), ('woman_returner', 'Woman returning to work'), ('refugee', 'Refugee'), ('migrant_worker', 'Migrant worker'), ('social_assistance', 'Social-assistance recipient'), ('proposal_to_employers', 'Be proposed to employers as a candidate'), ('accommodation_matching', 'Use the accommodations needed at work to find suitable jobs')], max_length=30, verbose_name='scope'),
        ),
        migrations.RunPython(move_needs_into_sensitive, move_needs_out_of_sensitive,
                             elidable=False),
        migrations.RemoveField(
            model_name='jobseeker',
            name='accommodation_needs',
        ),
    ]
