"""``yusuan user add|list|remove``: staff accounts of the portal."""

from __future__ import annotations

import argparse
import sys

from ..errors import UsageError
from .import_ import add_database, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="管理门户的工作人员账号 / manage staff accounts",
                       description="添加、列出、删除可以登录门户上传和发布文件的工作人员。 / Add, list or remove "
                                   "the staff who can sign in to upload and publish.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="添加用户 / add a user")
    add.add_argument("name", help="用户名 / user name")
    add.add_argument("--password-stdin", action="store_true",
                     help="从标准输入读取密码（一行） / read the password from standard input")
    actions.add_parser("list", help="列出用户 / list users")
    remove = actions.add_parser("remove", help="删除用户 / remove a user")
    remove.add_argument("name", help="用户名 / user name")
    for action in (add, remove, actions.choices["list"]):
        add_database(action)
        action.set_defaults(run=run)
    p.set_defaults(run=run)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise UsageError("标准输入没有给出密码")
        return password
    import getpass

    if not sys.stdin.isatty():
        raise UsageError("没有终端可输入密码：请使用 --password-stdin")
    first = getpass.getpass("密码：")
    if getpass.getpass("再输入一次：") != first:
        raise UsageError("两次输入的密码不一致")
    return first


def run(args: argparse.Namespace) -> int:
    from ..store import StoreError

    password = _password(args) if args.action == "add" else ""
    store = open_store(args)
    try:
        if args.action == "add":
            store.add_user(args.name, password)
            print(f"已添加用户“{args.name}”")
        elif args.action == "remove":
            store.remove_user(args.name)
            print(f"已删除用户“{args.name}”（其登录会话随之失效）")
        else:
            users = store.list_users()
            for user in users:
                print(f"{user.name}\t创建于 {user.created_at:%Y-%m-%d %H:%M} UTC")
            if not users:
                print("还没有用户；用 yusuan user add 名字 添加", file=sys.stderr)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        store.close()
    return 0
