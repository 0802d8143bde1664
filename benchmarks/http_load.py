"""Drive one HTTP target with wrk and check every answer (for ``http_bench.py``).

The check runs in wrk's Lua script, in the load generator's threads: an
answer outside 2xx/3xx, or a 2xx/3xx answer without the expected status and
text, is counted, so a target that fails under load cannot pass for fast.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

THREADS = 2
#: Seconds before wrk gives up on an answer; a timeout counts as a socket error.
TIMEOUT = 10


@dataclass(frozen=True)
class Target:
    """One request wrk repeats, and how to tell its answer is the right one."""

    label: str
    path: str
    expect: str  # a text the right answer contains (in ``header`` if given, else the body)
    method: str = "GET"
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    header: str = ""


@dataclass(frozen=True)
class Run:
    """One wrk run of one target."""

    rate: float
    p50_ms: float
    p99_ms: float
    bad_status: int  # answers outside 2xx/3xx
    socket_errors: int  # connect, read, write errors and timeouts
    wrong: int  # 2xx/3xx answers without the expected status or text


#: Counts wrong answers per thread; ``done`` adds them up and prints the result line.
CHECKS = """
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad_status, wrong = 0, 0
end

function response(status, headers, body)
  local text = body
  if header then text = headers[header] or "" end
  if status < 200 or status > 399 then
    bad_status = bad_status + 1
  elseif status ~= expected_status or not string.find(text, expected, 1, true) then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local bad, wrongs = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("bad_status")
    wrongs = wrongs + thread:get("wrong")
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %f %f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), bad,
    e.connect + e.read + e.write + e.timeout), "WRONG " .. wrongs .. "\\n")
end
"""


def lua_string(text: str) -> str:
    """``text`` as a Lua string literal (bytes outside printable ASCII escaped)."""
    escaped = "".join(
        chr(byte) if 32 <= byte < 127 and chr(byte) not in '"\\' else f"\\{byte:03d}"
        for byte in text.encode()
    )
    return f'"{escaped}"'


def wrk_script(target: Target) -> str:
    """The Lua script that sends ``target`` and counts wrong answers per thread."""
    lines = [f"wrk.method = {lua_string(target.method)}"]
    if target.body:
        lines.append(f"wrk.body = {lua_string(target.body)}")
    lines += [
        f"wrk.headers[{lua_string(name)}] = {lua_string(value)}"
        for name, value in target.headers.items()
    ]
    header = lua_string(target.header) if target.header else "nil"
    lines.append(
        f"local expected_status, header, expected = {target.status}, {header}, "
        f"{lua_string(target.expect)}"
    )
    return "\n".join(lines) + CHECKS


def run_wrk(base_url: str, target: Target, script: Path, connections: int, seconds: int) -> Run:
    script.write_text(wrk_script(target))
    finished = subprocess.run(
        ["wrk", f"-t{min(THREADS, connections)}", f"-c{connections}", f"-d{seconds}s",
         f"--timeout={TIMEOUT}s", f"-s{script}", base_url + target.path],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result = re.search(r"^RESULT (\d+) (\d+) (\S+) (\S+) (\d+) (\d+)$", finished.stdout, re.M)
    wrong = re.search(r"^WRONG (\d+)$", finished.stdout, re.M)
    if result is None or wrong is None:
        raise RuntimeError(f"wrk printed no result for {target.label}:\n{finished.stdout}")
    requests_done, microseconds, p50, p99, bad, socket_errors = result.groups()
    return Run(
        rate=int(requests_done) / (int(microseconds) / 1e6),
        p50_ms=float(p50) / 1000,
        p99_ms=float(p99) / 1000,
        bad_status=int(bad),
        socket_errors=int(socket_errors),
        wrong=int(wrong.group(1)),
    )
