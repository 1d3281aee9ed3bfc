#!/usr/bin/env python3
"""Measures the dev server's save-to-reload latency.

Starts `deputy-board serve` on a copy of a site, opens the live-reload event stream,
then N times appends a line to one content file and times how long the `reload` event
takes to arrive. Prints the median and the spread.

usage: scripts/reload-latency.py SITE_DIR CONTENT_FILE [N] [body|occupation] [OPEN_PAGE]
  e.g. scripts/reload-latency.py . content/deputies/zhang-xiaohong.md 15 occupation /renda/deputies/zhang-xiaohong/
"body" (the default) appends to the Markdown body, which only the deputy's own page
shows; "occupation" edits a field that lists, sheets and index pages show. OPEN_PAGE is
the URL path of the page the event stream says is open (as the injected script does);
list pages that are not open are rendered after the reload event. Saves are a second
apart, so each finds the previous one finished.
"""
import os, shutil, socket, statistics, subprocess, sys, tempfile, time

site, rel = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
mode = sys.argv[4] if len(sys.argv) > 4 else "body"
open_page = sys.argv[5] if len(sys.argv) > 5 else ""
binary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "deputy-board")
work = tempfile.mkdtemp()
copy = os.path.join(work, "site")
shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", "target", ".git"))
probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
server = subprocess.Popen([binary, "--root", copy, "-q", "serve", "--port", str(port)], stderr=subprocess.DEVNULL)
try:
    deadline = time.time() + 120
    while True:
        try:
            events = socket.create_connection(("127.0.0.1", port)); break
        except OSError:
            if time.time() > deadline: raise
            time.sleep(0.05)
    query = "?page=" + open_page.replace("/", "%2F") if open_page else ""
    events.sendall(f"GET /__deputy_board/events{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    events.settimeout(60)
    buffer = b""
    while b": connected" not in buffer:
        buffer += events.recv(4096)
    path = os.path.join(copy, rel)
    original = open(path, encoding="utf-8").read()
    samples = []
    for i in range(runs):
        time.sleep(1.0)
        buffer = b""
        start = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            if mode == "occupation":
                f.write(original.replace("occupation: ", f"occupation: 第{i}次", 1))
            else:
                f.write(original + f"\n修改{i}\n")
        while b"event: reload" not in buffer:
            buffer += events.recv(4096)
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{mode} edit: save -> reload event over {runs} saves: median {statistics.median(samples):.0f} ms, "
          f"min {min(samples):.0f} ms, max {max(samples):.0f} ms")
finally:
    server.kill(); server.wait(); shutil.rmtree(work, ignore_errors=True)
