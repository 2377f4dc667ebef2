"""Demo cases for ``zwfw demo``."""


def demo_cases_ensure() -> dict | None:
    return None
