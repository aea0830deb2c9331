"""``make bench``: production settings, plus what the benchmark measures with.

Each response carries ``X-Bench-Queries`` (the SQL statements the request ran), and the
URLconf adds one bare signed-in view to compare the pages with. Never deployed.
"""

from .prod import *  # noqa: F403
from .prod import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.queries.QueryCountMiddleware", *MIDDLEWARE]

# The benchmark measures the API's work, not its limiter: one key sends thousands a second.
AIDIAL_API_RATE_PER_MINUTE = 1_000_000_000
