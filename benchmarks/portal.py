"""Portal benchmark: import throughput, then page latency under 50 concurrent clients.

1. Writes ``--count`` generated disclosures (``yusuan.generate``) as text files and imports them
   the way ``yusuan import`` does (read, check, store, publish), timing each step. Baseline in the
   same run: reading alone.
2. Starts a real server (``python -m yusuan serve``, without background writers of downloads:
   ``YUSUAN_RENDER_WORKERS=0``, see ``main``) in a subprocess and a load generator in
   another process: ``--clients`` keep-alive connections on loopback, each asking for random
   disclosures one request after another (accepting gzip, as browsers do; sizes are as sent). Measured: the
   disclosure page (HTML) and its JSON twin, first views (cold: each asked for once, from a server just
   started) and repeat views (warm); the same for the department pages and their JSON. Baseline in the
   same run: a static file from the same server under the same load.
3. The explorer, the search and the export pages (issue 14): first views of every address a visitor may ask for
   (each measure by year and region, one department's years, ~400 searches, each region and year's export
   form; the explorer's split into the front pages built ahead after the import, ``prebuild.refresh_lists``,
   and the other views, built at their first view), then repeat views, each p99 against a static file measured just before in the same run; a
   department list as streamed CSV; and every document's lines exported to one CSV, streamed 50 documents at
   a time, with its peak memory against building the same CSV whole (``--skip-lists`` leaves this out,
   ``--only-lists`` measures it alone).

The import builds what visitors get ahead (``yusuan.web.document.prerender``, as ``yusuan import``
does); ``--lazy`` forgets those responses before serving, so that first views build them (as after
``yusuan batch --import``). A reused database is brought up to date first (``prebuild.refresh_all``).

    .venv/bin/python benchmarks/portal.py                    # 1,000 disclosures on SQLite
    .venv/bin/python benchmarks/portal.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python benchmarks/portal.py --count 100 --seconds 5   # quick look
    .venv/bin/python benchmarks/portal.py --reuse /tmp/portal.sqlite3  # fill once, then measure again
    .venv/bin/python benchmarks/portal.py --reuse /tmp/portal.sqlite3 --only-lists   # issue 14's pages alone
    .venv/bin/python benchmarks/portal.py --reuse /tmp/portal.sqlite3 --only-lists --server-env YUSUAN_BUILD_SLOTS=40
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


# -- load generator (runs in its own process) ----------------------------------------------------

async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> tuple[int, int]:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: gzip, deflate\r\n\r\n".encode())
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        elif name.strip().lower() == b"transfer-encoding":
            chunked = b"chunked" in value.lower()  # a streamed download
    if not chunked:
        await reader.readexactly(length)
        return status, length
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        length += size
        if size == 0:
            return status, length


async def _client(port: int, paths: list[str], deadline: float, out: list[float], bad: list[int],
                  sizes: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in paths:
            if time.perf_counter() > deadline:
                break
            start = time.perf_counter()
            status, size = await _request(reader, writer, path)
            out.append(time.perf_counter() - start)
            sizes.append(size)
            if status != 200:
                bad.append(status)
    finally:
        writer.close()


async def _load(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    bad: list[int] = []
    sizes: list[int] = []
    shares = [paths[i::clients] for i in range(clients)]
    started = time.perf_counter()
    await asyncio.gather(*(_client(port, share, deadline, latencies, bad, sizes) for share in shares))
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": len(bad), "elapsed": elapsed,
            "bytes": statistics.mean(sizes) if sizes else 0}


def load_main(args: argparse.Namespace) -> None:
    paths = json.loads(Path(args.paths).read_text())
    result = asyncio.run(_load(args.port, paths, args.clients, args.seconds))
    Path(args.out).write_text(json.dumps(result))


# -- the run -------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _generate(count: int, folder: Path) -> list[Path]:
    """Texts of ``count`` generated disclosures of distinct departments, years and kinds."""
    from yusuan.generate import generate_model, generate_text
    from yusuan.normalize import key

    files: list[Path] = []
    seen: set[tuple[str, str, int | None]] = set()
    seed = 0
    while len(files) < count:
        model = generate_model(seed)
        identity = (key(model.department.name), model.kind, model.year)
        if identity not in seen:
            seen.add(identity)
            path = folder / f"d{seed:05d}.txt"
            path.write_text(generate_text(seed), encoding="utf-8")
            files.append(path)
        seed += 1
    return files


def _import(url: str, files: list[Path]) -> dict[str, float]:
    """Read, check, store and publish each file; seconds spent in each step."""
    from yusuan.readers import read
    from yusuan.store import Store, cli_actor
    from yusuan.web.document import prerender

    store = Store.open(url)
    actor = cli_actor()
    spent = {"read": 0.0, "check": 0.0, "store": 0.0, "render": 0.0}
    seen: set[tuple[int, str, int]] = set()
    duplicates = 0
    for path in files:
        t0 = time.perf_counter()
        d = read(path)
        t1 = time.perf_counter()
        checked = store.check(d)
        t2 = time.perf_counter()
        result = store.import_document(d, actor, source=path.read_bytes(), source_name=path.name,
                                       source_format="text", checked=checked)
        store.publish(result.revision_id, actor)
        t3 = time.perf_counter()
        prerender(store, result.revision_id)
        t4 = time.perf_counter()
        spent["read"] += t1 - t0
        spent["check"] += t2 - t1
        spent["store"] += t3 - t2
        spent["render"] += t4 - t3
        key = (result.department_id, d.kind, d.year or 0)
        duplicates += key in seen
        seen.add(key)
    spent["revisions_of_existing"] = duplicates
    store.close()
    return spent


def _serve(url: str, port: int, workers: int, log: Path, **settings: str) -> subprocess.Popen[str]:
    """The server, its messages to ``log`` (a pipe nobody reads would stop it once full); ``settings``: more
    environment (``YUSUAN_RENDER_WORKERS="1"`` …)."""
    env = {**os.environ, "YUSUAN_DATABASE_URL": url, **settings}
    with log.open("w") as errors:
        process = subprocess.Popen([sys.executable, "-m", "yusuan", "serve", "--port", str(port), "--no-demo",
                                    "--workers", str(workers), "--log-level", "error"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=errors, text=True)
    import httpx

    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/static/favicon.svg", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"server did not start: {log.read_text()}")


def _show_errors(log: Path) -> None:
    lines = [line for line in log.read_text(errors="replace").splitlines() if "门户已启动" not in line]
    if lines:
        print(f"server messages ({len(lines)} lines), the last ones:", *lines[-20:], sep="\n  ")


def _cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its living children (Linux ``/proc``; 0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # from field 3 (state) on
        except (OSError, IndexError):
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _run_load(port: int, paths: list[str], clients: int, seconds: float, folder: Path, pid: int) -> dict[str, Any]:
    paths_file, out_file = folder / "paths.json", folder / "out.json"
    paths_file.write_text(json.dumps(paths))
    before = _cpu(pid)
    subprocess.run([sys.executable, __file__, "--load", "--port", str(port), "--paths", str(paths_file),
                    "--clients", str(clients), "--seconds", str(seconds), "--out", str(out_file)], check=True)
    return {**json.loads(out_file.read_text()), "cpu": _cpu(pid) - before}


def _line(name: str, result: dict[str, Any], baseline_p99: float | None = None) -> str:
    lat = [x * 1000 for x in result["latencies"]]
    p50, p99 = _percentile(lat, 0.50), _percentile(lat, 0.99)
    rate = len(lat) / float(result["elapsed"])
    cpu = result["cpu"] * 1000 / max(1, len(lat))
    ratio = f"  p99 ×{p99 / baseline_p99:4.1f} of static" if baseline_p99 else ""
    return (f"{name:<34} n={len(lat):>6}  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  {rate:5.0f} req/s  "
            f"server CPU {cpu:4.2f} ms/req  {float(result['bytes']) / 1024:3.0f} KiB  errors {result['errors']}{ratio}")


def _schema(base: str, name: str) -> str:
    """The URL of a kept PostgreSQL schema (created when missing)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from yusuan.store.db import normalize_url

    if not name.replace("_", "").isalnum():
        raise SystemExit("--reuse: a schema name of letters, digits and _")
    engine = create_engine(normalize_url(base), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{name}"'))
    engine.dispose()
    return make_url(normalize_url(base)).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
        hide_password=False)


def _published(url: str) -> int:
    from yusuan.store import Store, reads

    store = Store.open(url)
    with store.read() as conn:
        count = reads.counts(conn, public=True)["disclosures"]
    store.close()
    return count


def _prepare(url: str, lazy: bool) -> None:
    """Responses up to date (a reused database filled by older code), or none at all (``--lazy``)."""
    from yusuan.store import Store, reads, responses
    from yusuan.web.app import create_app
    from yusuan.web.prebuild import refresh, refresh_lists

    store = Store.open(url)
    if store.dialect == "postgresql":  # statistics, as autovacuum gathers them (it may be off, as on CI machines)
        from sqlalchemy import text

        with store.write() as conn:
            conn.execute(text("ANALYZE"))
    t0 = time.perf_counter()
    if lazy:
        with store.write() as conn:
            print(f"--lazy: {responses.clear(conn)} stored responses forgotten; first views build them")
    else:
        with store.read() as conn:
            items, _ = reads.departments_page(conn, public=True, limit=10**9)
        built = refresh(store, [item.id for item in items])
        if built:
            print(f"reused database: {built} stored responses built or brought up to date in "
                  f"{time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        pages = refresh_lists(create_app(store))
        spent = time.perf_counter() - t0
        print(f"explorer's front pages and export forms built ahead (as after `yusuan import`): {pages} pages in "
              f"{spent:.1f} s" + (f" ({spent / pages * 1000:.1f} ms a page)" if pages else ""))
    store.close()


def _fill(url: str, where: str, count: int, folder: Path) -> None:
    t0 = time.perf_counter()
    files = _generate(count, folder)
    generated = time.perf_counter() - t0
    t0 = time.perf_counter()
    spent = _import(url, files)
    total = time.perf_counter() - t0
    n = len(files)
    load = os.getloadavg()
    print(f"database: {where}; {n} generated disclosures ({generated:.1f} s to generate the texts); "
          f"machine load {load[0]:.1f} on {os.cpu_count()} cores")
    print(f"import (read + check + store + publish + page): {n / total:6.1f} docs/s  "
          f"({total / n * 1000:6.1f} ms/doc)")
    for step in ("read", "check", "store", "render"):
        print(f"  {step:<6} {spent[step] / n * 1000:7.1f} ms/doc")
    print(f"  baseline: reading alone {n / spent['read']:6.1f} docs/s; import costs ×{total / spent['read']:.2f} "
          f"of reading; store + publish alone {n / spent['store']:6.0f} docs/s")
    if spent["revisions_of_existing"]:
        print(f"  ({int(spent['revisions_of_existing'])} imports became new revisions of a stored disclosure)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="disclosures to generate and import")
    parser.add_argument("--clients", type=int, default=50, help="concurrent keep-alive clients")
    parser.add_argument("--seconds", type=float, default=15, help="length of each warm measurement")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--postgres", metavar="URL", help="run on a fresh schema of this PostgreSQL database")
    parser.add_argument("--reuse", metavar="NAME", help="SQLite file (or with --postgres a schema) kept between runs: "
                        "filled once, then reused; drop it yourself when done")
    parser.add_argument("--lazy", action="store_true", help="forget the responses built at import before serving")
    parser.add_argument("--skip-lists", action="store_true", help="leave out the explorer, search and export pages")
    parser.add_argument("--only-lists", action="store_true", help="measure the explorer, search and export pages only")
    parser.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                        help="more environment for the server (YUSUAN_BUILD_SLOTS=40 …); repeatable")
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        load_main(args)
        return
    sys.path.insert(0, str(ROOT))
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="yusuan-bench-")))
        if args.postgres and args.reuse:
            url = _schema(args.postgres, args.reuse)
            where = "PostgreSQL"
        elif args.postgres:
            from yusuan.store.testing import temporary_schema

            url = stack.enter_context(temporary_schema(args.postgres, prefix="yusuan_bench"))
            where = "PostgreSQL"
        else:
            url = f"sqlite:///{Path(args.reuse).resolve() if args.reuse else folder / 'bench.sqlite3'}"
            where = "SQLite"
        if args.reuse and _published(url) >= args.count:
            print(f"database: {where}, reused ({args.reuse}); machine load {os.getloadavg()[0]:.1f}")
        else:
            _fill(url, where, args.count, folder)
        _prepare(url, args.lazy)

        port = _free_port()
        log = folder / "server.log"
        # no background writers of downloads: an import queues five formats of each document (an hour of a core
        # for 1,000), which would be written during the measurements and their CPU counted as the pages' (the
        # downloads are measured by benchmarks/load.py)
        extra = dict(pair.split("=", 1) for pair in args.server_env)
        server = _serve(url, port, args.workers, log, **{"YUSUAN_RENDER_WORKERS": "0", **extra})
        stack.callback(_show_errors, log)
        stack.callback(server.wait, 30)
        stack.callback(server.terminate)
        from yusuan.store import Store, reads

        store = Store.open(url)
        with store.read() as conn:
            items, _ = reads.disclosures_list(conn, public=True, limit=args.count * 2)
        store.close()
        ids = [i.id for i in items]
        rng = random.Random(1)
        print(f"server: python -m yusuan serve --workers {args.workers}; {args.clients} clients on loopback; "
              f"{len(ids)} published disclosures; machine load {os.getloadavg()[0]:.1f}")

        def run(paths: list[str], seconds: float) -> dict[str, Any]:
            return _run_load(port, paths, args.clients, seconds, folder, server.pid)

        if args.only_lists:
            _lists(url, run, rng, args.seconds)
            _export_memory(url)
            return
        static = run(["/static/favicon.svg"] * 200_000, args.seconds / 3)
        base_p99 = _percentile([x * 1000 for x in static["latencies"]], 0.99)
        print(_line("baseline: static file", static))
        cold_ids = ids[:]
        rng.shuffle(cold_ids)
        print(_line("page, first view (cold)", run([f"/disclosures/{i}" for i in cold_ids], 600), base_p99))
        print(_line("JSON, first view (cold)", run([f"/api/disclosures/{i}" for i in cold_ids], 600), base_p99))
        warm = [rng.choice(ids) for _ in range(200_000)]
        print(_line("page, repeat views (warm)", run([f"/disclosures/{i}" for i in warm], args.seconds), base_p99))
        print(_line("JSON, repeat views (warm)", run([f"/api/disclosures/{i}" for i in warm], args.seconds), base_p99))
        departments = sorted({i.department.id for i in items})
        rng.shuffle(departments)
        for name, prefix in (("department page", ""), ("department JSON", "/api")):
            cold = run([f"{prefix}/departments/{i}" for i in departments], 600)
            print(_line(f"{name}, first view (cold)", cold, base_p99))
        again = [f"/api/departments/{rng.choice(departments)}" for _ in range(200_000)]
        print(_line("department JSON, repeat views", run(again, args.seconds / 3), base_p99))
        if not args.skip_lists:
            _lists(url, run, rng, args.seconds)
            _export_memory(url)


def _list_urls(url: str, rng: random.Random) -> dict[str, list[str]]:
    """The explorer's, the search's and the export page's addresses a visitor may ask for in this database."""
    from urllib.parse import quote

    from yusuan.store import Store, explore
    from yusuan.store.schema import departments, projects
    from yusuan.store.search import parse
    from yusuan.web import prebuild

    store = Store.open(url)
    with store.read() as conn:
        offered = explore.choices(conn, True)
        department_ids = [r[0] for r in conn.execute(departments.select().with_only_columns(departments.c.id))]
        names = [r[0] for r in conn.execute(projects.select().with_only_columns(projects.c.name).limit(3000))]
    regions = [r for r in offered["regions"] if r]
    measures = ["section=three_public", "section=three_public&code=reception", "section=functional&code=201",
                "section=functional&code=20103&measure=basic", "section=economic&code=302",
                "section=total&code=expenditure_total", "section=operating_costs"]
    explorer = [f"/explore?{m}&year={y}" + (f"&region={quote(r)}" if r else "")
                for m in measures for y in offered["years"] for r in ["", *regions]]
    explorer += [f"/explore?{rng.choice(measures)}&department={d}" for d in rng.sample(department_ids,
                                                                                       min(200, len(department_ids)))]
    words = ["办公室", "公务接待费", "经费", "一般公共服务", "培训费", "信息化", "2010301", "住房公积金", "物业管理",
             "会议费", "三公经费", "机关运行经费", "政府采购", "人员经费", "绩效目标", "专项", "维修", "差旅费"]
    for name in rng.sample(names, min(300, len(names))):
        found = parse(name).words
        if found:
            words.append(rng.choice(found))
    words = list(dict.fromkeys(words))
    store.close()
    search = [f"/search?q={quote(w)}" for w in words] + [f"/search?q={quote(w)}&page=2" for w in words[:50]]
    search += [f"/search?q={quote(w)}&kind=sentence" for w in words[:50]]
    export = [f"/export?year={y}" + (f"&region={quote(r)}" if r else "") for y in offered["years"]
              for r in ["", *regions]]
    ahead = set(prebuild.list_addresses(store))
    front = [a for a in explorer if _canonical(a, offered) in ahead]
    others = [a for a in explorer if _canonical(a, offered) not in ahead]
    return {"explorer, front pages": front, "explorer, other views": others, "search": search, "export page": export}


def _canonical(address: str, offered: dict[str, Any]) -> str:
    """The explorer view an address asks for, as ``prebuild`` names the pages it builds ahead."""
    from urllib.parse import parse_qs, urlsplit

    from yusuan.web.explore import View

    q = {k: v[0] for k, v in parse_qs(urlsplit(address).query).items()}
    view = View.parse(q.get("section"), q.get("code"), q.get("measure"), q.get("region"),
                      int(q["year"]) if "year" in q else None, q.get("kind", "budget"), q.get("sort", "-amount"),
                      int(q["department"]) if "department" in q else None)
    return view.resolved(offered).address()


def _lists(url: str, run: Any, rng: random.Random, seconds: float) -> None:
    """The explorer, the search and the export pages (issue 14): first views (each address once: built from the
    database), then repeat views (random addresses among them: served from memory while the data version holds),
    each p99 against a static file's measured just before in the same run."""
    addresses = _list_urls(url, rng)
    static = run(["/static/favicon.svg"] * 200_000, seconds / 3)
    base_p99 = _percentile([x * 1000 for x in static["latencies"]], 0.99)
    print(f"lists (issue 14): {', '.join(f'{k} {len(v)} addresses' for k, v in addresses.items())}; "
          f"machine load {os.getloadavg()[0]:.1f}")
    print(_line("baseline: static file (again)", static))
    for name, paths in addresses.items():
        cold = paths[:]
        rng.shuffle(cold)
        print(_line(f"{name}, first views (cold)", run(cold, 600), base_p99))
        warm = [rng.choice(paths) for _ in range(200_000)]
        print(_line(f"{name}, repeat views (warm)", run(warm, seconds), base_p99))
    regions = sorted({p.split("region=")[1] for p in addresses["export page"] if "region=" in p})
    csv = [f"/api/departments?format=csv&region={r}" for r in regions] * 50
    print(_line("department list as CSV (streamed)", run(csv[:5000], seconds / 3), base_p99))


def _export_memory(url: str) -> None:
    """Every published document's lines as one CSV, streamed (digests read 50 at a time) against built whole in
    memory (the baseline of the same run): time and peak Python memory (tracemalloc) of each."""
    import tracemalloc

    from yusuan.store import Store, export, reads
    from yusuan.web.listing import csv_chunks

    store = Store.open(url)
    with store.read() as conn:
        ids = [i for i, _, _ in reads.export_ids(conn, True)]

    def streamed() -> tuple[int, int]:
        size = rows = 0
        items = (info for batch in export.batches(store.read, True, ids) for info in batch)
        for chunk in csv_chunks(export.CSV_HEADER, export.csv_rows(items)):
            size += len(chunk)
            rows += chunk.count(b"\r\n")
        return size, rows

    def whole() -> tuple[int, int]:
        with store.read() as conn:
            data = export.to_csv(reads.export_items(conn, True))
        return len(data), data.count(b"\r\n")

    for name, job in (("streamed, 50 documents at a time", streamed), ("baseline: built whole in memory", whole)):
        tracemalloc.start()
        t0 = time.perf_counter()
        size, rows = job()
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"CSV export of {len(ids)} documents, {name}: {rows - 1} lines, {size / 2**20:.1f} MiB in "
              f"{elapsed:.1f} s, peak memory {peak / 2**20:.1f} MiB")
    store.close()

if __name__ == "__main__":
    main()
