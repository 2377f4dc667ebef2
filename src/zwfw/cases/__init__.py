"""办件: applications, materials, the workflow run from the item's graph, the clock, results."""
