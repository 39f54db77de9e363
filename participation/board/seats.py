"""Applications, the lottery and filling seats.

- ``apply`` stores the least data needed (name, a contact for the result, age and
  residence confirmations) only while the call is open and the person is eligible, and
  gives it the next application number of the call.
- ``run_lottery`` draws (``participation.board.lottery``) and stores an unconfirmed run;
  staff see the result and ``confirm_lottery`` makes it final: applications get their
  rank, the drawn ones take free resident seats (without consent to publish their name
  until staff record it), the rest form the successor list.
- ``vacate_seat`` ends a membership; on a seat drawn by lot the next successor of the
  same pool moves up.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.board import lottery
from participation.board.invalidation import board_changed
from participation.board.services import ActionRefused
from participation.models import (
    Application,
    Call,
    LotteryRun,
    Membership,
    Pool,
    Seat,
    SeatType,
    User,
)

PHONE = re.compile(r"^\+?[0-9 ()/\-]{6,30}$")


def _clean(value: str, field: str, max_length: int = 200) -> str:
    cleaned = " ".join(value.replace("\x00", "").split())
    if not cleaned:
        raise ActionRefused({field: _("This field is required.")}, code="required")
    if len(cleaned) > max_length:
        raise ActionRefused({field: _("At most %(max)s characters, please.") % {"max": max_length}})
    return cleaned


def _check_contact(contact: str) -> None:
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            raise ActionRefused({"contact": _("Please enter a valid email address.")}) from None
    elif not PHONE.match(contact):
        raise ActionRefused({"contact": _("Please enter an email address or a phone number.")})


def _check_age(call: Call, birth_year: int | None, age_confirmed: bool) -> None:
    year = timezone.localdate().year
    if birth_year is not None:
        if not 1900 <= birth_year <= year:
            raise ActionRefused({"birth_year": _("Please enter a valid year of birth.")})
        if year - birth_year < call.minimum_age:
            raise ActionRefused(
                {
                    "birth_year": _("Applicants must be at least %(age)s years old.")
                    % {"age": call.minimum_age}
                },
                code="too_young",
            )
        if year - birth_year > call.minimum_age:
            return
    if not age_confirmed:
        raise ActionRefused(
            {
                "age_confirmed": _("Please confirm that you are at least %(age)s years old.")
                % {"age": call.minimum_age}
            },
            code="age",
        )


@transaction.atomic
def apply(
    *,
    call: Call,
    name: str,
    contact: str,
    pool: Pool | None = None,
    birth_year: int | None = None,
    age_confirmed: bool = False,
    residence_confirmed: bool = False,
) -> Application:
    # The lock serialises numbering: two applications never get the same number.
    call = Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    if now < call.opens_at:
        raise ActionRefused(_("Applications are not open yet."), code="not_open")
    if now >= call.closes_at:
        raise ActionRefused(_("The application period has ended."), code="closed")
    name = _clean(name, "name")
    contact = _clean(contact, "contact")
    _check_contact(contact)
    has_pools = call.pools.exists()
    if has_pools and (pool is None or pool.call_id != call.pk):
        raise ActionRefused({"pool": _("Please choose a pool.")}, code="pool")
    if not has_pools and pool is not None:
        raise ActionRefused({"pool": _("This call has no pools.")}, code="pool")
    _check_age(call, birth_year, age_confirmed)
    if call.residence_required and not residence_confirmed:
        raise ActionRefused(
            {"residence_confirmed": _("Please confirm that you live in the city.")},
            code="residence",
        )
    last = call.applications.aggregate(last=Max("number"))["last"] or 0
    return Application.objects.create(
        call=call,
        pool=pool,
        number=last + 1,
        name=name,
        contact=contact,
        birth_year=birth_year,
        age_confirmed=age_confirmed or birth_year is not None,
        residence_confirmed=residence_confirmed,
    )


def _entries(call: Call) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Seats and eligible application numbers per pool name."""
    applications = call.applications.exclude(state=Application.State.WITHDRAWN)
    pools = list(call.pools.all())
    if not pools:
        return {lottery.ALL_APPLICATIONS: call.seats}, {
            lottery.ALL_APPLICATIONS: list(applications.values_list("number", flat=True))
        }
    numbers: dict[str, list[int]] = {pool.name: [] for pool in pools}
    by_id = {pool.pk: pool.name for pool in pools}
    for pool_id, number in applications.values_list("pool_id", "number"):
        if pool_id in by_id:
            numbers[by_id[pool_id]].append(number)
    return {pool.name: pool.seats for pool in pools}, numbers


@transaction.atomic
def run_lottery(*, call: Call, seed: str, by: User | None) -> LotteryRun:
    """Draw and store an unconfirmed run for staff to check before confirming."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    seed = lottery.normalise_seed(seed)
    if not seed:
        raise ActionRefused({"seed": _("Enter the seed drawn in public.")}, code="seed")
    if len(seed) > 500:
        raise ActionRefused({"seed": _("The seed can have at most 500 characters.")})
    if timezone.now() < call.closes_at:
        raise ActionRefused(_("The lottery can only run after the call has closed."))
    if call.lottery_runs.filter(confirmed=True).exists():
        raise ActionRefused(_("This call already has a confirmed lottery."), code="confirmed")
    seats, numbers = _entries(call)
    for name, count in seats.items():
        if count > len(numbers[name]):
            raise ActionRefused(
                _(
                    "Pool “%(pool)s” has %(seats)s seats but only %(count)s applications; "
                    "there is nothing to draw. Appoint the applicants directly or reopen the call."
                )
                % {"pool": name, "seats": count, "count": len(numbers[name])},
                code="too_few",
            )
    return LotteryRun.objects.create(
        call=call,
        seed=seed,
        algorithm_version=lottery.ALGORITHM_VERSION,
        run_by=by,
        pools=seats,
        result=lottery.draw(seed, numbers),
    )


def _free_resident_seats(call: Call, start: datetime.date) -> list[Seat]:
    taken = Membership.objects.holders().filter(Q(end__isnull=True) | Q(end__gte=start))
    return list(
        Seat.objects.filter(board_id=call.board_id, seat_type=SeatType.RESIDENT)
        .exclude(pk__in=taken.values("seat_id"))
        .order_by("order", "pk")
    )


@transaction.atomic
def confirm_lottery(*, run: LotteryRun, start: datetime.date | None = None) -> list[Membership]:
    """Make the run final, rank the applications and seat the drawn applicants.

    Memberships start on ``start`` (default: the term's start or today) and end with the
    term; their names stay unpublished until staff record consent.
    """
    run = (
        LotteryRun.objects.select_for_update(of=("self",))
        .select_related("call__term")
        .get(pk=run.pk)
    )
    call = run.call
    if run.confirmed or call.lottery_runs.filter(confirmed=True).exists():
        raise ActionRefused(_("This call already has a confirmed lottery."), code="confirmed")
    term = call.term
    start = start or (term.start if term and term.start > timezone.localdate() else None)
    start = start or timezone.localdate()
    free = _free_resident_seats(call, start)
    drawn_count = sum(run.pools.get(name, 0) for name in run.result)
    if len(free) < drawn_count:
        raise ActionRefused(
            _("The board has %(free)s free resident seats for %(drawn)s drawn applicants.")
            % {"free": len(free), "drawn": drawn_count},
            code="seats",
        )
    run.confirmed, run.confirmed_at = True, timezone.now()
    run.save(update_fields=["confirmed", "confirmed_at", "modified"])

    applications = {a.number: a for a in call.applications.all()}
    drawn: list[Application] = []
    for pool_name, ranked in run.result.items():
        seats = run.pools.get(pool_name, 0)
        for rank, number in enumerate(ranked, start=1):
            application = applications[number]
            application.rank = rank
            application.state = (
                Application.State.DRAWN if rank <= seats else Application.State.SUCCESSOR
            )
            if rank <= seats:
                drawn.append(application)
    Application.objects.bulk_update(applications.values(), ["rank", "state"])

    members = [
        Membership(
            seat=seat,
            name=application.name,
            start=start,
            end=term.end if term else None,
            drawn_from=run,
            application_number=application.number,
        )
        for seat, application in zip(free, drawn, strict=False)
    ]
    board_changed()  # bulk_create sends no signal: the new members show on the board page
    return Membership.objects.bulk_create(members)


def _next_successor(run: LotteryRun, number: int) -> Application | None:
    pool = next((name for name, ranked in run.result.items() if number in ranked), None)
    if pool is None:
        return None
    waiting = {
        a.number: a
        for a in run.call.applications.filter(state=Application.State.SUCCESSOR).select_for_update()
    }
    seats = run.pools.get(pool, 0)
    return next((waiting[n] for n in run.result[pool][seats:] if n in waiting), None)


@transaction.atomic
def vacate_seat(
    *, membership: Membership, end: datetime.date, reason: str = Membership.EndReason.RESIGNED
) -> Membership | None:
    """End ``membership``; a seat drawn by lot goes to the next successor of its pool.

    Returns the successor's new membership, or ``None`` if nobody moves up.
    """
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if end < membership.start:
        raise ActionRefused(_("The membership cannot end before it started."))
    if membership.end is not None and membership.end < end:
        raise ActionRefused(_("This membership has already ended."))
    original_end = membership.end
    membership.end, membership.end_reason = end, reason
    membership.save(update_fields=["end", "end_reason", "modified"])

    run = membership.drawn_from
    if run is None or membership.is_deputy or membership.application_number is None:
        return None
    successor = _next_successor(run, membership.application_number)
    if successor is None or (original_end is not None and end >= original_end):
        return None
    successor.state = Application.State.APPOINTED
    successor.save(update_fields=["state"])
    replacement = Membership(
        seat_id=membership.seat_id,
        name=successor.name,
        start=end + datetime.timedelta(days=1),
        end=original_end,
        drawn_from=run,
        application_number=successor.number,
    )
    replacement.full_clean()
    replacement.save()
    return replacement
