"""JSON Schemas for the OParl 1.1 objects this endpoint serves, written from the
specification's field tables (oparl.org/spezifikation): types, required fields, formats.

``validate(obj)`` picks the schema by ``type`` and checks embedded objects too.
"""

import re

import jsonschema

SCHEMA = "https://schema.oparl.org/1.1/"
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
# ISO 8601 with an offset, without fractions of a second.
DATE_TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$",
}
URL = {"type": "string", "pattern": r"^https?://[^\s]+$"}
URLS = {"type": "array", "items": URL}


def _object(type_name, properties, required=()):
    common = {
        "id": URL,
        "type": {"const": SCHEMA + type_name},
        "created": DATE_TIME,
        "modified": DATE_TIME,
        "deleted": {"type": "boolean"},
        "web": URL,
        "keyword": {"type": "array", "items": {"type": "string"}},
        "license": URL,
    }
    return {
        "type": "object",
        "properties": common | properties,
        "required": ["id", "type", *required],
        "additionalProperties": False,
    }


FILE = _object(
    "File",
    {
        "name": {"type": "string"},
        "fileName": {"type": "string"},
        "mimeType": {"type": "string", "pattern": r"^[a-z]+/[a-z0-9.+-]+$"},
        "date": DATE,
        "size": {"type": "integer", "minimum": 0},
        "sha512Checksum": {"type": "string", "pattern": r"^[0-9a-f]{128}$"},
        "text": {"type": "string"},
        "accessUrl": URL,
        "downloadUrl": URL,
        "externalServiceUrl": URL,
        "masterFile": URL,
        "derivativeFile": URLS,
        "fileLicense": URL,
        "meeting": URLS,
        "agendaItem": URLS,
        "paper": URLS,
    },
    ["accessUrl", "created", "modified"],
)
LOCATION = _object(
    "Location",
    {
        "description": {"type": "string"},
        "streetAddress": {"type": "string"},
        "room": {"type": "string"},
        "postalCode": {"type": "string"},
        "locality": {"type": "string"},
    },
)
AGENDA_ITEM = _object(
    "AgendaItem",
    {
        "meeting": URL,
        "number": {"type": "string"},
        "order": {"type": "integer"},
        "name": {"type": "string"},
        "public": {"type": "boolean"},
        "consultation": URL,
        "result": {"type": "string"},
        "resolutionText": {"type": "string"},
        "resolutionFile": FILE,
        "auxiliaryFile": {"type": "array", "items": FILE},
        "start": DATE_TIME,
        "end": DATE_TIME,
    },
    ["order", "created", "modified"],
)
MEETING = _object(
    "Meeting",
    {
        "name": {"type": "string"},
        "meetingState": {"type": "string"},
        "cancelled": {"type": "boolean"},
        "start": DATE_TIME,
        "end": DATE_TIME,
        "location": LOCATION,
        "organization": URLS,
        "participant": URLS,
        "invitation": FILE,
        "resultsProtocol": FILE,
        "verbatimProtocol": FILE,
        "auxiliaryFile": {"type": "array", "items": FILE},
        "agendaItem": {"type": "array", "items": AGENDA_ITEM},
    },
    ["created", "modified"],
)
MEMBERSHIP = _object(
    "Membership",
    {
        "person": URL,
        "organization": URL,
        "role": {"type": "string"},
        "votingRight": {"type": "boolean"},
        "startDate": DATE,
        "endDate": DATE,
        "onBehalfOf": URL,
    },
    ["organization", "created", "modified"],
)
PERSON = _object(
    "Person",
    {
        "body": URL,
        "name": {"type": "string"},
        "familyName": {"type": "string"},
        "givenName": {"type": "string"},
        "membership": {"type": "array", "items": MEMBERSHIP},
    },
    ["created", "modified"],
)
ORGANIZATION = _object(
    "Organization",
    {
        "body": URL,
        "name": {"type": "string"},
        "shortName": {"type": "string"},
        "membership": URLS,
        "meeting": URL,
        "organizationType": {"type": "string"},
        "classification": {"type": "string"},
        "startDate": DATE,
        "endDate": DATE,
        "website": URL,
    },
    ["created", "modified"],
)
LEGISLATIVE_TERM = _object(
    "LegislativeTerm",
    {"body": URL, "name": {"type": "string"}, "startDate": DATE, "endDate": DATE},
    ["created", "modified"],
)
BODY = _object(
    "Body",
    {
        "system": URL,
        "name": {"type": "string"},
        "shortName": {"type": "string"},
        "website": URL,
        "organization": URL,
        "person": URL,
        "meeting": URL,
        "paper": URL,
        "agendaItem": URL,
        "consultation": URL,
        "file": URL,
        "locationList": URL,
        "legislativeTermList": URL,
        "membership": URL,
        "legislativeTerm": {"type": "array", "items": LEGISLATIVE_TERM},
        "classification": {"type": "string"},
    },
    [
        "name",
        "organization",
        "person",
        "meeting",
        "paper",
        "legislativeTerm",
        "created",
        "modified",
    ],
)
SYSTEM = _object(
    "System",
    {
        "oparlVersion": {"const": SCHEMA},
        "body": URL,
        "name": {"type": "string"},
        "website": URL,
        "vendor": URL,
        "product": URL,
    },
    ["oparlVersion", "body"],
)
TOMBSTONE = {
    "type": "object",
    "properties": {
        "id": URL,
        "type": {"type": "string", "pattern": "^" + re.escape(SCHEMA) + "[A-Za-z]+$"},
        "created": DATE_TIME,
        "modified": DATE_TIME,
        "deleted": {"const": True},
    },
    "required": ["id", "type", "created", "modified", "deleted"],
    "additionalProperties": False,
}
LIST = {
    "type": "object",
    "properties": {
        "data": {"type": "array", "items": {"type": "object"}},
        "pagination": {
            "type": "object",
            "properties": {
                name: {"type": "integer", "minimum": 0}
                for name in ("totalElements", "elementsPerPage", "currentPage", "totalPages")
            },
            "additionalProperties": False,
        },
        "links": {
            "type": "object",
            "properties": dict.fromkeys(("first", "prev", "next", "last"), URL),
            "required": ["first"],
            "additionalProperties": False,
        },
    },
    "required": ["data", "links"],
    "additionalProperties": False,
}
BY_TYPE = {
    SCHEMA + name: schema
    for name, schema in {
        "System": SYSTEM,
        "Body": BODY,
        "Organization": ORGANIZATION,
        "Person": PERSON,
        "Membership": MEMBERSHIP,
        "Meeting": MEETING,
        "AgendaItem": AGENDA_ITEM,
        "File": FILE,
        "LegislativeTerm": LEGISLATIVE_TERM,
        "Location": LOCATION,
    }.items()
}


for _schema in (*BY_TYPE.values(), TOMBSTONE, LIST):
    jsonschema.Draft202012Validator.check_schema(_schema)
_VALIDATORS = {key: jsonschema.Draft202012Validator(schema) for key, schema in BY_TYPE.items()}
_TOMBSTONE = jsonschema.Draft202012Validator(TOMBSTONE)
_LIST = jsonschema.Draft202012Validator(LIST)


def validate(obj: dict) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``obj`` is a valid object of its type."""
    if obj.get("deleted"):
        _TOMBSTONE.validate(obj)
        return
    _VALIDATORS[obj["type"]].validate(obj)


def validate_list(page: dict) -> None:
    _LIST.validate(page)
    for obj in page["data"]:
        validate(obj)
