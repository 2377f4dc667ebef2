"""Type aliases shared by every app's services and selectors (checked by mypy, see docs/development.md).

``Actor`` is who performs a state change: a signed-in :class:`~zwfw.core.models.User`, or ``None`` for
the system itself (management commands, tasks, migrations, ``zwfw demo``/``zwfw seed``), whose audit
rows name 系统 as the actor and which skips the permission check (STYLE.md convention 2). A service
that refuses to run without a person (it calls ``require(actor, …)`` unconditionally, so ``None``
gets a 403) takes ``actor: User`` instead, and mypy then flags a caller that could pass ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # the alias is for the checker only: importing it must not load the models
    from zwfw.core.models import User

Actor: TypeAlias = "User | None"
