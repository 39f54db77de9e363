"""Django admin of the Vorhabenliste, for the group *Redaktion*.

``entries`` holds the entry admin (milestones and council decisions inline, the public
reason asked for whenever status, schedule, cost or participation change, the staff
edit history, CSV/XLSX import with a dry run and export); ``catalogue`` the departments,
districts, topics and editions (with freezing); ``requests`` the Anregungen, moved
along their steps only through ``projects.services``. Importing them here registers them.
"""

from projects.admin import catalogue, entries, requests

__all__ = ["catalogue", "entries", "requests"]
