# Step 2 of ADR 0012's move: network claims the office tables casework/0003 renamed.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0001_initial'),
        ('casework', '0003_move_offices_and_programmes_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Office',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('slug', models.SlugField(verbose_name='slug')),
                        ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                        ('latitude', models.FloatField(blank=True, null=True, verbose_name='latitude')),
                        ('longitude', models.FloatField(blank=True, null=True, verbose_name='longitude')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offices', to='network.region', verbose_name='labour-market region')),
                        ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offices', to='network.site', verbose_name='site')),
                    ],
                    options={
                        'verbose_name': 'office',
                        'verbose_name_plural': 'offices',
                        'ordering': ['name'],
                        'constraints': [models.UniqueConstraint(fields=('site', 'slug'), name='office_unique_slug')],
                    },
                ),
                migrations.CreateModel(
                    name='StaffMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('office', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff', to='network.office', verbose_name='office')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_membership', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'staff membership',
                        'verbose_name_plural': 'staff memberships',
                    },
                ),
            ],
        ),
    ]
