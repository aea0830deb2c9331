"""The benchmark behind ``make bench``: the portal under gunicorn, at two data sizes."""
