# Step 3 of 3 of ADR 0012's move: casework's state forgets the models that
# network and programmes now own; the tables stay where step 1 put them.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0003_move_offices_and_programmes_out'),
        ('network', '0002_office_and_staff'),
        ('programmes', '0001_initial'),
        ('seekers', '0003_office_in_network'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel('StaffMembership'),
                migrations.DeleteModel('TrainingProgramme'),
                migrations.DeleteModel('Office'),
            ],
        ),
    ]
