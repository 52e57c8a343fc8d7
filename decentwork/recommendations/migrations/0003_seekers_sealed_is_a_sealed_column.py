# Declares the sealed snapshot column to the key check and the key rotation
# (decentwork.encryption.SealedBinaryField); the database column does not change.

import decentwork.encryption
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0002_no_close_match'),
    ]

    operations = [
        migrations.AlterField(
            model_name='runchunk',
            name='seekers_sealed',
            field=decentwork.encryption.SealedBinaryField(blank=True, null=True, verbose_name='sealed seeker snapshot'),
        ),
    ]
