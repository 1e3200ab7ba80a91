"""What every API route answers, as pydantic models: they make the OpenAPI description (``/api/openapi.json``)
say what comes back, errors included. The routes build their JSON themselves (``render.jsonable``);
``tests/web/test_openapi.py`` checks real answers against these schemas, so the description stays true.

Amounts are exact decimal strings in 万元 (``Money``); absent values are ``null``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from .errors import CODES, MESSAGES

Money = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", description="万元，精确十进制字符串", examples=["30.60"])]


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- errors ------------------------------------------------------------------------------------------

class Problem(Model):
    where: str = Field(description="出错的参数，如 query.year")
    problem: str


class Error(Model):
    status: int = Field(description="与 HTTP 状态码相同")
    code: str = Field(description="稳定的英文代码：" + "、".join(sorted(set(CODES.values()))))
    message: str = Field(description="中文说明")
    problems: list[Problem] | None = Field(default=None, description="参数校验错误（422）时逐项列出")


class ErrorEnvelope(Model):
    """The one error envelope of the whole API."""

    error: Error


ERROR_TEXT = {**MESSAGES, 304: "未修改：If-None-Match 与当前 ETag 相同，没有正文", 301: "部门已并入其他部门：转到新地址",
              400: "请求有误（如上传的文件无法读取）", 409: "与已存数据冲突（如合并两个都有同年文件的部门）",
              429: "请求过于频繁", 503: "暂时无法生成这种格式（其他格式不受影响）"}


def errors(*statuses: int, csv: bool = False, binary: str | None = None) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route: each error status with the envelope (304 and 301 without a body), and the
    other media types its 200 can take (``csv``: ``format=csv``; ``binary``: a download)."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        if status in (301, 304):
            out[status] = {"description": ERROR_TEXT[status]}
        else:
            out[status] = {"model": ErrorEnvelope, "description": ERROR_TEXT.get(status, "错误")}
    if csv:
        out[200] = {"content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
                    "description": "JSON；format=csv 时为 CSV（UTF-8 带 BOM，全部结果不分页）"}
    if binary:
        out[200] = {"content": {binary: {"schema": {"type": "string", "format": "binary"}}}, "description": "文件"}
    return out


# -- shared pieces -------------------------------------------------------------------------------------

class Pagination(Model):
    page: int
    per_page: int
    total: int
    pages: int
    next: str | None = Field(description="下一页地址")
    prev: str | None = Field(description="上一页地址")


class DepartmentRef(Model):
    id: int
    name: str
    region: str | None


class CheckInfo(Model):
    run_id: int
    created_at: str
    checker: str
    rules_available: bool
    errors: int
    warnings: int
    infos: int


class Totals(Model):
    income_total: Money | None = None
    expenditure_total: Money | None = None
    basic: Money | None = None
    project: Money | None = None
    three_public: Money | None = None
    operating_costs: Money | None = None


class Revision(Model):
    id: int
    disclosure_id: int
    number: int
    created_at: str
    actor: str
    source_name: str
    source_format: str
    source_sha256: str | None
    title: str
    note: str
    restored_from_id: int | None
    published_at: str | None
    is_published: bool
    totals: Totals
    staff_actual: int | None
    check: CheckInfo | None


class DisclosureItem(Model):
    id: int
    department: DepartmentRef
    year: int
    kind: str = Field(description="budget / final_accounts")
    published_revision_id: int | None
    revision_count: int
    shown: Revision | None
    digest: dict[str, Any] | None = None


class Downloads(Model):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    csv: str = Field(description="CSV 下载地址（UTF-8 带 BOM）")
    json_url: str = Field(alias="json", description="JSON 地址")


# -- public pages ----------------------------------------------------------------------------------------

class RegionCount(Model):
    region: str | None
    departments: int


class YearCount(Model):
    year: int
    kind: str
    disclosures: int


class Home(Model):
    title: str
    counts: dict[str, int]
    regions: list[RegionCount]
    years: list[YearCount]
    recent: list[DisclosureItem]
    json_url: str


class DepartmentListItem(Model):
    id: int
    name: str
    region: str | None
    disclosures: list[tuple[int, str, int]] = Field(description="[年度, 类型, 公开文件编号]")


class Departments(Model):
    title: str
    items: list[DepartmentListItem]
    region: str | None
    year: int | None
    q: str | None
    pagination: Pagination
    downloads: Downloads
    json_url: str


class ShownRevision(Model):
    id: int
    number: int
    created_at: str
    is_published: bool
    totals: Totals
    staff_actual: int | None
    check: dict[str, Any] | None = Field(description="status（ok/warning/error/unchecked）、errors、warnings、infos")


class DisclosureSummary(Model):
    id: int
    year: int
    kind: str
    kind_name: str
    published_revision_id: int | None
    revision_count: int
    shown_revision: ShownRevision | None


class TimelineEntry(Model):
    year: int
    kind: str
    disclosure: DisclosureSummary | None = Field(description="null：这一年没有（已发布的）文件")


class Department(Model):
    title: str
    department: dict[str, Any] = Field(description="id、name、region、created_at")
    aliases: list[str]
    events: list[dict[str, Any]] = Field(description="更名与合并记录")
    disclosures: list[DisclosureSummary]
    timeline: list[TimelineEntry]
    charts: dict[str, Any] = Field(description="ECharts 选项")
    staff: list[dict[str, Any]]
    units: list[str]
    functions: list[str]
    internal_sections: list[str]
    json_url: str


class Download(Model):
    format: str
    label: str
    group: str
    url: str


class FindingRow(Model):
    number: int
    code: str
    severity: str = Field(description="error / warning / info（按此顺序排列）")
    rule: str
    message: str
    where: str
    placed: bool = Field(description="是否能在原文中标出")
    expected: str | None
    actual: str | None
    delta: str | None
    tolerance: str | None
    unit: str | None
    location: dict[str, Any]


class Disclosure(Model):
    disclosure_id: int
    department: DepartmentRef
    year: int
    kind: str
    kind_name: str
    published_revision_id: int | None
    revision_count: int
    revision: Revision
    downloads: list[Download]
    findings: list[FindingRow] = Field(description="错误、警告、提示依次排列")
    charts: dict[str, Any] = Field(description="ECharts 选项")
    document: dict[str, Any] | None = Field(description="标准模型（canonical JSON，含 summary），见 yusuan schema")


class DisclosureMeta(Model):
    disclosure_id: int
    department: DepartmentRef
    year: int
    kind: str
    kind_name: str
    published_revision_id: int | None
    revision_count: int
    revision: Revision | None


class History(Model):
    disclosure: DisclosureMeta
    revisions: list[Revision]


class SearchHit(Model):
    kind: str = Field(description="department 部门 / project 项目 / line 表格科目 / sentence 说明文字")
    text: str = Field(description="命中的文字（纯文本）")
    highlighted: str = Field(description="同一文字，HTML 转义后以 <mark> 标出命中部分")
    detail: str = Field(description="编码、所在章节或部门的其他写法")
    department: DepartmentRef
    disclosure_id: int | None
    year: int | None
    disclosure_kind: str | None
    revision_id: int | None
    link: str = Field(description="命中处在原文中的位置")


class Search(Model):
    title: str
    q: str
    words: list[str] = Field(description="分词后的检索词（jieba）；全部命中才算命中")
    kind: str | None
    counts: dict[str, int] = Field(description="各类命中数（每类最多数到 1000）")
    more: dict[str, bool] = Field(description="true：这一类的命中超过 1000 条，只列出前 1000 条（请加词缩小范围）")
    hits: list[SearchHit]
    pagination: Pagination
    downloads: Downloads
    json_url: str


class CompareRow(Model):
    department_id: int
    name: str
    present: bool = Field(description="false：该部门没有这一年的文件")


class Compare(Model):
    title: str
    year: int | None
    kind: str
    rows: list[CompareRow]
    charts: dict[str, Any]
    available_years: list[int]
    region: str | None
    selected: list[int]
    downloads: Downloads
    json_url: str


class Prior(Model):
    year: int
    disclosure_id: int
    revision_id: int
    amount: Money | None
    link: str


class ExploreRow(Model):
    department: DepartmentRef
    disclosure_id: int
    year: int
    kind: str
    kind_name: str
    revision_id: int
    revision: int
    name: str | None = Field(description="文件中该行的名称")
    amount: Money | None = Field(description="null：文件未列出（不是 0）")
    share: Money | None = Field(description="占该文件支出总计的百分比")
    link: str = Field(description="该数字在原文中的单元格")
    prior: Prior | None = Field(description="同一部门上一年同类文件中的数")
    change: Money | None
    rate: Money | None = Field(description="比上年增减率（%）")


class ExploreMeasure(Model):
    section: str
    code: str
    measure: str
    label: str
    region: str | None
    year: int | None
    kind: str
    sort: str
    department: int | None


class ExploreSummary(Model):
    documents: int
    with_figure: int
    without_figure: int
    total: Money | None


class Explore(Model):
    title: str
    measure: ExploreMeasure
    summary: ExploreSummary
    rows: list[ExploreRow]
    pagination: Pagination
    downloads: Downloads


# -- staff ------------------------------------------------------------------------------------------------

class Admin(Model):
    title: str
    items: list[DisclosureItem]
    unpublished: bool
    audit: list[dict[str, Any]]
    pagination: Pagination
    json_url: str


class Audit(Model):
    title: str
    entries: list[dict[str, Any]] = Field(description="at、actor、action、target、detail")
    pagination: Pagination
    json_url: str


class LoginLock(Model):
    scope: str = Field(description="name（账号名）或 address（网络地址）")
    key: str
    failures: int = Field(description="本锁定周期内的失败次数")
    locked_until: str | None = Field(description="锁定到何时；null：未锁定")


class UserRow(Model):
    name: str
    created_at: str
    lock: LoginLock | None


class Users(Model):
    users: list[UserRow]
    locks: list[LoginLock]


class Unlocked(Model):
    scope: str
    key: str
    unlocked: bool = Field(description="是否确有锁定或失败记录被清除")


class SessionInfo(Model):
    user: str | None
    csrf_token: str | None = Field(default=None, description="写请求放在 X-CSRF-Token 请求头中")
    expires_at: str | None = None


class Credentials(BaseModel):
    name: str
    password: str


class Uploaded(Model):
    revision_id: int
    disclosure_id: int
    department_id: int
    number: int
    errors: int
    warnings: int
    infos: int
    url: str
    findings: list[dict[str, Any]]


# -- the OpenAPI description -----------------------------------------------------------------------------

SECURITY = {
    "session": {"type": "apiKey", "in": "cookie", "name": "yusuan_session",
                "description": "登录会话（POST /api/session 或 /login 设置；HttpOnly）"},
    "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
             "description": "登录时返回的 csrf_token；每个写请求都要带上"},
}
ENVELOPE = {"$ref": "#/components/schemas/ErrorEnvelope"}


def _error(status: int) -> dict[str, Any]:
    return {"description": ERROR_TEXT.get(status, "错误"), "content": {"application/json": {"schema": ENVELOPE}}}


def describe(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description, completed: the real error envelope everywhere (FastAPI's own 422 replaced), the
    statuses every route can answer, the session cookie and the CSRF header as security schemes."""
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.setdefault("ErrorEnvelope", ErrorEnvelope.model_json_schema(ref_template="#/components/schemas/{model}"))
    for name, sub in ErrorEnvelope.model_json_schema(ref_template="#/components/schemas/{model}").get(
            "$defs", {}).items():
        schemas.setdefault(name, sub)
    schemas["ErrorEnvelope"].pop("$defs", None)
    components["securitySchemes"] = SECURITY
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            responses = op.setdefault("responses", {})
            if "422" in responses or op.get("parameters") or op.get("requestBody"):
                responses["422"] = _error(422)
            responses["500"] = _error(500)
            sign_in = path == "/api/session" and method == "post"
            if method in ("post", "put", "patch", "delete") and not sign_in:
                op["security"] = [{"session": [], "csrf": []}]
                responses.setdefault("401", _error(401))
                responses.setdefault("403", _error(403))
                responses.setdefault("413", _error(413))
            elif path.startswith("/api/admin"):
                op["security"] = [{"session": []}]
                responses.setdefault("401", _error(401))
            else:
                op["security"] = [{}, {"session": []}]  # anyone; signed-in staff see unpublished documents too
                if sign_in:
                    responses.setdefault("401", _error(401))
                    responses.setdefault("413", _error(413))
            if "{" in path:
                responses.setdefault("404", _error(404))
            for status, response in responses.items():
                if status not in ("200", "201", "301", "303", "304") and "content" not in response:
                    response["content"] = {"application/json": {"schema": ENVELOPE}}
    return schema


class Published(Model):
    published_revision_id: int


class Unpublished(Model):
    disclosure_id: int
    published_revision_id: None


class Restored(Model):
    revision_id: int
    number: int


class Rechecked(Model):
    revision_id: int
    check_run_id: int


class Renamed(Model):
    department_id: int
    name: str


class Merged(Model):
    department_id: int
    absorbed: int
