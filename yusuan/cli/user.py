"""``yusuan user add|list|remove|unlock``: staff accounts of the portal."""

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
    unlock = actions.add_parser("unlock", help="解除登录锁定 / lift a sign-in lock",
                                description="解除因连续登录失败而暂时锁定的账号（或 --address 网络地址），并清零失败次数。"
                                            " / Lift the lock of an account name (or an address) after failed sign-ins.")
    unlock.add_argument("name", nargs="?", help="用户名（不必是已有账号） / account name")
    unlock.add_argument("--address", metavar="IP", help="解除一个网络地址的锁定 / lift an address's lock")
    for action in (add, remove, unlock, actions.choices["list"]):
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


def _unlock(store, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    if bool(args.name) == bool(args.address):
        raise UsageError("请给出一个用户名，或用 --address 给出一个网络地址")
    scope, key = ("address", args.address) if args.address else ("name", args.name)
    what = f"网络地址 {key}" if scope == "address" else f"账号“{key}”"
    if store.unlock(scope, key):
        print(f"已解除{what}的登录锁定，失败次数已清零")
    else:
        print(f"{what}没有被锁定，也没有登录失败记录", file=sys.stderr)


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
        elif args.action == "unlock":
            _unlock(store, args)
        else:
            users = store.list_users()
            locked = {lock["key"]: lock for lock in store.login_locks() if lock["scope"] == "name"}
            for user in users:
                lock = locked.get(user.name)
                state = f"\t锁定至 {lock['locked_until']:%Y-%m-%d %H:%M} UTC" if lock and lock["locked_until"] else ""
                print(f"{user.name}\t创建于 {user.created_at:%Y-%m-%d %H:%M} UTC{state}")
            if not users:
                print("还没有用户；用 yusuan user add 名字 添加", file=sys.stderr)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        store.close()
    return 0
