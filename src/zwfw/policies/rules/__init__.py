"""The eligibility rule language: parse and type-check (:mod:`.language`), evaluate one
enterprise with explanations (:mod:`.evaluate`), compile to Polars for whole populations
(:mod:`.compile`); attributes and tags (:mod:`.attributes`), GB/T 4754 (:mod:`.industry`),
size classes (:mod:`.size`), derived tags (:mod:`.tags`). Reference: docs/policies.md."""
