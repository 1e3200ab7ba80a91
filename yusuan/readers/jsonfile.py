"""yusuan's own canonical JSON (and YAML) back into the model."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from .. import limits
from ..errors import ReadError
from ..model import Disclosure


def read_model(path: Path, data: bytes, fmt: str) -> Disclosure:
    """The model in a JSON/YAML file, within ``yusuan.limits`` (size, nesting, YAML aliases; its numbers are
    checked by ``readers.read_raw``)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), "不是 UTF-8 编码的 JSON/YAML 文件") from exc
    limits.check_text(str(path), text, "模型文件")
    if fmt == "json":
        limits.check_json_depth(str(path), text)
    else:
        limits.check_yaml(str(path), text)
    try:
        obj = json.loads(text) if fmt == "json" else yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (json.JSONDecodeError, yaml.YAMLError, ValueError) as exc:
        raise ReadError(str(path), f"{fmt.upper()} 格式错误：{str(exc).splitlines()[0]}") from exc
    except RecursionError as exc:  # the limit above makes this unreachable; kept as the last line
        raise ReadError(str(path), f"{fmt.upper()} 嵌套过深，无法读取") from exc
    if not isinstance(obj, dict) or "schema_version" not in obj:
        raise ReadError(str(path), "不是 yusuan 导出的模型文件（缺少 schema_version）")
    obj.pop("summary", None)
    try:
        return Disclosure.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ReadError(str(path), f"模型文件内容不合法：{where}：{first['msg']}") from exc
