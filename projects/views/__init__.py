"""The public pages of the Vorhabenliste, split by what a reader does.

``listing``: the list with filters, search and sorting, and the print edition;
``detail``: the entry page ("Steckbrief"); ``actions``: asking for participation and
supporting it (PRG); ``opendata``: CSV, JSON, GeoJSON and the Atom feed.
"""
