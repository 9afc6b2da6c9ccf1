#!/usr/bin/env python3
"""Hostile clients against a quoth binary on 127.0.0.1 only, every part bounded in time
(issue #12). Prints one line per measurement; the README's robustness section quotes them.

    cargo build --release && python3 scripts/hostile.py [--bin target/release/quoth] [--only NAME]

Parts: slow_first, slow_later, stalled_bodies, low_ulimit, gzip_bombs, max_texts,
max_text_one, max_texts_unbudgeted, sigterm.
Each starts its own server (defaults unless stated), so RSS figures do not mix. Nothing is sent
anywhere but 127.0.0.1.
"""

import argparse
import gzip
import json
import os
import signal
import socket
import subprocess
import threading
import time

HOST = "127.0.0.1"


def rss_kb(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    def __init__(self, binary, args=(), ulimit=None, port=None):
        self.port = port or free_port()
        cmd = [binary, "serve", "--bind", HOST, "--port", str(self.port), "--log-format", "json",
               "--log", "warn", *args]
        if ulimit:
            cmd = ["sh", "-c", f"ulimit -n {ulimit} && exec " + " ".join(cmd)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pid = self.proc.pid
        deadline = time.time() + 120
        while time.time() < deadline:
            if status(self.port, "/readyz") == 204:
                return
            time.sleep(0.2)
        raise SystemExit("server did not become ready")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def free_port():
    s = socket.socket()
    s.bind((HOST, 0))
    p = s.getsockname()[1]
    s.close()
    return p


def request(port, raw, timeout=30):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.sendall(raw)
    return read_all(s)


def read_all(s):
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except OSError:
        pass
    s.close()
    return out


def status(port, path):
    try:
        r = request(port, f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode(), 5)
        return int(r[9:12])
    except (OSError, ValueError):
        return 0


def post(port, path, body, headers=""):
    head = (f"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            f"Connection: close\r\nContent-Length: {len(body)}\r\n{headers}\r\n").encode()
    return request(port, head + body, 120)


def wait_closed(socks, bound):
    """Seconds until each socket is closed by the server (None: still open at `bound`)."""
    start = time.time()
    times = [None] * len(socks)

    def watch(i, s):
        s.settimeout(bound)
        try:
            while s.recv(4096):
                pass
            times[i] = time.time() - start
        except OSError:
            pass

    ts = [threading.Thread(target=watch, args=(i, s)) for i, s in enumerate(socks)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(bound + 5)
    return times


def summary(times):
    closed = [t for t in times if t is not None]
    if not closed:
        return f"0/{len(times)} closed"
    return f"{len(closed)}/{len(times)} closed, max {max(closed):.1f} s"


def slow_first(binary):
    srv = Server(binary)
    socks = [socket.create_connection((HOST, srv.port)) for _ in range(40)]
    stop = threading.Event()

    def drip():
        for ch in b"GET /livez HTTP/1.1\r\nHost: slow\r\n":
            if stop.is_set():
                return
            for s in socks:
                try:
                    s.send(bytes([ch]))
                except OSError:
                    pass
            time.sleep(2)

    threading.Thread(target=drip, daemon=True).start()
    times = wait_closed(socks, 100)
    stop.set()
    print(f"slow_first: 40 connections, 1 byte / 2 s of a first request: {summary(times)}")
    srv.stop()


def slow_later(binary):
    srv = Server(binary)
    socks = []
    for _ in range(40):
        s = socket.create_connection((HOST, srv.port))
        s.sendall(b"GET /livez HTTP/1.1\r\nHost: t\r\n\r\n")
        s.recv(4096)
        socks.append(s)
    stop = threading.Event()

    def drip():
        for ch in b"GET /livez HTTP/1.1\r\nHost: slow\r\n":
            if stop.is_set():
                return
            for s in socks:
                try:
                    s.send(bytes([ch]))
                except OSError:
                    pass
            time.sleep(2)

    threading.Thread(target=drip, daemon=True).start()
    times = wait_closed(socks, 100)
    stop.set()
    print(f"slow_later: 40 connections, 1 byte / 2 s of a second keep-alive request: {summary(times)}")
    srv.stop()


def stalled_bodies(binary, n=600):
    srv = Server(binary)
    base = rss_kb(srv.pid)
    body = b'{"text":"' + b"a" * ((1 << 20) - 64)
    head = (f"POST /extract HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            f"Content-Length: {1 << 20}\r\n\r\n").encode()
    socks = []
    refused_mid_send = 0
    peak = base
    for i in range(n):
        try:
            s = socket.create_connection((HOST, srv.port), timeout=5)
        except OSError:
            break
        try:
            s.sendall(head + body[: (1 << 20) - 1000])
        except OSError:
            # Answered 503 overloaded (receive budget) and no longer read by the server.
            refused_mid_send += 1
        socks.append(s)
        if i % 50 == 0:
            peak = max(peak, rss_kb(srv.pid))
    sent = time.time()
    sampler_stop = threading.Event()
    peaks = [peak]

    def sample():
        while not sampler_stop.is_set():
            peaks.append(rss_kb(srv.pid))
            time.sleep(0.1)

    threading.Thread(target=sample, daemon=True).start()
    times = wait_closed(socks, 60)
    sampler_stop.set()
    during = max(peaks)
    time.sleep(10)
    after10 = rss_kb(srv.pid)
    print(f"stalled_bodies: {len(socks)} connections each sent ~1 MB of a 1 MiB body and stalled "
          f"({refused_mid_send} could not finish sending: refused mid-body): "
          f"{summary(times)} (from the last send {time.time() - sent - 10:.0f} s ago); "
          f"RSS {base // 1024} MB before, peak {during // 1024} MB, {after10 // 1024} MB 10 s after; "
          f"a client meanwhile: {status(srv.port, '/livez')}")
    srv.stop()


def low_ulimit(binary):
    srv = Server(binary, ulimit=128)
    socks = []
    for _ in range(300):
        try:
            socks.append(socket.create_connection((HOST, srv.port), timeout=2))
        except OSError:
            break
    t0 = time.time()
    served = None
    while time.time() - t0 < 60:
        if status(srv.port, "/livez") == 204:
            served = time.time() - t0
            break
        time.sleep(0.2)
    answers = {}
    for s in socks:
        s.settimeout(20)
        try:
            d = s.recv(12)
        except OSError:
            d = b"(none)"
        answers[d.decode(errors="replace")] = answers.get(d.decode(errors="replace"), 0) + 1
        s.close()
    print(f"low_ulimit: ulimit -n 128, {len(socks)} silent connections: a new client served after "
          f"{served if served is None else round(served, 1)} s; answers {answers}")
    srv.stop()


def gzip_bombs(binary, n=16):
    srv = Server(binary)
    base = rss_kb(srv.pid)
    raw = b'{"text":"' + b"a" * (1 << 30) + b'"}'
    bomb = gzip.compress(raw, 9)
    del raw
    codes = []

    def one():
        r = post(srv.port, "/extract", bomb, "Content-Encoding: gzip\r\n")
        codes.append(r[9:12].decode())

    t0 = time.time()
    ts = [threading.Thread(target=one) for _ in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
    print(f"gzip_bombs: {n} at once, {len(bomb)} B gzip -> 1 GiB: answers {sorted(set(codes))} in "
          f"{time.time() - t0:.1f} s; RSS {base // 1024} MB before, peak (VmHWM) "
          f"{rss_kb(srv.pid, 'VmHWM') // 1024} MB")
    srv.stop()


def max_texts(binary, parallel=2, args=("--request-deadline-ms", "60000")):
    # A 60 s deadline: one such text takes 8-10 s on 2 cores, the default 10 s deadline would
    # cut it and hide the memory it needs.
    srv = Server(binary, args)
    base = rss_kb(srv.pid)
    text = "a\n" * 100_000
    body = json.dumps({"text": text}).encode()
    codes = []

    def one():
        r = post(srv.port, "/analyze", body)
        codes.append(r[9:12].decode())

    t0 = time.time()
    ts = [threading.Thread(target=one) for _ in range(parallel)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(300)
    took = time.time() - t0
    peak = rss_kb(srv.pid, "VmHWM")
    time.sleep(60)
    after = rss_kb(srv.pid)
    print(f"max_texts: {parallel} × 200,000 code points of 'a\\n' on /analyze {list(args)}: answers "
          f"{codes} in {took:.1f} s; RSS {base // 1024} MB before, peak {peak // 1024} MB, "
          f"{after // 1024} MB 60 s after")
    srv.stop()


def sigterm(binary):
    srv = Server(binary)
    stalled = socket.create_connection((HOST, srv.port))
    stalled.sendall(b"POST /extract HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 1000\r\n\r\n{\"text\":\"a")
    idle = socket.create_connection((HOST, srv.port))
    idle.sendall(b"GET /livez HTTP/1.1\r\nHost: t\r\n\r\n")
    idle.recv(4096)
    half = socket.create_connection((HOST, srv.port))
    half.sendall(b"GET /livez HTTP/1.1\r\nHo")
    t0 = time.time()
    srv.proc.send_signal(signal.SIGTERM)
    try:
        code = srv.proc.wait(60)
    except subprocess.TimeoutExpired:
        code = None
    print(f"sigterm: stalled body + idle keep-alive + half head: exit {code} after "
          f"{time.time() - t0:.1f} s (drain 5 s, shutdown timeout 25 s)")


def max_text_one(binary):
    max_texts(binary, 1)


def max_texts_unbudgeted(binary):
    max_texts(binary, 2, ("--request-deadline-ms", "60000", "--max-inflight-body-bytes", "0"))


PARTS = {
    "slow_first": slow_first,
    "slow_later": slow_later,
    "stalled_bodies": stalled_bodies,
    "low_ulimit": low_ulimit,
    "gzip_bombs": gzip_bombs,
    "max_texts": max_texts,
    "max_text_one": max_text_one,
    "max_texts_unbudgeted": max_texts_unbudgeted,
    "sigterm": sigterm,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/quoth")
    ap.add_argument("--only", action="append", choices=sorted(PARTS))
    a = ap.parse_args()
    for name in a.only or PARTS:
        PARTS[name](os.path.abspath(a.bin))


if __name__ == "__main__":
    main()
