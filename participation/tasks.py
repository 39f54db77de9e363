"""Thin Celery tasks: they take primitives and call ``participation.outbox``."""

from celery import shared_task

from participation import outbox
from participation.board import retention
from participation.models import Frequency


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_outbox(batch_size: int = 100) -> int:
    delivery = outbox.deliver_due(batch_size=batch_size)
    if delivery.more_due:
        deliver_outbox.delay(batch_size)  # the next slice, in a fresh task
    return delivery.sent


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep_outbox() -> int:
    due = outbox.sweep()
    if due:
        deliver_outbox.delay()
    return due


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_digests(frequency: str) -> int:
    count = outbox.build_digests(frequency=Frequency(frequency))
    if count:
        deliver_outbox.delay()
    return count


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def expire_subscriptions() -> int:
    return outbox.expire_subscriptions()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def purge_board_applications() -> int:
    return retention.purge_applications()
