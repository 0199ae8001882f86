#!/usr/bin/env python3
"""Concurrency and crashes, against real server processes.

PostgreSQL: two `letters serve` processes on one database; many clients send approve, return,
accept, recall and void for the same transfers to both at once; one server is killed with SIGKILL in the
middle and started again. SQLite: one server, killed the same way and restarted.

Afterwards: every transfer is in a state the machine can reach (`letters transfer check`), the
archive's hash chain is whole (`letters archive check`), every letter number is unique, and every
operation a client was told succeeded is in the transfer's log — nothing acknowledged was lost.

Usage: python3 Tests/load/crash_test.py LETTERS [--transfers N]   (PostgreSQL when
LETTERS_TEST_POSTGRES_URL is set, e.g. under scripts/with-postgres; SQLite always)"""
import concurrent.futures
import datetime
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

LETTERS = os.path.abspath(sys.argv[1])
TRANSFERS = int(sys.argv[sys.argv.index("--transfers") + 1]) if "--transfers" in sys.argv else 40
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "demo-2017-letters"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db, demo):
        self.db, self.port = db, free_port()
        self.start(demo)

    def start(self, demo=False):
        """Starts the server and returns once /health answers; a server that exits first, or
        does not answer within two minutes, fails the test with what it printed."""
        args = [LETTERS, "serve", "--db", self.db, "--port", str(self.port)] + (["--demo"] if demo else [])
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(args, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"server exited with {self.process.returncode} before answering: {' '.join(args)}\n"
                                   + self.log.read().decode("utf-8", "replace")[-2000:])
            try:
                urllib.request.urlopen(self.url("/health"), timeout=1)
                return
            except Exception:
                time.sleep(0.1)  # polling /health: the wait ends when it answers
        self.process.kill()
        raise RuntimeError("server did not answer /health within 120 s: " + " ".join(args))

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def call(server, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(server.url(path), data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None
    except Exception:
        return None, None  # connection refused or reset: the server is down


def login(server, name):
    status, body = call(server, "POST", "/api/login", body={"name": name, "password": PASSWORD})
    assert status == 200, (name, status)
    return body["token"]


def run(label, db, two_servers):
    first = Server(db, demo=True)
    servers = [first] + ([Server(db, demo=False)] if two_servers else [])
    tokens = {name: [login(s, name) for s in servers] for name in ("admin-B1", "admin-Z1", "admin-B3", "admin-JF")}
    status, members = call(first, "GET", "/api/members?branch=B1", tokens["admin-B1"][0])
    members = [m for m in members if "active" in json.dumps(m["status"])][:TRANSFERS]
    month = datetime.date.today().strftime("%Y-%m")
    transfers = []
    for m in members:
        status, t = call(first, "POST", "/api/transfers", tokens["admin-B1"][0], {"member": m["id"], "to": "B3", "duesPaidUpTo": month})
        if status == 201:
            transfers.append(t["id"])
    assert len(transfers) >= TRANSFERS // 2, f"only {len(transfers)} transfers could be started"
    acknowledged = []  # (transfer, log length after, last log entry)
    done = {}  # operation: times acknowledged
    lock = threading.Lock()
    stop = threading.Event()

    def client(transfer):
        rng = random.Random(transfer)
        while not stop.is_set():
            # Returns are as likely as approvals, so transfers go back and forth for a while.
            # Now and then the branch recalls its letter or, once it is back, voids the transfer.
            name, op, body = rng.choices([("admin-Z1", "approve", {"validityDays": 15}), ("admin-Z1", "return", {"reason": "材料不全"}),
                                          ("admin-B1", "approve", {}), ("admin-B3", "accept", {}), ("admin-B3", "return", {"reason": "退回"}),
                                          ("admin-B3", "return", {"reason": "再退回"}), ("admin-JF", "approve", {}),
                                          ("admin-B1", "recall", {}), ("admin-B1", "void", {"reason": "作废"})],
                                         weights=[1, 1, 1, 1, 1, 1, 1, 0.5, 0.1])[0]
            i = rng.randrange(len(servers))
            status, t = call(servers[i], "POST", f"/api/transfers/{transfer}/{op}", tokens[name][i], body)
            if status == 200:
                with lock:
                    acknowledged.append((transfer, len(t["log"]), t["log"][-1]))
                    done[op] = done.get(op, 0) + 1
                if t["state"]["code"] in ("awaiting-report", "void"):
                    return
            time.sleep(rng.random() * 0.01)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2 * len(transfers)) as pool:
        futures = [pool.submit(client, t) for t in transfers for _ in range(2)]
        while len(acknowledged) < len(transfers):  # in the middle of the load
            time.sleep(0.05)
        victim = servers[0]
        victim.kill()  # returns once the process is gone
        killed_at = len(acknowledged)
        victim.start()  # returns once it answers again
        # Load goes on until as many operations again have been acknowledged after the restart
        # (or every transfer has ended), so that the restarted server serves some of them.
        deadline = time.monotonic() + 120
        while len(acknowledged) < killed_at + len(transfers) and not all(f.done() for f in futures) and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        for f in futures:
            f.result()
    for s in servers:
        s.stop()
    # What was acknowledged is there; the store is consistent; the chain is whole; numbers unique.
    final = {}
    check = Server(db, demo=False)
    token = login(check, "admin-JF")
    for transfer in transfers:
        status, t = call(check, "GET", f"/api/transfers/{transfer}", token)
        assert status == 200, status
        final[transfer] = t
    lost = [(t, n, e) for (t, n, e) in acknowledged if len(final[t]["log"]) < n or final[t]["log"][n - 1] != e]
    assert not lost, f"{len(lost)} acknowledged operations are not in the log, e.g. {lost[0]}"
    numbers = [h["number"] for t in final.values() for h in t["hops"] if h.get("number")]
    assert len(numbers) == len(set(numbers)), "a letter number was given twice"
    check.stop()
    for command in (["transfer", "check"], ["archive", "check"]):
        result = subprocess.run([LETTERS] + command + ["--db", db], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, f"{' '.join(command)}: {result.stdout}{result.stderr}"
    states = {}
    for t in final.values():
        key = t["state"]["code"]
        states[key] = states.get(key, 0) + 1
    print(f"{label}: {len(transfers)} transfers, {len(acknowledged)} operations acknowledged ({killed_at} before the kill), "
          f"none lost; {len(numbers)} letter numbers unique; store consistent; chain whole; states {states}; operations {done}")


def main():
    tmp = tempfile.mkdtemp()
    run("SQLite, one server killed with SIGKILL and restarted", "sqlite:" + os.path.join(tmp, "crash.sqlite"), two_servers=False)
    base = os.environ.get("LETTERS_TEST_POSTGRES_URL")
    if base:
        name = "crash_" + str(os.getpid())
        subprocess.run(["psql", base, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        run("PostgreSQL, two servers, one killed with SIGKILL and restarted", base.rsplit("/", 1)[0] + "/" + name, two_servers=True)
    print("crash: 1 passed, 0 failed")


if __name__ == "__main__":
    main()
