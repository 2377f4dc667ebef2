"""Batch matching: every in-force rule against every enterprise profile (see :mod:`.batch`)."""
