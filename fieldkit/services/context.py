"""The bundle of services for one signed-in user, built by the composition root (app.py) and
handed to views. Scoping (an assistant sees only assigned enterprises) is decided here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from fieldkit.config import attachments_dir
from fieldkit.db import SessionFactory, session_factory
from fieldkit.domain.roles import SUPERVISOR_ROLES
from fieldkit.models import Staff

from .assignments import AssignmentService
from .attachments import AttachmentService
from .demands import DemandService
from .enterprises import EnterpriseService
from .evaluations import AssessmentService, EvaluationService
from .planning import PlanService
from .policies import PolicyService
from .proxy import ProxyServiceService
from .records import RecordService
from .store import Actor


@dataclass
class ServiceContext:
    engine: Engine
    folder: Path
    staff: Staff
    device_id: str = "local"
    language: str = "zh_CN"
    #: the store's data key (None: a plaintext store); attachments and backups use its subkeys
    #: (:func:`fieldkit.keystore.derive_subkey`)
    key: bytes | None = field(default=None, repr=False)
    make_session: SessionFactory = field(init=False)

    def __post_init__(self) -> None:
        self.make_session = session_factory(self.engine)
        self.actor = Actor.of(self.staff, self.device_id)
        self.enterprises = EnterpriseService(self.actor)
        self.assignments = AssignmentService(self.actor)
        self.plans = PlanService(self.actor)
        self.records = RecordService(self.actor)
        self.demands = DemandService(self.actor)
        self.proxies = ProxyServiceService(self.actor)
        self.policies = PolicyService(self.actor)
        self.evaluations = EvaluationService(self.actor)
        self.assessments = AssessmentService(self.actor)
        self.attachments = AttachmentService(self.actor, attachments_dir(self.folder), self.key)

    @property
    def is_supervisor(self) -> bool:
        return self.staff.role in SUPERVISOR_ROLES

    @property
    def scope_staff_id(self) -> str | None:
        """Filter for lists: an assistant sees their own; a supervisor the whole zone (None)."""
        return None if self.is_supervisor else self.staff.id
