"""Sections of the start page that other apps contribute (consultations, the Vorhabenliste,
the board), in the order of their ``position``; see :mod:`participation.sections`."""

from participation.sections import PageSections

_page = PageSections()
register = _page.register
sections = _page.sections
