"""Email backends for tests that need an SMTP server to refuse something."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RefusingBackend(LocmemBackend):
    """Like locmem, but refuses recipients at ``invalid.example`` as a server would (550)."""

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        for message in messages:
            bad = [a for a in message.to if a.endswith("@invalid.example")]
            if bad:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(bad, (550, b"no such user")))
        return super().send_messages(messages)
