"""Models of the Vorhabenliste, split by topic; import them from ``projects.models``."""

from .catalogue import Department, District, Topic, validate_office_contact
from .choices import (
    ChangeGroup,
    ParticipationKind,
    ParticipationLevel,
    ParticipationPlanned,
    Precision,
    Status,
    format_partial_date,
    parse_partial_date,
)
from .editions import Edition, EditionEntry
from .project import CouncilDecision, Milestone, Project, ProjectChange
from .requests import (
    SUPPORTABLE_STATES,
    ParticipationRequest,
    RequestState,
    RequestStateChange,
    RequestSupport,
)

__all__ = [
    "SUPPORTABLE_STATES",
    "ChangeGroup",
    "CouncilDecision",
    "Department",
    "District",
    "Edition",
    "EditionEntry",
    "Milestone",
    "ParticipationKind",
    "ParticipationLevel",
    "ParticipationPlanned",
    "ParticipationRequest",
    "Precision",
    "Project",
    "ProjectChange",
    "RequestState",
    "RequestStateChange",
    "RequestSupport",
    "Status",
    "Topic",
    "format_partial_date",
    "parse_partial_date",
    "validate_office_contact",
]
