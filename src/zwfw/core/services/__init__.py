"""Core services, one module per concern: ``audit``, ``notifications``, ``calendar``, ``accounts``, ``seed``.

Other apps import the module they need (``from zwfw.core.services import audit``) and call its
keyword-only functions.
"""
