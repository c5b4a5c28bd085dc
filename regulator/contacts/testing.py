"""Test helpers of contacts: a small IMAP4rev1 server on loopback that speaks the real
protocol to ``imaplib`` (greeting, CAPABILITY, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH
RFC822, UID STORE +FLAGS (\\Seen), LOGOUT), holding messages in memory."""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field
from types import TracebackType


@dataclass
class StoredMail:
    uid: int
    raw: bytes
    seen: bool = False


@dataclass
class Mailbox:
    user: str = "enquiries"
    password: str = "imap-test-password"  # noqa: S105 - a test server's own password
    messages: list[StoredMail] = field(default_factory=list)
    logins: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver(self, raw: bytes) -> int:
        with self.lock:
            uid = (self.messages[-1].uid if self.messages else 0) + 1
            self.messages.append(StoredMail(uid, raw))
            return uid


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _send(self, line: str | bytes) -> None:
        data = line if isinstance(line, bytes) else line.encode()
        self.wfile.write(data + b"\r\n")

    def handle(self) -> None:
        box = self.server.mailbox
        self._send("* OK IMAP4rev1 test server ready")
        authed = False
        while True:
            line = self.rfile.readline()
            if not line:
                return
            parts = line.decode().rstrip("\r\n").split(" ", 2)
            tag, command = parts[0], (parts[1].upper() if len(parts) > 1 else "")
            rest = parts[2] if len(parts) > 2 else ""
            if command == "CAPABILITY":
                self._send("* CAPABILITY IMAP4rev1")
                self._send(f"{tag} OK CAPABILITY completed")
            elif command == "LOGIN":
                user, _sep, password = rest.partition(" ")
                if user.strip('"') == box.user and password.strip('"') == box.password:
                    authed = True
                    box.logins += 1
                    self._send(f"{tag} OK LOGIN completed")
                else:
                    self._send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
            elif command == "SELECT" and authed:
                self._send(f"* {len(box.messages)} EXISTS")
                self._send("* FLAGS (\\Seen)")
                self._send(f"{tag} OK [READ-WRITE] SELECT completed")
            elif command == "UID" and authed:
                self._uid(tag, rest)
            elif command == "NOOP":
                self._send(f"{tag} OK NOOP completed")
            elif command == "LOGOUT":
                self._send("* BYE logging out")
                self._send(f"{tag} OK LOGOUT completed")
                return
            else:
                self._send(f"{tag} BAD unknown or not allowed")

    def _uid(self, tag: str, rest: str) -> None:
        box = self.server.mailbox
        sub, _sep, args = rest.partition(" ")
        sub = sub.upper()
        with box.lock:
            if sub == "SEARCH":
                uids = [
                    str(m.uid) for m in box.messages if not (m.seen and "UNSEEN" in args.upper())
                ]
                self._send("* SEARCH" + "".join(f" {u}" for u in uids))
                self._send(f"{tag} OK SEARCH completed")
            elif sub == "FETCH":
                uid = int(args.split(" ", 1)[0])
                for seq, mail in enumerate(box.messages, start=1):
                    if mail.uid == uid:
                        self._send(f"* {seq} FETCH (UID {uid} RFC822 {{{len(mail.raw)}}}".encode())
                        self.wfile.write(mail.raw + b")\r\n")
                self._send(f"{tag} OK FETCH completed")
            elif sub == "STORE":
                match = re.match(r"(\d+) \+FLAGS", args)
                for seq, mail in enumerate(box.messages, start=1):
                    if match and mail.uid == int(match.group(1)):
                        mail.seen = True
                        self._send(f"* {seq} FETCH (UID {mail.uid} FLAGS (\\Seen))")
                self._send(f"{tag} OK STORE completed")
            else:
                self._send(f"{tag} BAD unknown UID command")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    mailbox: Mailbox


class ImapTestServer:
    """``with ImapTestServer() as server: server.port, server.mailbox.deliver(raw)``."""

    def __init__(self, mailbox: Mailbox | None = None) -> None:
        self.mailbox = mailbox or Mailbox()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.mailbox = self.mailbox
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ImapTestServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
