"""Sections of "Mein Konto" that other apps contribute (e.g. the person's comments), after
the profile; see :mod:`participation.sections`. A section's context function must keep its
query count independent of how much the person has written (paginate, ``select_related``).
"""

from participation.sections import PageSections

_page = PageSections()
register = _page.register
sections = _page.sections
