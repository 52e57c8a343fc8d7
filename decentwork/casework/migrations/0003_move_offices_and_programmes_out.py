# Offices and their staff move to ``network``, training programmes to ``programmes``
# (ADR 0012). Step 1 of 3: rename the tables in the database while the models still
# belong to casework in Django's state; network/0002 and programmes/0001 then claim
# them, and casework/0004 forgets them. No row is copied, no key changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0002_training_programme'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable('office', 'network_office'),
                migrations.AlterModelTable('staffmembership', 'network_staffmembership'),
                # Also renames the skills join table to programmes_trainingprogramme_skills.
                migrations.AlterModelTable('trainingprogramme', 'programmes_trainingprogramme'),
            ],
            state_operations=[],
        ),
    ]
