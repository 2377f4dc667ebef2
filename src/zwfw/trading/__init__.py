"""公共资源交易: projects, sealed bids, opening, expert draws, blind review, red-flag screens, deposits."""
