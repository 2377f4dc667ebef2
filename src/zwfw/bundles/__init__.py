"""一件事 (高效办成一件事): bundles of service items applied for once.

A bundle is computed from its items' published catalog versions, never typed in by hand
(PLATFORM.md "one source"). The composition itself — merged materials (材料去重), one merged form
(表单整合), stages and the critical-path time limit, trips, windows and the before/after figures —
is the pure package :mod:`zwfw.bundles.engine`: it takes frozen input specs built from the catalog's
interchange data (``docs/catalog-format.md``) and returns a :class:`~zwfw.bundles.engine.Plan`,
touching no database. See ``docs/bundles-engine.md``.
"""
