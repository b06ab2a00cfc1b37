from django.db import models


class Project(models.Model):
    """A research project in the catalogue (COPED: a catalogue of energy research projects)."""

    title = models.CharField(max_length=300)
    funder = models.CharField(max_length=120)
    start_year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-start_year", "title"]

    def __str__(self):
        return self.title
