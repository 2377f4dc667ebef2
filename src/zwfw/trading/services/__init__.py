"""Every state change of the trading app; one module per sub-domain.

Other apps import from here (``from zwfw.trading.services import bids``), never from the models.
"""
