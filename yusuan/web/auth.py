"""Sign-in, sessions and CSRF.

- The session cookie (HttpOnly, SameSite=Lax, Secure when configured or on HTTPS) holds a random
  token; the database keeps its hash (``store.accounts``), so every server shares sessions.
- Every write needs a signed-in user and the session's CSRF token: the hidden ``csrf_token`` field
  of a form, or the ``X-CSRF-Token`` header for the API. The sign-in form itself is protected by a
  double-submit token (a cookie and the same value in the form).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..store import Actor
from ..store.accounts import SESSION_DAYS, Session, SignIn, Throttle, end_session, load_session
from . import api_models
from .errors import WebError
from .render import twin


def current_session(request: Request) -> Session | None:
    """The signed-in session of this request, if any (loaded once per request)."""
    if hasattr(request.state, "session"):
        return request.state.session  # type: ignore[no-any-return]
    settings = request.app.state.settings
    token = request.cookies.get(settings.session_cookie)
    session = None
    if token:
        with request.app.state.store.read() as conn:
            session = load_session(conn, token)
    request.state.session = session
    return session


def is_staff(request: Request) -> bool:
    return current_session(request) is not None


def actor_of(session: Session) -> Actor:
    return Actor(name=session.user.name, user_id=session.user.id)


async def _submitted_token(request: Request) -> str:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


async def writer(request: Request) -> Session:
    """Dependency of every write: a signed-in user and a matching CSRF token, else 401 / 403."""
    session = current_session(request)
    if session is None:
        raise WebError(401, "请先登录：只有登录的工作人员可以修改数据")
    token = await _submitted_token(request)
    if not token or not hmac.compare_digest(token, session.csrf_token):
        raise WebError(403, "缺少或错误的 CSRF 令牌：请刷新页面后重试", code="csrf")
    return session


Writer = Annotated[Session, Depends(writer)]

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no open redirect)."""
    if not target:
        return "/admin"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/admin"
    return target


def _set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.settings
    response.set_cookie(settings.session_cookie, token, max_age=SESSION_DAYS * 86400, httponly=True,
                        samesite="lax", secure=settings.cookie_secure or request.url.scheme == "https", path="/")


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/admin") -> Response:
    settings = request.app.state.settings
    token = request.cookies.get(settings.login_csrf_cookie) or secrets.token_urlsafe(24)
    response = twin(request, "login.html", {"title": "工作人员登录", "next": _safe_next(next), "login_token": token,
                                            "error": None})
    response.set_cookie(settings.login_csrf_cookie, token, max_age=3600, httponly=True, samesite="strict",
                        secure=settings.cookie_secure or request.url.scheme == "https", path="/login")
    return response


@router.post("/login", include_in_schema=False)
def login(request: Request, name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/admin") -> Response:
    settings = request.app.state.settings
    cookie = request.cookies.get(settings.login_csrf_cookie, "")
    if not cookie or not csrf_token or not hmac.compare_digest(cookie, csrf_token):
        raise WebError(403, "登录表单已过期或缺少 CSRF 令牌：请重新打开登录页", code="csrf")
    outcome = _sign_in(request, name, password)
    if outcome.session is None:
        status, message, headers = _refusal(outcome)
        data = {"title": "工作人员登录", "next": _safe_next(next), "login_token": cookie, "error": message}
        page = twin(request, "login.html", data, status=status)
        page.headers.update(headers)
        return page
    redirect = RedirectResponse(_safe_next(next), status_code=303)
    _set_session_cookie(request, redirect, outcome.token)
    return redirect


def throttle(request: Request) -> Throttle:
    settings = request.app.state.settings
    return Throttle(failures=settings.login_failures, address_failures=settings.login_address_failures,
                    lock_minutes=settings.login_lock_minutes)


def _sign_in(request: Request, name: str, password: str) -> SignIn:
    address = request.client.host if request.client else ""
    return request.app.state.store.sign_in(name, password, address, throttle(request))  # type: ignore[no-any-return]


def _refusal(outcome: SignIn) -> tuple[int, str, dict[str, str]]:
    """Status, message and headers of a refused sign-in: 401, or 429 with Retry-After while locked."""
    lock = outcome.lock
    if lock is None:
        return 401, "用户名或密码不正确（连续多次错误后账号会暂时锁定）", {}
    minutes = max(1, -(-lock.retry_after // 60))
    if lock.scope == "address":
        message = f"这个网络地址登录失败次数过多，已暂停接受它的登录：请 {minutes} 分钟后再试"
    else:  # the same for a name that has no account: a lock says nothing about which names exist
        message = f"登录失败次数过多，该账号已暂时锁定：请 {minutes} 分钟后再试，或请管理员解锁"
    return 429, message, {"retry-after": str(lock.retry_after)}


@router.post("/api/session", tags=["会话"], summary="登录（JSON）", status_code=200,
             response_model=api_models.SessionInfo, responses=api_models.errors(401, 413, 429))
def api_login(request: Request, body: api_models.Credentials) -> Response:
    """Sign in with ``{"name", "password"}``; the answer holds the CSRF token for later writes. Too many
    failures lock the name (or the address) for a while: 429 with ``Retry-After``."""
    outcome = _sign_in(request, body.name, body.password)
    if outcome.session is None:
        status, message, headers = _refusal(outcome)
        raise WebError(status, message, code="bad-credentials" if status == 401 else "locked", headers=headers)
    response = JSONResponse({"user": outcome.session.user.name, "csrf_token": outcome.session.csrf_token,
                             "expires_at": outcome.session.expires_at.isoformat()})
    _set_session_cookie(request, response, outcome.token)
    return response


@router.get("/api/session", tags=["会话"], summary="当前会话", response_model=api_models.SessionInfo)
def api_session(request: Request) -> dict[str, Any]:
    session = current_session(request)
    if session is None:
        return {"user": None}
    return {"user": session.user.name, "csrf_token": session.csrf_token, "expires_at": session.expires_at.isoformat()}


def _sign_out(request: Request, session: Session, response: Response) -> Response:
    settings = request.app.state.settings
    token = request.cookies.get(settings.session_cookie, "")
    store = request.app.state.store
    with store.write() as conn:
        end_session(conn, token)
        from ..store.accounts import audit

        audit(conn, actor_of(session), "logout", f"user:{session.user.name}")
    response.delete_cookie(settings.session_cookie, path="/")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, session: Writer) -> Response:
    return _sign_out(request, session, RedirectResponse("/", status_code=303))


@router.delete("/api/session", tags=["会话"], summary="退出登录", response_model=api_models.SessionInfo,
               responses=api_models.errors(401, 403))
def api_logout(request: Request, session: Writer) -> Response:
    return _sign_out(request, session, JSONResponse({"user": None}))
