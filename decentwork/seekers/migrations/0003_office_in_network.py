# Step 2 of ADR 0012's move: the office key now names network.Office. The column and
# its foreign key already point at the renamed table, so only Django's state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('seekers', '0002_target_occupation'),
        ('network', '0002_office_and_staff'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='jobseeker',
                    name='office',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='seekers', to='network.office', verbose_name='office'),
                ),
            ],
        ),
    ]
