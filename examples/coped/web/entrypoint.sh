#!/bin/bash
# Collects static files into the `static` volume that nginx serves (so a new image's files
# replace the old ones there), then runs the container's command.
set -euo pipefail
python3 manage.py collectstatic --noinput -v 0
exec "$@"
