"""Staff accounts on the web: the users, the sign-in locks, and unlocking them.

Every signed-in staff member administers the portal (there are no roles), so each may lift a lock
set by failed sign-ins (an attacker guessing a colleague's password locks it). The same as
``yusuan user list`` / ``yusuan user unlock``; each unlock is recorded in the audit log.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from . import api_models
from .auth import Writer, actor_of
from .errors import WebError
from .render import is_api, twin
from .views_staff import Staff, _fields

router = APIRouter()


@router.get("/admin/users", include_in_schema=False)
@router.get("/api/admin/users", tags=["工作人员"], summary="工作人员账号与登录锁定",
            response_model=api_models.Users, responses=api_models.errors(401))
def users_page(request: Request, session: Staff) -> Response:
    store = request.app.state.store
    users, locks = store.list_users(), store.login_locks()
    locked = {lock["key"]: lock for lock in locks if lock["scope"] == "name"}
    rows = [{"name": u.name, "created_at": u.created_at, "lock": locked.get(u.name)} for u in users]
    data = {"title": "账号与登录锁定", "users": rows, "locks": locks, "json_url": "/api/admin/users"}
    return twin(request, "users.html", data, api={"users": rows, "locks": locks})


@router.post("/admin/users/unlock", include_in_schema=False)
@router.post("/api/admin/users/unlock", tags=["工作人员"], response_model=api_models.Unlocked,
             responses=api_models.errors(400, 401, 403), summary="解除登录锁定（name：账号名，或 address：网络地址），失败次数清零")
async def unlock(request: Request, session: Writer) -> Response:
    fields = await _fields(request)
    name, address = fields.get("name", "").strip(), fields.get("address", "").strip()
    if bool(name) == bool(address):
        raise WebError(400, "请给出一个账号名（name）或一个网络地址（address）")
    scope, key = ("name", name) if name else ("address", address)
    had = request.app.state.store.unlock(scope, key, actor_of(session))
    if is_api(request.url.path):
        return JSONResponse({"scope": scope, "key": key, "unlocked": had})
    return RedirectResponse("/admin/users", status_code=303)
