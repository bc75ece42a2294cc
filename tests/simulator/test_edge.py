"""The server's edge: bodies too large (refused while they stream in), too slow (408), hung up on (no error),
and list limits in ASCII digits only. Against a simulator subprocess, so its memory can be measured.

Nothing here depends on the machine's speed: the simulator most tests use waits ten minutes for a body,
so a 100 MB upload meets the size limit long before its deadline, however slowly it goes; the 408 test
has a simulator of its own with a one-second deadline and a body that never ends, so it times out on
any machine. A test waits for what the server does (an answer, its 100 Continue), never for a while."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from simulator.launch import SimulatorProcess

PATIENT = 600.0  # the body timeout of the simulator most tests use: no upload here comes near it
BODY_TIMEOUT = 1.0  # the 408 test's simulator: its body never ends, so the deadline comes on any machine
UPLOAD_LIMIT = 1 << 20


def edge_simulator(root: Path, body_timeout: float):
    conformance = root / "conformance.jsonl"
    env = {"SIMULATOR_BODY_TIMEOUT": str(body_timeout), "SIMULATOR_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT), "SIMULATOR_CONFORMANCE_LOG": str(conformance)}
    simulator = SimulatorProcess(root / "sim.db", env=env)
    simulator.conformance = conformance
    return simulator


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    with edge_simulator(tmp_path_factory.mktemp("edge"), PATIENT) as simulator:
        yield simulator


@pytest.fixture(scope="module")
def impatient(tmp_path_factory):
    with edge_simulator(tmp_path_factory.mktemp("impatient"), BODY_TIMEOUT) as simulator:
        yield simulator


def connect(simulator) -> socket.socket:
    return socket.create_connection(("127.0.0.1", simulator.port), timeout=30)


def head(path: str, extra: str = "", content_type: str = "application/json") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-edge\r\nOpenAI-Beta: assistants=v2\r\nContent-Type: {content_type}\r\n{extra}\r\n"
    ).encode()


def read_response(sock: socket.socket, timeout: float = 30) -> bytes:
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data or len(data) < data.index(b"\r\n\r\n") + 4 + content_length(data):
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    return data


def read_until(sock: socket.socket, marker: bytes, timeout: float = 30) -> bytes:
    sock.settimeout(timeout)
    data = b""
    while marker not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def content_length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else 0


def peak_rss_mb(simulator) -> float:
    for line in Path(f"/proc/{simulator.process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    pytest.skip("no /proc/<pid>/status here")


def stream_chunks(sock: socket.socket, total: int, chunk: bytes, sent: list[int], stop: threading.Event) -> None:
    try:
        while sent[0] < total and not stop.is_set():
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent[0] += len(chunk)
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server stopped reading, as it should


def assert_quiet(simulator, since: int, *, answered: bool = True) -> None:
    """Nothing in the server's log since `since` (no traceback, no 500), no conformance record.

    After an answer the server has logged whatever it would (it logs before it answers). A client that hung
    up gets no answer, so there is no event to wait for: `answered=False` gives the server a moment to
    misbehave before looking. That moment only decides whether a late error is caught; it can never fail
    a server that behaves, however slow the machine."""
    if not answered:
        time.sleep(0.3)
    log = simulator.log.read_bytes()[since:].decode(errors="replace")
    assert "Traceback" not in log and "ERROR" not in log and "Exception" not in log, log
    records = simulator.conformance.read_text().splitlines() if simulator.conformance.exists() else []
    assert records == [], records


@pytest.mark.parametrize("path", ["/v1/assistants", "/v1/files"])
def test_a_huge_chunked_body_is_refused_early_and_never_held_in_memory(edge, path):
    since = edge.log.stat().st_size
    before = peak_rss_mb(edge)
    total = 100 << 20
    sock = connect(edge)
    content_type = "multipart/form-data; boundary=xyz" if path == "/v1/files" else "application/json"
    sock.sendall(head(path, "Transfer-Encoding: chunked\r\n", content_type))
    if path == "/v1/files":  # a well-formed start: a file part that never ends
        part = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
        sock.sendall(b"%x\r\n%s\r\n" % (len(part), part))
    sent, stop = [0], threading.Event()
    sender = threading.Thread(target=stream_chunks, args=(sock, total, b"[" * (1 << 20), sent, stop))
    sender.start()
    response = read_response(sock)
    at = sent[0]
    stop.set()
    sock.close()
    sender.join(30)
    assert status_of(response) == 413, response[:500]
    assert b"Request body too large" in response
    assert at < 60 << 20, f"the 413 came only after {at >> 20} MB"
    grew = peak_rss_mb(edge) - before
    assert grew < 60, f"the server's peak memory grew by {grew:.0f} MB"
    assert_quiet(edge, since)


def test_a_declared_length_over_the_limit_is_refused_before_reading(edge):
    sock = connect(edge)
    sock.sendall(head("/v1/assistants", f"Content-Length: {500 << 20}\r\n"))
    response = read_response(sock, timeout=10)
    sock.close()
    assert status_of(response) == 413, response[:300]


@pytest.mark.parametrize(
    "path,content_type", [("/v1/assistants", "application/json"), ("/v1/files", "multipart/form-data; boundary=xyz"), ("/v1/threads/runs", "application/json")]
)
def test_a_client_that_hangs_up_mid_body_is_no_error(edge, path, content_type):
    since = edge.log.stat().st_size
    sock = connect(edge)
    # Expect: 100-continue: the server says "100 Continue" when the route starts reading the body, so the
    # hang-up below comes while it reads, not before the request got that far.
    sock.sendall(head(path, "Content-Length: 100000\r\nExpect: 100-continue\r\n", content_type))
    assert read_until(sock, b"\r\n\r\n").startswith(b"HTTP/1.1 100 Continue")
    sock.sendall(b'{"model": "gpt-4o", "name": "')
    sock.close()
    assert_quiet(edge, since, answered=False)
    assert httpx.get(f"http://127.0.0.1:{edge.port}/health", timeout=5).status_code == 200


def test_a_slow_body_gets_408_after_the_timeout(impatient):
    since = impatient.log.stat().st_size
    sock = connect(impatient)
    started = time.monotonic()
    sock.sendall(head("/v1/assistants", "Content-Length: 1000\r\n") + b'{"model": ')  # and the rest never comes
    response = read_response(sock, timeout=60)
    took = time.monotonic() - started
    sock.close()
    assert status_of(response) == 408, response[:300]
    assert took >= BODY_TIMEOUT, f"408 after {took:.2f} s, before the {BODY_TIMEOUT} s deadline"  # its clock started after ours
    assert json.loads(response.split(b"\r\n\r\n", 1)[1])["error"]["type"] == "invalid_request_error"
    assert_quiet(impatient, since)


def test_a_body_that_arrives_in_time_is_unaffected(edge):
    with httpx.Client(base_url=edge.base_url, headers={"Authorization": "Bearer sk-edge", "OpenAI-Beta": "assistants=v2"}) as http:
        response = http.post("/assistants", json={"model": "gpt-4o", "name": "x" * 200})
        assert response.status_code == 200, response.text
        upload = http.post("/files", files={"file": ("a.csv", b"a,b\n1,2\n")}, data={"purpose": "assistants"})
        assert upload.status_code == 200, upload.text


@pytest.mark.parametrize("limit", ["1_0", "١٠", " 10", "10 ", "1e1", "0x10", "+-1", "１０"])
def test_limit_takes_ascii_digits_only(edge, limit):
    response = httpx.get(f"{edge.base_url}/assistants", params={"limit": limit}, headers={"Authorization": "Bearer sk-edge", "OpenAI-Beta": "assistants=v2"})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["param"] == "limit" and error["message"] == f"Invalid type for 'limit': expected an integer, but got '{limit}' instead."


def test_limit_in_digits_still_works(edge):
    headers = {"Authorization": "Bearer sk-edge", "OpenAI-Beta": "assistants=v2"}
    assert httpx.get(f"{edge.base_url}/assistants", params={"limit": "10"}, headers=headers).status_code == 200
    response = httpx.get(f"{edge.base_url}/assistants", params={"limit": "0"}, headers=headers)
    assert response.status_code == 400 and "between 1 and 100" in response.json()["error"]["message"]
