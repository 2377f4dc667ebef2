"""Core reads, one module per concern: ``regions``, ``accounts``, ``scope``, ``calendar``.

Every read that leaves core goes through here, scoped to the caller where the data is not public.
"""
