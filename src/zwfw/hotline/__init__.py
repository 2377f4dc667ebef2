"""12345 热线综合枢纽: work orders, appeal catalog, responsibility list, classification, routing, SLAs,
knowledge base, hot spots."""
