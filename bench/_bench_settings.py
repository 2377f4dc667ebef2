"""Settings for the benchmarks: the product's settings, with the floor endpoint (``_floor``) in
front of the product's URLs. Only used by scripts in ``bench/`` (``bench/`` on ``PYTHONPATH``)."""

from zwfw.settings.base import *  # noqa: F403

ROOT_URLCONF = "_bench_urls"
