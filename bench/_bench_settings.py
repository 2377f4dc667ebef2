"""Settings for the benchmarks: the product's settings, plus

- the floor endpoint (``_floor``: ``/bench/floor/{id}``) in front of the product's URLs;
- ``_bench_cpu.CpuHeaderMiddleware`` outermost: every answer carries ``X-Bench-Cpu-Us``, the CPU
  time (user + system, microseconds) the worker process spent on the request inside Django (a
  sync worker serves one request at a time, so the process's CPU clock is the request's).

Only used by scripts in ``bench/`` (``bench/`` on ``PYTHONPATH``); never by the product.
"""

from zwfw.settings.base import *  # noqa: F403
from zwfw.settings.base import MIDDLEWARE as _MIDDLEWARE

ROOT_URLCONF = "_bench_urls"
MIDDLEWARE = ["_bench_cpu.CpuHeaderMiddleware", *_MIDDLEWARE]
