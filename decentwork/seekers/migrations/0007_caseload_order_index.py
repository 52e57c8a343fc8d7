# The caseload's order ending with the key: deep pages of a large office's caseload
# find their rows' keys in the index alone (decentwork/pagination.py).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("seekers", "0006_accommodation_needs_encrypted"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="jobseeker",
            name="seekers_job_office__e0c36f_idx",
        ),
        migrations.AddIndex(
            model_name="jobseeker",
            index=models.Index(fields=["office", "status", "registered_on", "id"],
                               name="seekers_caseload_order"),
        ),
    ]
