"""Every state change of the 中介服务网上超市. Other apps import from here."""

from zwfw.intermediaries.services.agencies import (
    agency_register,
    listing_publish,
    practitioner_add,
    qualification_add,
    violation_record,
)
from zwfw.intermediaries.services.purchases import (
    contract_accept,
    contract_deliver,
    contract_rate,
    contract_sign,
    purchase_publish,
    purchase_select,
)

__all__ = [
    "agency_register",
    "contract_accept",
    "contract_deliver",
    "contract_rate",
    "contract_sign",
    "listing_publish",
    "practitioner_add",
    "purchase_publish",
    "purchase_select",
    "qualification_add",
    "violation_record",
]
