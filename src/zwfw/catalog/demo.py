"""Moved to :mod:`zwfw.catalog.interchange.demo`; this name stays for the search tests and
benchmarks that load the demo catalog by it."""

from zwfw.catalog.interchange.demo import build_catalog

__all__ = ["build_catalog"]
