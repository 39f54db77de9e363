"""Who may do what with the board in the admin: only the Geschäftsstelle Beirat (and
superusers) edit it; it sees nothing of comments or users."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from participation import roles
from tests.participation.board.factories import make_board, make_meeting, make_minutes

BOARD_MODELS = [
    "board", "boardterm", "seat", "membership", "call", "pool", "application", "lotteryrun",
    "meeting", "agendaitem", "attachment", "minutes",
]  # fmt: skip
ADMIN_PAGES = [
    "board",
    "membership",
    "call",
    "application",
    "lotteryrun",
    "meeting",
    "agendaitem",
    "minutes",
]


@pytest.mark.django_db
def test_the_board_office_has_every_permission_on_the_board_models_and_others_none():
    for name, expected in [
        (roles.BOARD_OFFICE, True),
        (roles.MODERATION, False),
        (roles.EDITORIAL, False),
    ]:
        codenames = set(
            Group.objects.get(name=name)
            .permissions.filter(
                content_type__app_label="participation", content_type__model__in=BOARD_MODELS
            )
            .values_list("codename", flat=True)
        )
        full = {f"{a}_{m}" for m in BOARD_MODELS for a in ("add", "change", "delete", "view")}
        assert (codenames == full) if expected else not codenames, name


@pytest.mark.django_db
def test_the_board_office_has_no_permission_on_comments_or_users():
    models = {
        (p.content_type.app_label, p.content_type.model)
        for p in Group.objects.get(name=roles.BOARD_OFFICE).permissions.all()
    }
    assert not {m for m in models if m[0] == "guidelines"}
    assert not models & {("participation", "user"), ("auth", "group"), ("auth", "permission")}


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_the_board_office_opens_every_board_admin_list(client, board_office, model):
    client.force_login(board_office)
    assert client.get(reverse(f"admin:participation_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("persona", ["moderator", "editor"])
@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_other_staff_groups_cannot_see_the_board_in_admin(db, client, request, persona, model):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(f"admin:participation_{model}_changelist")).status_code == 403


@pytest.mark.parametrize("persona", ["moderator", "editor"])
def test_other_staff_groups_cannot_publish_minutes_or_edit_meetings(client, request, persona, db):
    minutes = make_minutes(make_meeting(make_board()))
    client.force_login(request.getfixturevalue(persona))

    assert (
        client.post(reverse("admin:participation_minutes_publish", args=[minutes.pk])).status_code
        == 403
    )
    response = client.post(
        reverse("admin:participation_meeting_change", args=[minutes.meeting_id]), {"place": "x"}
    )
    assert response.status_code == 403
    minutes.refresh_from_db()
    assert minutes.state == "draft"


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:guidelines_comment_changelist",
        "admin:participation_user_changelist",
        "admin:auth_group_changelist",
    ],
)
def test_the_board_office_cannot_see_comments_or_users(client, board_office, url_name):
    client.force_login(board_office)
    assert client.get(reverse(url_name)).status_code == 403


def test_residents_and_anonymous_never_reach_the_board_admin(client, resident):
    url = reverse("admin:participation_minutes_changelist")
    assert client.get(url).status_code == 302
    client.force_login(resident)
    assert client.get(url).status_code in {302, 403}
