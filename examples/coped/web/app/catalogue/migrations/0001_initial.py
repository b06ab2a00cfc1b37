from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Project",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=300)),
                ("funder", models.CharField(max_length=120)),
                ("start_year", models.PositiveSmallIntegerField()),
            ],
            options={"ordering": ["-start_year", "title"]},
        ),
    ]
