"""A small OParl client for the tests: follows every address in every object it gets."""

import time

from django.conf import settings

from tests.participation.oparl.schemas import validate, validate_list

PREFIX = settings.SITE_URL + "/oparl/v1/"


def _addresses(value):
    """Every OParl address inside a JSON value (web pages and files are not followed)."""
    if isinstance(value, str):
        if value.startswith(PREFIX):
            yield value
    elif isinstance(value, list):
        for entry in value:
            yield from _addresses(entry)
    elif isinstance(value, dict):
        for key, entry in value.items():
            if key not in ("web", "accessUrl", "downloadUrl", "website"):
                yield from _addresses(entry)


def _objects(value):
    """Every object with an ``id`` and ``type`` inside a JSON value, embedded ones too."""
    if isinstance(value, dict):
        if "id" in value and "type" in value:
            yield value
        for entry in value.values():
            yield from _objects(entry)
    elif isinstance(value, list):
        for entry in value:
            yield from _objects(entry)


def crawl(client, start="system", timings=None):
    """Fetch ``start`` and everything reachable from it; return ({id: object}, texts).

    ``timings``, a list, receives the seconds each request took (validation excluded).

    Fails on any answer other than 200 and on any object that breaks its schema.
    ``texts`` holds every response body, for checks that something never appears.
    """
    seen_objects: dict[str, dict] = {}
    texts: list[str] = []
    queue = [PREFIX + start]
    fetched: set[str] = set()
    while queue:
        address = queue.pop()
        if address in fetched:
            continue
        fetched.add(address)
        started = time.perf_counter()
        response = client.get(address.removeprefix(settings.SITE_URL))
        if timings is not None:
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (address, response.status_code)
        payload = response.json()
        texts.append(response.content.decode())
        if "data" in payload and "pagination" in payload:
            validate_list(payload)
        else:
            validate(payload)
        for obj in _objects(payload):
            validate(obj)
            seen_objects[obj["id"]] = obj
        queue.extend(a for a in _addresses(payload) if a not in fetched)
    return seen_objects, texts


def crawl_lists(client):
    """What a syncing client does: System → Body → every external list, page by page,
    taking the embedded objects. Returns ({id: object}, number of requests)."""

    def get(address):
        response = client.get(address.removeprefix(settings.SITE_URL))
        assert response.status_code == 200, address
        return response.json()

    requests = 0
    found: dict[str, dict] = {}
    system = get(PREFIX + "system")
    bodies = get(system["body"])
    requests += 2
    for body in bodies["data"]:
        for key in ("organization", "person", "meeting", "agendaItem", "file", "membership"):
            address = body[key]
            while address:
                page = get(address)
                requests += 1
                validate_list(page)
                for obj in _objects(page["data"]):
                    found[obj["id"]] = obj
                address = page["links"].get("next")
    return found, requests
