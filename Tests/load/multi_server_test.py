#!/usr/bin/env python3
"""Three servers behind nginx on one PostgreSQL: changes made through one server reach letters
issued by every server; a server killed with SIGKILL loses nothing acknowledged.

Two parts, each on its own fresh database of the cluster LETTERS_TEST_POSTGRES_URL points at
(scripts/with-postgres sets it; scripts/multi-server-test runs this file under it):

1. Starting together. Three `letters serve` processes start at the same moment on an empty
   database, one of them with --demo. All three must come up healthy (bounded wait; a process
   that exits is reported with the end of its output) and the demo province must be there.

2. Changes under load. Server A starts with --demo, then B and C; Debian's nginx (a
   non-daemon process with a generated configuration in a temporary directory) balances over
   the three on a free loopback port. Clients log in through nginx as the demo accounts and
   drive a mixed load through it from a thread pool: apply (B1 → B3), approve, accept, returns,
   letter downloads, transfer and queue reads. In the middle, through server A directly:
     - admin-JF uploads a new seal for JF (a different demonstration seal, `letters seal make`);
     - admin-JF changes JF's letterhead (the 印章 page's form: it is the addressee of letters to
       JF and the receipt addressee of letters JF issues);
     - the security officer takes the transfer permission from Z1 (B1 → B3 then runs
       B1 → JF → B3 instead of B1 → Z1 → JF → B3).
   Then server B is killed with SIGKILL while the load goes on, and started again; and each
   server is sent one new transfer directly (a probe), so that every server provably issues
   letters after the changes. Afterwards, read back through a fresh server process:
     - every letter JF issued after the seal change, by any server, was issued under the new
       seal version (the version stored with the letter) and its PDF embeds the new seal;
       every receipt JF returned after it is sealed with the new seal;
     - every letter addressed to JF or issued by JF after the letterhead change shows the new
       letterhead (pdftotext);
     - every transfer created after the permission change follows the new path;
     - every operation a client got a 2xx for is in the transfer's log; the three changes are
       stored; letter numbers are unique; `letters transfer check` and `letters archive check` pass.

"After a change" means issued (or created) at least GRACE seconds after the client got the
change's 2xx answer: an operation that had already read the organizations when the change
committed may fairly carry the old values. Letters are attributed to the server that issued
them (nginx adds X-Upstream to every answer; probes go to a server directly).

Every wait and loop is bounded in count and time; all traffic goes to 127.0.0.1. Prints one
PASS/FAIL line per check, then `N passed, M failed` alone on the last line; exits 1 on any failure.

Usage: python3 Tests/load/multi_server_test.py LETTERS [--transfers N] [--seconds S] [--workers W]"""
import concurrent.futures
import datetime
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


def option(name, default, kind=int):
    if name in sys.argv:
        return kind(sys.argv[sys.argv.index(name) + 1])
    return default


if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
    sys.exit(__doc__.split("\n\n")[-1])
LETTERS = os.path.abspath(sys.argv[1])
TRANSFERS = option("--transfers", 40)           # transfers the load applies for (plus warm-ups and probes)
LOAD_SECONDS = option("--seconds", 240, float)  # the load stops after this, whatever is left
WORKERS = option("--workers", 8)                # client threads
STARTUP_SECONDS = option("--startup-seconds", 300, float)  # a server (with --demo: the demo province) must be up by then
GRACE = option("--grace", 2.0, float)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "demo-2017-letters"
HOST = "127.0.0.1"
BASE_URL = os.environ.get("LETTERS_TEST_POSTGRES_URL")
TMP = None  # the work directory (server logs, nginx), made by main()
MONTH = datetime.date.today().strftime("%Y-%m")
# No longer than the old one (18 characters), so that it prints on one line and pdftotext reads it whole.
NEW_LETTERHEAD = "中共解放路街道工委新抬头" + datetime.datetime.now().strftime("%H%M%S")


def now():
    return time.time()


def parse_time(text):
    """The API's ISO 8601 dates (seconds, UTC) as Unix time."""
    return datetime.datetime.strptime(text.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z").timestamp()


def clock(t):
    return datetime.datetime.fromtimestamp(t).strftime("%H:%M:%S") if t else "-"


# ---------------------------------------------------------------------------------------------
# Results


class Results:
    def __init__(self):
        self.checks = []

    def add(self, name, ok, detail=""):
        self.checks.append((name, ok, detail))
        print(("PASS  " if ok else "FAIL  ") + name + (("\n      " + detail.replace("\n", "\n      ")) if detail else ""), flush=True)

    def summary(self):
        passed = sum(1 for _, ok, _ in self.checks if ok)
        failed = len(self.checks) - passed
        print("\n==== summary ====")
        for name, ok, _ in self.checks:
            print(("PASS  " if ok else "FAIL  ") + name)
        print(f"{passed} passed, {failed} failed", flush=True)
        return failed


RESULTS = Results()


def info(text):
    print("      " + text, flush=True)


# ---------------------------------------------------------------------------------------------
# HTTP (http.client: no redirects followed, headers visible)


def fetch(port, method, path, token=None, body=None, raw=None, content_type=None, cookie=None, headers=None, timeout=60):
    """(status, headers, bytes); status None when the connection failed (server down)."""
    h = dict(headers or {})
    data = None
    if body is not None:
        data, h["Content-Type"] = json.dumps(body).encode(), "application/json"
    elif raw is not None:
        data, h["Content-Type"] = raw, content_type or "application/octet-stream"
    if token:
        h["Authorization"] = "Bearer " + token
    if cookie:
        h["Cookie"] = cookie
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=data, headers=h)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    except (OSError, http.client.HTTPException):
        return None, {}, b""
    finally:
        connection.close()


def api(port, method, path, token=None, body=None):
    status, headers, data = fetch(port, method, path, token=token, body=body)
    try:
        value = json.loads(data) if data else None
    except ValueError:
        value = None
    return status, value, headers


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def psql(url, sql):
    result = subprocess.run(["psql", url, "-X", "-q", "-At", "-F", "\t", "-c", sql], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"psql: {result.stderr.strip()}")
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def database(name):
    """A fresh database of the cluster, by URL."""
    psql(BASE_URL, f"DROP DATABASE IF EXISTS {name}")
    psql(BASE_URL, f"CREATE DATABASE {name}")
    return BASE_URL.rsplit("/", 1)[0] + "/" + name


# ---------------------------------------------------------------------------------------------
# Processes


class Server:
    """A `letters serve` process on a free loopback port; its output goes to a log file."""

    def __init__(self, name, db, port=None):
        self.name, self.db, self.port = name, db, port or free_port()
        self.process, self.starts = None, 0

    def launch(self, demo=False):
        self.starts += 1
        self.log = os.path.join(TMP, f"server-{self.name}-{self.starts}.log")
        args = [LETTERS, "serve", "--db", self.db, "--port", str(self.port)] + (["--demo"] if demo else [])
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.launched = now()

    def tail(self, lines=6):
        try:
            with open(self.log, errors="replace") as f:
                return "\n".join(f.read().strip().splitlines()[-lines:])
        except OSError:
            return ""

    def wait_ready(self, deadline):
        """None when /health answers 200 before `deadline`; otherwise why not."""
        delay = 0.1
        while now() < deadline:
            code = self.process.poll()
            if code is not None:
                return f"exited with status {code} after {now() - self.launched:.1f} s: {self.tail() or '(no output)'}"
            status, _, _ = fetch(self.port, "GET", "/health", timeout=2)
            if status == 200:
                return None
            time.sleep(delay)
            delay = min(delay * 1.5, 1.0)
        return f"not healthy after {deadline - self.launched:.0f} s (still running): {self.tail() or '(no output)'}"

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        if self.process:
            self.process.wait(timeout=30)

    def stop(self):
        if not self.alive():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()


class Nginx:
    """Debian's nginx as a non-daemon process, everything it writes inside its own directory."""

    def __init__(self, ports):
        self.dir = os.path.join(TMP, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        upstreams = "\n".join(f"        server {HOST}:{p} max_fails=1 fail_timeout=2s;" for p in ports)
        d = self.dir
        self.conf = os.path.join(d, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(f"""daemon off;
user root;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    client_max_body_size 8m;
    upstream letters {{
{upstreams}
        keepalive 32;
    }}
    server {{
        listen {HOST}:{self.port};
        location / {{
            proxy_pass http://letters;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 120s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
""")
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        test = subprocess.run([binary, "-t", "-p", d, "-e", f"{d}/error.log", "-c", self.conf], capture_output=True, text=True)
        if test.returncode != 0:
            raise RuntimeError("nginx -t: " + test.stderr.strip())
        self.process = subprocess.Popen([binary, "-p", d, "-e", f"{d}/error.log", "-c", self.conf],
                                        stdout=subprocess.DEVNULL, stderr=open(f"{d}/stderr.log", "wb"), start_new_session=True)
        deadline = now() + 30
        while now() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}: " + open(f"{d}/error.log", errors="replace").read()[-500:])
            status, _, _ = fetch(self.port, "GET", "/health", timeout=2)
            if status == 200:
                return
            time.sleep(0.2)
        raise RuntimeError("nginx did not answer /health within 30 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def stop_all(processes):
    for p in processes:
        try:
            p.stop()
        except Exception as error:  # noqa: BLE001 - best effort at the end
            print(f"      (stopping {getattr(p, 'name', p)}: {error})")


# ---------------------------------------------------------------------------------------------
# Part 1: three servers starting together on an empty database


def starting_together():
    db = database(f"ms_start_{os.getpid()}")
    servers = [Server(f"start-{i + 1}", db) for i in range(3)]
    barrier = threading.Barrier(3)

    def launch(i):
        barrier.wait(timeout=10)
        servers[i].launch(demo=(i == 0))

    threads = [threading.Thread(target=launch, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    deadline = now() + STARTUP_SECONDS
    problems = {}
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        for server, problem in zip(servers, pool.map(lambda s: s.wait_ready(deadline), servers)):
            if problem:
                problems[server.name] = problem
    up = [s for s in servers if s.name not in problems]
    detail = "\n".join(f"{s.name}{' (--demo)' if s is servers[0] else ''} on port {s.port}: " +
                       (problems[s.name] if s.name in problems else f"healthy after {now() - s.launched:.1f} s") for s in servers)
    RESULTS.add("start together: three servers (one with --demo) started at the same moment on an empty database all come up healthy",
                not problems, detail)
    # The demo province: accounts, organizations and members, seen through every server that is up.
    demo_problems = []
    if not up:
        demo_problems.append("no server is up")
    for s in up:
        status, body, _ = api(s.port, "POST", "/api/login", body={"name": "admin-B1", "password": PASSWORD})
        if status != 200:
            demo_problems.append(f"{s.name}: login admin-B1 → {status} {body}")
            continue
        status, members, _ = api(s.port, "GET", "/api/members?branch=B1", body["token"])
        if status != 200 or not members:
            demo_problems.append(f"{s.name}: members of B1 → {status}, {len(members or [])} members")
    try:
        counts = psql(db, "SELECT (SELECT count(*) FROM organizations), (SELECT count(*) FROM members), (SELECT count(*) FROM accounts)")[0]
    except Exception as error:  # noqa: BLE001 - the schema may not even be there
        counts = None
        demo_problems.append(f"database: {str(error).splitlines()[0]}")
    RESULTS.add("start together: the demo province is present (accounts log in, B1 has members)", not demo_problems,
                "\n".join(demo_problems + ([f"database holds organizations/members/accounts: {'/'.join(counts)}"] if counts else [])))
    stop_all(servers)


# ---------------------------------------------------------------------------------------------
# Part 2: changes under load


class Load:
    """What the clients did and were told."""

    def __init__(self):
        self.lock = threading.Lock()
        self.transfers = {}      # id -> {"created": unix, "server": port, "via": "nginx"|"direct", "path": [...]}
        self.acknowledged = []   # (transfer, log length, last log entry, operation, server port, sent at)
        self.letters_by = {}     # (transfer, hop index) -> server port that issued it, from acknowledged answers
        self.counts = {}         # "operation status" -> n
        self.failures = []       # (operation, status, body) of 5xx and dropped connections
        self.finished = set()
        self.members = []
        self.stop = threading.Event()

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1


def upstream_port(headers, fallback):
    """The backend nginx passed the request to (the last one tried)."""
    value = headers.get("x-upstream", "")
    found = re.findall(r":(\d+)", value)
    return int(found[-1]) if found else fallback


def holder_of(t):
    """The organization holding the letter, while one does (the API's state names it)."""
    state = t["state"]
    return state.get("holder") if state["code"] in ("pending", "returned", "objection", "recalled") else None


def state_name(t):
    return t["state"]["code"]


def record_letters(load, t, port, before_hops):
    """Letters in an answer that were not there before the operation: issued by `port`."""
    for i, hop in enumerate(t.get("hops", [])):
        if i >= before_hops and hop.get("number"):
            load.letters_by[(t["id"], i)] = port


def apply(load, port, token, member, via):
    sent = now()
    status, t, headers = api(port, "POST", "/api/transfers", token, {"member": member, "to": "B3", "duesPaidUpTo": MONTH})
    served = upstream_port(headers, port)
    load.count(f"apply {status}")
    if status == 201:
        with load.lock:
            load.transfers[t["id"]] = {"created": parse_time(t["createdAt"]), "server": served, "via": via, "sent": sent,
                                       "path": t["path"]["organizations"]}
            load.acknowledged.append((t["id"], len(t["log"]), t["log"][-1], "apply", served, sent))
            record_letters(load, t, served, 0)
        return t
    if status is None or status >= 500:
        with load.lock:
            load.failures.append(("apply", status, member))
    return None


def operate(load, port, token, transfer, op, body, hops_before):
    sent = now()
    status, t, headers = api(port, "POST", f"/api/transfers/{transfer}/{op}", token, body)
    served = upstream_port(headers, port)
    load.count(f"{op} {status}")
    if status == 200:
        with load.lock:
            load.acknowledged.append((transfer, len(t["log"]), t["log"][-1], op, served, sent))
            record_letters(load, t, served, hops_before)
            if state_name(t) in ("awaiting-report", "void", "completed"):
                load.finished.add(transfer)
        return t
    if status is None or status >= 500:
        with load.lock:
            load.failures.append((op, status, transfer))
    return None


def client(load, port, tokens, seed, deadline):
    """One client thread: a mixed load through nginx until told to stop (bounded in operations and time)."""
    rng = random.Random(seed)
    for _ in range(100_000):
        if load.stop.is_set() or now() > deadline:
            return
        with load.lock:
            open_transfers = [t for t in load.transfers if t not in load.finished]
            all_transfers = list(load.transfers)
            member = load.members.pop() if load.members and rng.random() < 0.25 else None
        if member:
            apply(load, port, tokens["admin-B1"], member, "nginx")
            continue
        kind = rng.choices(["advance", "download", "read", "queue"], weights=[5, 3, 1, 1])[0]
        if kind == "queue":
            name = rng.choice(["admin-B1", "admin-Z1", "admin-JF", "admin-B3"])
            status, _, _ = api(port, "GET", "/api/queue", tokens[name])
            load.count(f"queue {status}")
            continue
        if not all_transfers:
            time.sleep(0.05)
            continue
        transfer = rng.choice(open_transfers if kind == "advance" and open_transfers else all_transfers)
        status, t, _ = api(port, "GET", f"/api/transfers/{transfer}", tokens["admin-JF"])
        load.count(f"read {status}")
        if status != 200:
            continue
        if kind == "download":
            numbered = [i for i, h in enumerate(t["hops"]) if h.get("number")]
            if numbered:
                hop = rng.choice(numbered) + 1
                status, headers, data = fetch(port, "GET", f"/api/transfers/{transfer}/letters/{hop}", token=tokens["admin-JF"])
                load.count(f"download {status}")
                if status == 200 and not data.startswith(b"%PDF"):
                    load.count("download not-a-PDF")
            continue
        if kind != "advance":
            continue
        holder = holder_of(t)
        if holder is None:
            with load.lock:
                load.finished.add(transfer)
            continue
        hops = len(t["hops"])
        if holder == "B3":
            if rng.random() < 0.85:
                operate(load, port, tokens["admin-B3"], transfer, "accept", {}, hops)
            else:
                operate(load, port, tokens["admin-B3"], transfer, "return", {"reason": "材料不全，退回"}, hops)
        elif holder in ("Z1", "JF", "B1"):
            if holder != "B1" and rng.random() < 0.1:
                operate(load, port, tokens[f"admin-{holder}"], transfer, "return", {"reason": "请核实"}, hops)
            else:
                operate(load, port, tokens[f"admin-{holder}"], transfer, "approve", {"validityDays": 15}, hops)
        time.sleep(rng.random() * 0.02)


def login(port, name):
    status, body, _ = api(port, "POST", "/api/login", body={"name": name, "password": PASSWORD})
    if status != 200:
        raise RuntimeError(f"login {name} on port {port}: {status} {body}")
    return body["token"], body.get("csrf", "")


def seal_jpeg():
    """A valid demonstration seal that differs from every demo seal (another name on it)."""
    path = os.path.join(TMP, "new-seal.jpg")
    result = subprocess.run([LETTERS, "seal", "make", "--name", "中共解放路街道工委新印章", "--out", path], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError("letters seal make: " + result.stdout + result.stderr)
    check = subprocess.run([LETTERS, "seal", "check", path], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if check.returncode != 0:
        raise RuntimeError("letters seal check refused the new seal: " + check.stdout + check.stderr)
    with open(path, "rb") as f:
        return f.read()


def probe(load, server, tokens, label, member):
    """One new transfer of `member` sent to `server` directly, carried until JF has issued its letter."""
    if not member:
        return f"{label} on {server.name}: no member left"
    t = apply(load, server.port, tokens["admin-B1"], member, f"{label} {server.name}")
    if not t:
        return f"{label} on {server.name}: apply refused"
    transfer = t["id"]
    for _ in range(8):  # the climb B1 → Z1 → JF, and the load's clients may act on it meanwhile
        holder = holder_of(t)
        if holder in (None, "B3"):
            return None
        operate(load, server.port, tokens[f"admin-{holder}"], transfer, "approve", {"validityDays": 15}, len(t["hops"]))
        status, t, _ = api(server.port, "GET", f"/api/transfers/{transfer}", tokens["admin-JF"])
        if status != 200:
            return f"{label} on {server.name}: reading {transfer} → {status}"
    return f"{label} on {server.name}: {transfer} still held by {holder_of(t)}"


def changes_under_load():
    db = database(f"ms_main_{os.getpid()}")
    a, b, c = Server("A", db), Server("B", db), Server("C", db)
    servers = {"A": a, "B": b, "C": c}
    names_by_port = {a.port: "A", b.port: "B", c.port: "C"}
    started = []
    nginx = None
    try:
        a.launch(demo=True)
        started.append(a)
        problem = a.wait_ready(now() + STARTUP_SECONDS)
        if problem:
            RESULTS.add("setup: server A with --demo starts on an empty database", False, problem)
            return
        b.launch(), c.launch()
        started += [b, c]
        problems = [f"{s.name}: {p}" for s in (b, c) if (p := s.wait_ready(now() + STARTUP_SECONDS))]
        try:
            nginx = Nginx([a.port, b.port, c.port])
        except Exception as error:  # noqa: BLE001
            problems.append(f"nginx: {error}")
        RESULTS.add("setup: servers A (--demo, then) B and C on one database, nginx in front", not problems,
                    "\n".join(problems) or f"A :{a.port}, B :{b.port}, C :{c.port}, nginx :{nginx.port}; logs in {TMP}")
        if problems:
            return
        lb = nginx.port
        tokens = {name: login(lb, name)[0] for name in ("admin-B1", "admin-Z1", "admin-JF", "admin-B3")}
        officer, _ = login(lb, "security")
        jf_session, jf_csrf = login(a.port, "admin-JF")
        load = Load()
        status, members, _ = api(lb, "GET", "/api/members?branch=B1", tokens["admin-B1"])
        active = [m["id"] for m in (members or []) if m.get("status") == "active"]
        random.Random(1).shuffle(active)
        info(f"{len(active)} active members in B1; the new letterhead will be {NEW_LETTERHEAD}")
        # Six members for warm-ups and probes; of the load's, half apply before the changes and
        # half only after them (and the grace time), so that many paths and letters start after.
        reserved, pool = active[:6], active[6:6 + TRANSFERS]
        load.members, later = pool[:len(pool) // 2], pool[len(pool) // 2:]

        # Warm up: every server renders a letter of JF and reads the tree, so that each holds the
        # organizations and JF's current seal in memory before anything changes.
        warm = [probe(load, s, tokens, "warm-up", m) for s, m in zip((a, b, c), reserved[:3] + [None] * 3)]
        warm = [w for w in warm if w]
        if warm:
            info("warm-up problems: " + "; ".join(warm))

        deadline = now() + LOAD_SECONDS
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS)
        futures = [pool.submit(client, load, lb, tokens, seed, deadline) for seed in range(WORKERS)]
        changes = {}
        try:
            # In the middle: once the first half was applied, while it is being approved and accepted
            # (or once a third of the time went by).
            wait_until = now() + LOAD_SECONDS / 3
            while now() < wait_until and load.members:
                time.sleep(0.1)
            info(f"changes start at {clock(now())}: {len(load.transfers)} transfers, {len(load.acknowledged)} operations acknowledged")
            # 1. The seal of JF, through A.
            new_seal = seal_jpeg()
            status, headers, data = fetch(a.port, "POST", "/api/seal", token=jf_session, raw=new_seal, content_type="image/jpeg")
            ack = now()
            if status == 201:
                changes["seal"] = {"at": ack, "version": json.loads(data)["version"]}
            RESULTS.add("change: admin-JF uploads a new seal through server A", status == 201,
                        f"→ {status} {data[:200].decode(errors='replace')} at {clock(ack)}")
            # 2. The letterhead of JF, through A's seal page (a session cookie and its CSRF token).
            form = urllib.parse.urlencode({"_csrf": jf_csrf, "letterhead": NEW_LETTERHEAD}).encode()
            status, headers, data = fetch(a.port, "POST", "/seal/letterhead", raw=form, content_type="application/x-www-form-urlencoded",
                                         cookie=f"letters_session={jf_session}", headers={"X-CSRF-Token": jf_csrf})
            ack = now()
            stored = psql(db, "SELECT doc FROM organizations WHERE id = 'JF'")
            stored_letterhead = json.loads(stored[0][0]).get("letterhead") if stored else None
            ok = status in (200, 303) and stored_letterhead == NEW_LETTERHEAD
            if ok:
                changes["letterhead"] = {"at": ack}
            RESULTS.add("change: admin-JF changes JF's letterhead through server A (印章 page form)", ok,
                        f"→ {status} {headers.get('location', '')} at {clock(ack)}; stored letterhead: {stored_letterhead}")
            # 3. The transfer permission of Z1, through A, by the security officer.
            status, body, _ = api(a.port, "POST", "/api/organizations/Z1/permissions", officer, {"mayTransfer": False})
            ack = now()
            if status == 200:
                changes["permission"] = {"at": ack}
            RESULTS.add("change: the security officer takes the transfer permission from Z1 through server A", status == 200,
                        f"→ {status} {body} at {clock(ack)}")
            # The second half of the applications, then server B killed with SIGKILL while the load
            # goes on (after a few more operations were acknowledged), and started again.
            last_change = max([v["at"] for v in changes.values()] or [now()])
            while now() < last_change + GRACE + 0.5:  # so that they all count as "after the changes"
                time.sleep(0.1)
            with load.lock:
                load.members += later
            info(f"second half of the applications released at {clock(now())}")
            released = len(load.acknowledged)
            resume = now() + 5
            while now() < resume and len(load.acknowledged) < released + 5:
                time.sleep(0.1)
            before = len(load.acknowledged)
            b.kill()
            killed_at = now()
            info(f"server B killed (SIGKILL) at {clock(killed_at)} with {before} operations acknowledged")
            resume = now() + 5
            while now() < resume and len(load.acknowledged) < before + 10:
                time.sleep(0.1)
            b.launch()
            problem = b.wait_ready(now() + STARTUP_SECONDS)
            RESULTS.add("server B killed with SIGKILL during the load and started again", problem is None,
                        problem or f"down {now() - killed_at:.1f} s; {len(load.acknowledged) - before} operations acknowledged meanwhile")
            # One transfer sent to each server directly, after every change and the grace time.
            probes = [probe(load, s, tokens, "probe", m) for s, m in zip((a, b, c), reserved[3:6] + [None] * 3)]
            if any(probes):
                info("probe problems: " + "; ".join(p for p in probes if p))
            # Then the load runs on until its transfers are done (or its time is up).
            while now() < deadline and not all(f.done() for f in futures):
                with load.lock:
                    done = not load.members and all(t in load.finished for t in load.transfers)
                if done:
                    break
                time.sleep(0.2)
        finally:
            load.stop.set()
            for f in futures:
                try:
                    f.result(timeout=180)
                except Exception as error:  # noqa: BLE001
                    RESULTS.add("load: client threads end without an exception", False, repr(error))
            pool.shutdown(wait=False)
        counts = ", ".join(f"{k} ×{v}" for k, v in sorted(load.counts.items()))
        info(f"load: {len(load.transfers)} transfers, {len(load.acknowledged)} operations acknowledged; {counts}")
        served = {}
        for (_, _, _, _, port, _) in load.acknowledged:
            served[names_by_port.get(port, str(port))] = served.get(names_by_port.get(port, str(port)), 0) + 1
        info("acknowledged operations by server: " + ", ".join(f"{k} {v}" for k, v in sorted(served.items())))
        info(f"{len(load.failures)} write(s) got a 5xx or no answer (server B was killed)" +
             (f", e.g. {load.failures[:3]}" if load.failures else ""))
        stop_all([nginx] + started)
        nginx = None
        verify(db, load, changes, names_by_port, new_seal if "seal" in changes else None, servers)
    finally:
        if nginx:
            nginx.stop()
        stop_all(started)


# ---------------------------------------------------------------------------------------------
# Checks


def pdf_text(pdf):
    path = os.path.join(TMP, "letter.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    texts = []
    for mode in ([], ["-raw"]):  # reading order, and content-stream order
        result = subprocess.run(["pdftotext", "-enc", "UTF-8"] + mode + [path, "-"], capture_output=True, timeout=60)
        texts.append(re.sub(r"\s+", "", result.stdout.decode("utf-8", errors="replace")))
    return "\n".join(texts)


def verify(db, load, changes, names_by_port, new_seal, servers):
    checker = Server("check", db)
    checker.launch()
    problem = checker.wait_ready(now() + STARTUP_SECONDS)
    if problem:
        RESULTS.add("checks: a fresh server reads the store", False, problem)
        return
    try:
        token, _ = login(checker.port, "admin-JF")
        final = {}
        missing = []
        for transfer in list(load.transfers):
            status, t, _ = api(checker.port, "GET", f"/api/transfers/{transfer}", token)
            if status == 200:
                final[transfer] = t
            else:
                missing.append((transfer, status))
        who = lambda port: names_by_port.get(port, "?")  # noqa: E731

        # Nothing acknowledged is lost; the changes are stored.
        lost = [(t, n, e, op, who(p)) for (t, n, e, op, p, _) in load.acknowledged
                if t not in final or len(final[t]["log"]) < n or final[t]["log"][n - 1] != e]
        seals = {int(v): bytes.fromhex(h) for v, h in psql(db, "SELECT version, encode(jpeg, 'hex') FROM seals WHERE org_id = 'JF'")}
        orgs = {i: json.loads(d) for i, d in psql(db, "SELECT id, doc FROM organizations WHERE id IN ('JF', 'Z1')")}
        change_problems = []
        if "seal" in changes and seals.get(changes["seal"]["version"]) != new_seal:
            change_problems.append(f"seal version {changes['seal']['version']} of JF is not the uploaded image")
        if "letterhead" in changes and orgs["JF"].get("letterhead") != NEW_LETTERHEAD:
            change_problems.append(f"JF's letterhead is {orgs['JF'].get('letterhead')}")
        if "permission" in changes and orgs["Z1"].get("permissions", {}).get("mayTransfer") is not False:
            change_problems.append(f"Z1's permissions are {orgs['Z1'].get('permissions')}")
        RESULTS.add("nothing acknowledged is lost: every 2xx operation is in its transfer's log, every applied transfer exists, the three changes are stored",
                    not lost and not missing and not change_problems,
                    f"{len(load.acknowledged)} acknowledged operations on {len(load.transfers)} transfers" +
                    (f"; {len(lost)} lost, e.g. {lost[:3]}" if lost else "") + (f"; missing transfers {missing[:5]}" if missing else "") +
                    ("; " + "; ".join(change_problems) if change_problems else ""))
        numbers = [h["number"] for t in final.values() for h in t["hops"] if h.get("number")]
        RESULTS.add("letter numbers are unique", len(numbers) == len(set(numbers)), f"{len(numbers)} letters")

        # Every letter: who issued it, to whom, when, under which seal version.
        rows = psql(db, "SELECT transfer_id, hop, issuer_id, coalesce(seal_version, -1) FROM letters WHERE transfer_id IN (" +
                    ",".join(f"'{t}'" for t in final) + ")") if final else []
        stored_seal = {(t, int(h)): (issuer, int(v)) for t, h, issuer, v in rows}
        letters = []  # (transfer, hop index, issuer, addressee org, issuedAt, server)
        for t in final.values():
            orgs_on_path = t["path"]["organizations"]
            for i, hop in enumerate(t["hops"]):
                if not hop.get("number"):
                    continue
                to = orgs_on_path[hop["to"]] if hop.get("to") is not None else None
                letters.append((t["id"], i, orgs_on_path[hop["from"]], to, parse_time(hop["issuedAt"]),
                                who(load.letters_by[(t["id"], i)]) if (t["id"], i) in load.letters_by else "unacknowledged"))

        def breakdown(items):
            by = {}
            for server, bad in items:
                ok, total = by.get(server, (0, 0))
                by[server] = (ok + (0 if bad else 1), total + 1)
            return ", ".join(f"{s}: {ok}/{total} right" for s, (ok, total) in sorted(by.items()))

        downloads = {}

        def download(transfer, hop, receipt=False):
            key = (transfer, hop, receipt)
            if key not in downloads:
                path = f"/api/transfers/{transfer}/letters/{hop + 1}" + ("?part=receipt" if receipt else "")
                status, _, data = fetch(checker.port, "GET", path, token=token)
                downloads[key] = data if status == 200 and data.startswith(b"%PDF") else None
            return downloads[key]

        def which_seal(pdf):
            found = [v for v, jpeg in seals.items() if jpeg in pdf]
            return found[0] if len(found) == 1 else (None if not found else tuple(found))

        # Seal: letters JF issued after the change, and receipts JF returned after it.
        if "seal" in changes:
            since, version = changes["seal"]["at"] + GRACE, changes["seal"]["version"]
            subject = [l for l in letters if l[2] == "JF" and l[4] >= since]
            items, bad = [], []
            for (t, i, _, _, at, server) in subject:
                recorded = stored_seal.get((t, i), (None, None))[1]
                pdf = download(t, i)
                embedded = which_seal(pdf) if pdf else "no PDF"
                wrong = recorded != version or embedded != version
                items.append((server, wrong))
                if wrong:
                    bad.append(f"{t[:8]} letter {i + 1} issued {clock(at)} by server {server}: seal version {recorded} recorded, "
                               f"{embedded} embedded (new is {version})")
            RESULTS.add(f"seal: every letter JF issued after the seal change, by any server, carries the new seal (version {version})",
                        bool(subject) and not bad,
                        (f"{len(subject)} letters: {breakdown(items)}" if subject else "no letter of JF was issued after the change") +
                        ("\n" + "\n".join(bad[:12]) + (f"\n… {len(bad) - 12} more" if len(bad) > 12 else "") if bad else ""))
            receipts, bad = [], []
            for t in final.values():
                for i, hop in enumerate(t["hops"]):
                    to = t["path"]["organizations"][hop["to"]] if hop.get("to") is not None else None
                    if to == "JF" and hop.get("receiptReturnedAt") and parse_time(hop["receiptReturnedAt"]) >= since:
                        pdf = download(t["id"], i, receipt=True)
                        embedded = which_seal(pdf) if pdf else "no PDF"
                        # JF returns the receipt in the operation that issues its own letter onwards.
                        onward = [j for j, h in enumerate(t["hops"]) if h["from"] == hop["to"] and h["issuedAt"] == hop["receiptReturnedAt"]]
                        server = who(load.letters_by[(t["id"], onward[0])]) if onward and (t["id"], onward[0]) in load.letters_by else "unacknowledged"
                        receipts.append((server, embedded != version))
                        if embedded != version:
                            bad.append(f"{t['id'][:8]} receipt of letter {i + 1} returned {clock(parse_time(hop['receiptReturnedAt']))} "
                                       f"by server {server}: seal {embedded} embedded (new is {version})")
            RESULTS.add("seal: every receipt JF returned after the seal change is sealed with the new seal", bool(receipts) and not bad,
                        (f"{len(receipts)} receipts: {breakdown(receipts)}" if receipts else "no receipt was returned by JF after the change") +
                        ("\n" + "\n".join(bad[:12]) + (f"\n… {len(bad) - 12} more" if len(bad) > 12 else "") if bad else ""))

        # Letterhead: letters to JF (addressee) and letters of JF (receipt addressee) after the change.
        if "letterhead" in changes:
            since = changes["letterhead"]["at"] + GRACE
            subject = [l for l in letters if (l[2] == "JF" or l[3] == "JF") and l[4] >= since]
            items, bad = [], []
            old = "中共济南市历下区解放路街道工作委员会"
            for (t, i, issuer, to, at, server) in subject:
                pdf = download(t, i)
                text = pdf_text(pdf) if pdf else ""
                wrong = NEW_LETTERHEAD not in text
                items.append((server, wrong))
                if wrong:
                    role = "issued by JF (receipt addressee)" if issuer == "JF" else "addressed to JF"
                    bad.append(f"{t[:8]} letter {i + 1} {role}, issued {clock(at)} by server {server}: new letterhead missing"
                               + (", old one printed" if old in text else "") + ("" if pdf else " (no PDF)"))
            RESULTS.add("letterhead: every letter to or from JF issued after the letterhead change, by any server, shows the new letterhead",
                        bool(subject) and not bad,
                        (f"{len(subject)} letters: {breakdown(items)}" if subject else "no letter to or from JF was issued after the change") +
                        ("\n" + "\n".join(bad[:12]) + (f"\n… {len(bad) - 12} more" if len(bad) > 12 else "") if bad else ""))

        # Permission: transfers created after the change run B1 → JF → B3.
        if "permission" in changes:
            since = changes["permission"]["at"] + GRACE
            subject = [(tid, info_) for tid, info_ in load.transfers.items() if tid in final and info_["created"] >= since]
            items, bad = [], []
            for tid, info_ in subject:
                path = final[tid]["path"]["organizations"]
                wrong = "Z1" in path
                server = who(info_["server"])
                items.append((server, wrong))
                if wrong:
                    bad.append(f"{tid[:8]} created {clock(info_['created'])} by server {server} ({info_['via']}): path {' → '.join(path)}")
            RESULTS.add("permission: every transfer created after Z1 lost its permission, by any server, runs B1 → JF → B3",
                        bool(subject) and not bad,
                        (f"{len(subject)} transfers: {breakdown(items)}" if subject else "no transfer was created after the change") +
                        ("\n" + "\n".join(bad[:12]) + (f"\n… {len(bad) - 12} more" if len(bad) > 12 else "") if bad else ""))

        # Every server took part after the changes (so that the checks above say something about each).
        if changes:
            since = max(v["at"] for v in changes.values()) + GRACE
            issued = {}
            for l in letters:
                if l[4] >= since:
                    issued[l[5]] = issued.get(l[5], 0) + 1
            absent = [n for n in ("A", "B", "C") if not issued.get(n)]
            RESULTS.add("coverage: every server issued letters after the changes", not absent,
                        "letters issued after the last change by server: " + ", ".join(f"{k} {v}" for k, v in sorted(issued.items())) +
                        (f"; none by {', '.join(absent)}" if absent else ""))
    finally:
        checker.stop()
    for command in (["transfer", "check"], ["archive", "check"]):
        result = subprocess.run([LETTERS] + command + ["--db", db], cwd=ROOT, capture_output=True, text=True, timeout=600)
        output = (result.stdout + result.stderr).strip()
        RESULTS.add(f"letters {' '.join(command)} --db passes", result.returncode == 0, "\n".join(output.splitlines()[-6:]))


# ---------------------------------------------------------------------------------------------


def main():
    if not BASE_URL:
        sys.exit("multi_server_test: LETTERS_TEST_POSTGRES_URL is not set; run it under scripts/with-postgres "
                 "(scripts/multi-server-test does)")
    if not os.access(LETTERS, os.X_OK):
        sys.exit(f"multi_server_test: {LETTERS} is not an executable")
    for tool in ("nginx", "psql", "pdftotext"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            sys.exit(f"multi_server_test: {tool} is missing (scripts/multi-server-test installs nginx)")
    global TMP
    TMP = tempfile.mkdtemp(prefix="letters-ms-")
    print(f"==> letters {LETTERS}; {TRANSFERS} transfers, at most {LOAD_SECONDS:.0f} s of load, {WORKERS} clients; work files in {TMP}", flush=True)
    print("==> part 1: three servers starting together on an empty database", flush=True)
    try:
        starting_together()
    except Exception as error:  # noqa: BLE001 - reported, and part 2 still runs
        RESULTS.add("start together: the part ran to its end", False, repr(error))
    print("==> part 2: three servers behind nginx; seal, letterhead and permission changed through A; B killed", flush=True)
    try:
        changes_under_load()
    except Exception as error:  # noqa: BLE001
        RESULTS.add("changes under load: the part ran to its end", False, repr(error))
    if all(ok for _, ok, _ in RESULTS.checks):
        shutil.rmtree(TMP, ignore_errors=True)
    else:
        print(f"\n(server logs, nginx configuration and logs kept in {TMP})", flush=True)
    failed = RESULTS.summary()  # its last line: "N passed, M failed"
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
