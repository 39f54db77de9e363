from celery import shared_task

from guidelines import notifications


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def announce_comment_periods() -> int:
    return notifications.announce_comment_periods()
