"""Case data (办件). One module per aggregate; everything is importable from here.

Other apps never import these models (import-linter): they call :mod:`zwfw.cases.services`
and :mod:`zwfw.cases.selectors`.
"""

from zwfw.cases.models.case import (
    ApplicantKind,
    Case,
    CaseChannel,
    CaseNumberCounter,
    CaseStatus,
    Decision,
)
from zwfw.cases.models.consultation import Consultation, ConsultationChannel
from zwfw.cases.models.delivery import Delivery, DeliveryMethod
from zwfw.cases.models.frontdesk import (
    CorrectionNotice,
    PledgeVerification,
    PledgeVerificationStatus,
    ShortfallPledge,
)
from zwfw.cases.models.materials import CaseMaterial, MaterialStatus
from zwfw.cases.models.supervision import SupervisionNotice, SupervisionStatus
from zwfw.cases.models.workflow import CaseStep, ClockStop, SpecialProcedure, StepAction, StepStatus

__all__ = [
    "ApplicantKind",
    "Case",
    "CaseChannel",
    "CaseMaterial",
    "CaseNumberCounter",
    "CaseStatus",
    "CaseStep",
    "ClockStop",
    "Consultation",
    "ConsultationChannel",
    "CorrectionNotice",
    "Decision",
    "Delivery",
    "DeliveryMethod",
    "MaterialStatus",
    "PledgeVerification",
    "PledgeVerificationStatus",
    "ShortfallPledge",
    "SpecialProcedure",
    "StepAction",
    "StepStatus",
    "SupervisionNotice",
    "SupervisionStatus",
]
