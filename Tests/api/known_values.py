#!/usr/bin/env python3
"""Prints schemathesis dictionaries of values that exist in the running demo store — transfer
ids, members, branches, printer names — and binds the API's parameters to them, so that most
generated requests reach a real transfer's state machine instead of ending in 404.

Usage: known_values.py BASE_URL TOKEN >> config.toml"""
import datetime
import json
import sys
import urllib.error
import urllib.request

base, token = sys.argv[1], sys.argv[2]


def get(path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


transfers, branches, destinations = set(), set(), set()
for item in get("/api/queue")["items"] + get("/api/history?direction=out") + get("/api/history?direction=in"):
    transfers.add(item["id"])
    branches.add(item["source"])
    if item.get("destination"):
        destinations.add(item["destination"])
members = []
for branch in sorted(branches):
    try:
        members += [m["id"] for m in get("/api/members?branch=" + branch)]
    except urllib.error.HTTPError:  # a source outside the caller's subtree (an incoming transfer)
        pass


def dictionary(name, values):
    print(f"\n[dictionaries.{name}]\nvalues = {json.dumps(sorted(values), ensure_ascii=False)}")


dictionary("transfers", transfers)
dictionary("members", sorted(members)[:200])
dictionary("branches", branches | destinations)
dictionary("hops", [1, 2, 3])
# Dues paid up to this month or one of the three before it (China time), as an application must say.
today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
dictionary("months", [f"{today.year - (today.month - k <= 0)}-{(today.month - k - 1) % 12 + 1:02d}" for k in range(4)])
print("""
# Generated values still come one time in five, so that unknown ids stay covered.
[parameters]
"path.id" = { dictionary = "transfers", probability = 0.8 }
"path.hop" = { dictionary = "hops", probability = 0.8 }
"body.member" = { dictionary = "members", probability = 0.8 }
"body.duesPaidUpTo" = { dictionary = "months", probability = 0.8 }
"body.to" = { dictionary = "branches", probability = 0.8 }
"query.branch" = { dictionary = "branches", probability = 0.8 }""")
