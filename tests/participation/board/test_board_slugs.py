"""A board's slug cannot shadow the fixed addresses of the board pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participation.models import Board

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["sitzungen", "protokolle", "losverfahren", "bewerbung"])
def test_a_slug_used_by_the_board_pages_is_refused(slug):
    board = Board(name="Jugendbeirat", slug=slug)

    with pytest.raises(ValidationError) as refused:
        board.full_clean()

    assert "slug" in refused.value.message_dict


def test_the_board_address_explains_itself_before_a_board_exists(client):
    response = client.get(reverse("participation:board"))

    assert response.status_code == 200
    assert b"<h1>" in response.content
