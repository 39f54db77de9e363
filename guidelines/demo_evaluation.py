"""Demo of the Rückmeldung: the demo draft's consultation, closed and fully answered,
and the adopted version whose changed paragraphs trace back to the comments."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from guidelines import demo, demo_text
from guidelines.authoring import copy_version
from guidelines.models import Comment, Disposition, Document, Paragraph, Response, Support, Version

# Lists add the state ("– Beteiligung beendet"), so the label names only the draft.
CLOSED_LABEL = "Entwurf Januar 2026"
ADOPTED_LABEL = "Beschlossene Fassung"
OFFICE = "Stadtverwaltung, Referat Bürgerbeteiligung"

# Deterministic answers: the n-th comment gets the n-th entry (cycling).
ANSWERS = [
    (Disposition.ADOPTED, "Danke für den Hinweis. Wir haben den Absatz entsprechend ergänzt."),
    (
        Disposition.PARTLY,
        "Den Kern des Vorschlags haben wir aufgenommen; eine feste Frist "
        "können wir wegen der Haushaltsplanung nicht zusagen.",
    ),
    (Disposition.NOTED, "Wir nehmen die Anregung für die Evaluation der Leitlinien mit."),
    (
        Disposition.ANSWERED,
        "Die Vorhabenliste wird zweimal im Jahr aktualisiert; die "
        "Termine stehen auf der Startseite der Vorhabenliste.",
    ),
    (
        Disposition.REJECTED,
        "Der Vorschlag widerspräche der Gemeindeordnung, nach der der "
        "Stadtrat abschließend entscheidet. Wir haben ihn deshalb nicht übernommen.",
    ),
]
AMENDMENT = (
    " Die Stadt veröffentlicht dazu eine kurze Zusammenfassung in einfacher Sprache und "
    "meldet sich spätestens nach sechs Wochen mit einer Rückmeldung."
)
CHANGED_PARAGRAPHS = 8


@transaction.atomic
def seed() -> str:
    document = Document.objects.filter(slug=demo_text.SLUG).first()
    if document is None:
        return "Rückmeldung demo: no demo document."
    if document.versions.filter(label=ADOPTED_LABEL).exists():
        return "Rückmeldung demo: already there."
    draft = document.versions.get(label=demo_text.VERSION_LABEL)
    now = timezone.now()
    closed = copy_version(version=draft, label=CLOSED_LABEL)
    Version.objects.filter(pk=closed.pk).update(
        state=Version.State.CLOSED,
        comments_open_at=now - timedelta(days=70),
        comments_close_at=now - timedelta(days=49),
        responses_published_at=now - timedelta(days=30),
    )
    comments = copy_discussion(draft, closed)
    responses = answer_all(comments, answered_on=(now - timedelta(days=31)).date())
    adopted = adopt(closed, responses, decided=(now - timedelta(days=14)).date())
    demo.introduce_results(closed=closed, adopted=adopted)
    return (
        f"Rückmeldung demo: “{closed.label}” with {len(responses)} responses, "
        f"“{adopted.label}” with {CHANGED_PARAGRAPHS} changed paragraphs."
    )


def copy_discussion(source: Version, target: Version) -> list[Comment]:
    """The source's comments and supports on the target's same-key paragraphs, level by level."""
    paragraphs = {p.key: p for p in target.paragraphs.all()}
    originals = list(
        Comment.objects.filter(paragraph__version=source)
        .select_related("paragraph")
        .order_by("depth", "created_at", "pk")
    )
    copies: dict[int, Comment] = {}
    for depth in sorted({c.depth for c in originals}):
        level = [c for c in originals if c.depth == depth]
        made = Comment.objects.bulk_create(
            Comment(
                paragraph=paragraphs[c.paragraph.key],
                parent=copies[c.parent_id] if c.parent_id else None,
                depth=c.depth,
                author_id=c.author_id,
                text=c.text,
                state=c.state,
                hidden_reason=c.hidden_reason,
                support_count=c.support_count,
                created_at=c.created_at - timedelta(days=60),
            )
            for c in level
        )
        copies.update({c.pk: copy for c, copy in zip(level, made, strict=True)})
    Support.objects.bulk_create(
        Support(comment=copies[s.comment_id], user_id=s.user_id)
        for s in Support.objects.filter(comment__paragraph__version=source)
    )
    return list(copies.values())


def answer_all(comments: list[Comment], *, answered_on: date) -> list[Response]:
    return Response.objects.bulk_create(
        Response(
            comment=comment,
            disposition=ANSWERS[index % len(ANSWERS)][0],
            reasoning=ANSWERS[index % len(ANSWERS)][1],
            reasoning_html=f"<p>{ANSWERS[index % len(ANSWERS)][1]}</p>",
            answered_by=OFFICE,
            answered_on=answered_on,
        )
        for index, comment in enumerate(comments)
    )


def adopt(closed: Version, responses: list[Response], *, decided: date) -> Version:
    """The council's version: paragraphs that got "adopted" answers are amended."""
    adopted = copy_version(version=closed, label=ADOPTED_LABEL)
    Version.objects.filter(pk=adopted.pk).update(
        state=Version.State.ADOPTED,
        decision_body="Stadtrat",
        decision_date=decided,
        decision_reference="0427/2026",
        decision_url="https://ratsinfo.example.org/vorlage/0427-2026",
    )
    new_paragraphs = {p.key: p for p in adopted.paragraphs.all()}
    adopted_answers = [
        r for r in responses if r.disposition in {Disposition.ADOPTED, Disposition.PARTLY}
    ]
    changed: dict[str, Paragraph] = {}
    for response in adopted_answers:
        key = response.comment.paragraph.key
        if key not in changed and len(changed) < CHANGED_PARAGRAPHS:
            paragraph = new_paragraphs[key]
            paragraph.text = paragraph.text.rstrip() + AMENDMENT
            paragraph.save(update_fields=["text"])
            changed[key] = paragraph
        if key in changed:
            response.result_paragraphs.add(changed[key])
    return adopted
