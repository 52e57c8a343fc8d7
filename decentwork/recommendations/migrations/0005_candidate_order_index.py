# A vacancy's candidates in their order (score, best first): a page of a popular
# vacancy reads its 50 index entries instead of sorting all its rows.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0004_one_active_run_per_region"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="recommendation",
            name="recommendat_run_id_e35439_idx",
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(fields=["run", "vacancy", "-score", "seeker"],
                               name="recommendation_candidate_order"),
        ),
    ]
