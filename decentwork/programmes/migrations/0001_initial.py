# Step 2 of ADR 0012's move: programmes claims the table casework/0003 renamed.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('casework', '0003_move_offices_and_programmes_out'),
        ('network', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='TrainingProgramme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('provider', models.CharField(blank=True, max_length=200, verbose_name='provider')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('language', models.CharField(blank=True, max_length=10, verbose_name='language of instruction')),
                        ('url', models.URLField(blank=True, verbose_name='web address')),
                        ('is_open', models.BooleanField(db_index=True, default=True, verbose_name='open for enrolment')),
                        ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_programmes', to='network.site', verbose_name='site')),
                        ('skills', models.ManyToManyField(related_name='+', to='taxonomy.concept', verbose_name='skills taught')),
                    ],
                    options={
                        'verbose_name': 'training programme',
                        'verbose_name_plural': 'training programmes',
                        'ordering': ['title', 'id'],
                    },
                ),
            ],
        ),
    ]
