"""``{% personal "template.html" name=value … %}``: a part of a page that differs per reader.

Rendered like an include with only the given arguments (and the context processors'
values), and marked in a page the cache stores, so that signed-in readers get the stored
page with this part rendered for them (participation.pagecache.personal_part).
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from participation import pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context: template.Context, template_name: str, **arguments: Any) -> SafeString:
    return pagecache.personal_part(context["request"], template_name, arguments)
