"""Batch aggregation for reports: month arithmetic and the monthly window report's assembly.

The counting itself runs in the database (grouped conditional counts, see
:mod:`zwfw.cases.selectors_report`); these modules only merge the per-department results, which
are as many rows as there are departments, never one per case.
"""
