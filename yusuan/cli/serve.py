"""``yusuan serve``: the web portal (with nothing configured: the per-user SQLite database, and the
document shipped with yusuan loaded when the database holds none)."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import UsageError
from .import_ import add_database, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="启动门户网站 / start the web portal",
                       description="启动门户网站。未配置数据库时使用用户数据目录下的 SQLite 文件（见 yusuan serve "
                                   "--help 的 --database），数据库为空时自动载入 yusuan 自带的示例文件。 / Start the "
                                   "portal on the configured database (default: a per-user SQLite file).")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1） / address to listen on")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000） / port")
    p.add_argument("--workers", type=int, default=1, help="工作进程数（默认 1） / worker processes")
    p.add_argument("--no-demo", action="store_true", help="数据库为空时不载入示例文件 / do not load the demo document")
    p.add_argument("--log-level", default="warning", choices=("critical", "error", "warning", "info", "debug"),
                   help="日志级别 / log level")
    add_database(p)
    p.set_defaults(run=run)


def _check_port(host: str, port: int) -> None:
    """Refuse at once, in one line, an address that cannot be listened on."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"无法解析监听地址 {host}：{exc.strerror or exc}") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise UsageError(f"无法在 {host}:{port} 上监听（{exc.strerror or exc}）：端口可能已被占用，请换用 --port") from exc


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..store.db import database_url, describe

    if not 0 < args.port < 65536:
        raise UsageError(f"端口 {args.port} 不在 1–65535 之间")
    if args.workers < 1:
        raise UsageError("--workers 至少为 1")
    _check_port(args.host, args.port)
    url = database_url(args.database)
    os.environ["YUSUAN_DATABASE_URL"] = url  # the workers open the same database
    store = open_store(args)  # creates or upgrades the schema once, before the workers start
    try:
        if not args.no_demo:
            from ..web.demo import load_demo

            if load_demo(store) is not None:
                print("yusuan：数据库为空，已载入并发布自带的示例文件（水磨沟区人民政府办公室 2021 年部门预算）",
                      file=sys.stderr)
    finally:
        store.close()
    from ..web.app import charts_available

    if not charts_available():
        print("yusuan：图表组件未安装（运行 make web 或 scripts/install-web.sh），页面将不显示图表", file=sys.stderr)
    print(f"yusuan：门户已启动 http://{args.host}:{args.port}/ （数据库 {describe(url)}；Ctrl+C 停止）",
          file=sys.stderr)
    uvicorn.run("yusuan.web.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level=args.log_level, proxy_headers=True, server_header=False)
    return 0
