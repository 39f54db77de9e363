from django import template

from participation.models import Event

register = template.Library()


@register.filter
def event_label(value: str) -> str:
    try:
        return str(Event(value).label)
    except ValueError:
        return value


@register.inclusion_tag("components/_follow_button.html", takes_context=True)
def follow_button(context: template.Context, target: object) -> dict[str, object]:
    """The follow/unfollow form for ``target``; nothing for anonymous visitors."""
    from participation import follows
    from participation.notifications import is_following

    request = context["request"]
    user = request.user
    return {
        "target": target,
        "kind": follows.name_of(target),  # type: ignore[arg-type]
        "following": user.is_authenticated and is_following(user, target),  # type: ignore[arg-type]
        "next": request.get_full_path(),
        "show": user.is_authenticated,
    }
