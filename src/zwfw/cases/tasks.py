"""Background entry points (thin: ids in, one service call)."""
