"""django-ninja In/Out schemas of the core API, one module per concern."""
