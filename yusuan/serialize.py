"""The canonical JSON/YAML of a disclosure (model + summary) and its JSON Schema."""

from __future__ import annotations

import json
from typing import Any

from .model import Disclosure
from .summary import to_json_dict

_SUMMARY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Totals and lines in 万元 as exact decimal strings (tables in 元 converted exactly); blank is \"0\".",
    "properties": {
        "income_total": {"type": "string"},
        "expenditure_total": {"type": "string"},
        "basic": {"type": "string"},
        "project": {"type": "string"},
        "functional": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "name": {"type": "string"}, "total": {"type": "string"},
            "basic": {"type": "string"}, "project": {"type": "string"}}}},
        "economic": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "name": {"type": "string"}, "total": {"type": "string"},
            "personnel": {"type": "string"}, "public": {"type": "string"},
            "items": {"type": "array", "items": {"type": "object"}}}}},
        "projects": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "function_code": {"type": "string"}, "amount": {"type": "string"}}}},
        "three_public": {"type": "object", "properties": {k: {"type": "string"} for k in (
            "total", "outbound", "vehicle_purchase", "vehicle_operation", "reception")}},
    },
    "required": ["income_total", "expenditure_total", "basic", "project", "functional", "economic", "projects",
                 "three_public"],
}


def dumps(d: Disclosure, fmt: str = "json") -> str:
    data = to_json_dict(d)
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return json.dumps(data, ensure_ascii=False, indent=2)


def loads(text: str) -> Disclosure:
    data = json.loads(text)
    data.pop("summary", None)
    return Disclosure.model_validate(data)


def json_schema() -> dict[str, Any]:
    schema = Disclosure.model_json_schema(mode="serialization")
    schema.setdefault("properties", {})["summary"] = _SUMMARY_SCHEMA
    schema["$id"] = "https://yusuan.example/schema/disclosure.json"
    schema["title"] = "yusuan Disclosure"
    return schema
