#!/usr/bin/env python3
"""A minimal Confluent-compatible schema registry, for `stem bench pool` on a machine without Java
for Apicurio (the project's local registry runner jar is 136 MB, too big to carry there).

BENCHMARK STAND-IN ONLY: schemas are kept in memory, and there is no real compatibility checking
(every check answers compatible; a new schema under a subject just becomes its next version).
The project's serde (schemas/.../serde/SchemaRegistryClient) calls the registry once per schema
and then caches the id both ways, so this server is not on the measured path and does not affect
the throughput figures.

Endpoints (the ones SchemaRegistryClient and LocalSchemaRegistry call, plus a few obvious extras),
served at the root and under /apis/ccompat/v7 and /apis/ccompat/v6, as Apicurio does:
  GET  /subjects                                      -> ["name", ...]
  GET  /config, PUT /config                           -> {"compatibilityLevel": "BACKWARD"}
  GET  /schemas/ids/{id}                              -> {"schema": "..."}
  POST /subjects/{subject}/versions {"schema": ...}   -> {"id": N}  (identical schema text: same id)
  POST /subjects/{subject}          {"schema": ...}   -> {"subject", "id", "version", "schema"} or 404
  GET  /subjects/{subject}/versions                   -> [1, 2, ...]
  GET  /subjects/{subject}/versions/{n|latest}        -> {"subject", "id", "version", "schema"}
  POST /compatibility/subjects/{subject}/versions/{n|latest} -> {"is_compatible": true}

Usage: python3 registry.py [--host 127.0.0.1] [--port 8081] [--quiet]
Python 3 standard library only.
"""
import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
PREFIXES = ("/apis/ccompat/v7", "/apis/ccompat/v6")


class Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.schemas = []          # id - 1 -> canonical schema text
        self.ids_by_text = {}      # canonical schema text -> id
        self.versions = {}         # subject -> [id, ...] (version n = index n - 1)
        self.compatibility = "BACKWARD"

    @staticmethod
    def canonical(text):
        # The same schema sent twice gets the same id: compare it as parsed JSON (key order kept,
        # as Avro field order matters), so that whitespace differences do not count.
        try:
            return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
        except ValueError:
            return text

    def id_of(self, text, create):
        key = self.canonical(text)
        sid = self.ids_by_text.get(key)
        if sid is None and create:
            self.schemas.append(text)
            sid = len(self.schemas)
            self.ids_by_text[key] = sid
        return sid


STORE = Store()
QUIET = False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "devpool-registry/1"

    def log_message(self, fmt, *args):
        if not QUIET:
            sys.stderr.write("registry: %s\n" % (fmt % args))

    # -- plumbing -----------------------------------------------------------------------------
    def reply(self, status, obj):
        body = json.dumps(obj).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code, message):
        self.reply(status, {"error_code": code, "message": message})

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        if not raw:
            return {}
        return json.loads(raw.decode("utf-8"))

    def parts(self):
        path = urlsplit(self.path).path
        for prefix in PREFIXES:
            if path == prefix or path.startswith(prefix + "/"):
                path = path[len(prefix):]
                break
        return [unquote(p) for p in path.strip("/").split("/") if p != ""]

    def dispatch(self, method):
        try:
            p = self.parts()
            data = self.body() if method in ("POST", "PUT") else {}
            with STORE.lock:
                self.route(method, p, data)
        except (ValueError, KeyError) as e:
            self.error(422, 42201, "bad request: %r" % (e,))
        except Exception as e:  # a stand-in: say what went wrong rather than drop the connection
            self.error(500, 50001, "internal error: %r" % (e,))

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    # -- the API ------------------------------------------------------------------------------
    def version_obj(self, subject, n):
        sid = STORE.versions[subject][n - 1]
        return {"subject": subject, "id": sid, "version": n, "schema": STORE.schemas[sid - 1]}

    def resolve_version(self, subject, v):
        ids = STORE.versions.get(subject)
        if not ids:
            return None
        if v in ("latest", "-1"):
            return len(ids)
        n = int(v)
        return n if 1 <= n <= len(ids) else None

    def route(self, method, p, data):
        if not p:
            return self.reply(200, {})
        if p == ["subjects"] and method == "GET":
            return self.reply(200, sorted(STORE.versions))
        if p[0] == "config" and len(p) <= 2:
            if method == "PUT":
                STORE.compatibility = data.get("compatibility", STORE.compatibility)
                return self.reply(200, {"compatibility": STORE.compatibility})
            return self.reply(200, {"compatibilityLevel": STORE.compatibility})
        if p[0] == "mode":
            return self.reply(200, {"mode": "READWRITE"})
        if p[:2] == ["schemas", "types"]:
            return self.reply(200, ["AVRO"])
        if len(p) >= 3 and p[:2] == ["schemas", "ids"] and method == "GET":
            sid = int(p[2])
            if not 1 <= sid <= len(STORE.schemas):
                return self.error(404, 40403, "Schema %d not found" % sid)
            if len(p) == 4 and p[3] == "versions":
                return self.reply(200, [{"subject": s, "version": i + 1}
                                        for s, ids in STORE.versions.items() for i, x in enumerate(ids) if x == sid])
            return self.reply(200, {"schema": STORE.schemas[sid - 1]})
        if p[0] == "compatibility" and len(p) >= 3 and p[1] == "subjects" and method == "POST":
            return self.reply(200, {"is_compatible": True})
        if p[0] == "subjects" and len(p) >= 2:
            subject = p[1]
            if len(p) == 2 and method == "POST":  # lookup: is this schema registered under the subject?
                sid = STORE.id_of(data["schema"], create=False)
                ids = STORE.versions.get(subject)
                if ids is None:
                    return self.error(404, 40401, "Subject '%s' not found." % subject)
                if sid is None or sid not in ids:
                    return self.error(404, 40403, "Schema not found")
                return self.reply(200, self.version_obj(subject, ids.index(sid) + 1))
            if len(p) == 2 and method == "DELETE":
                ids = STORE.versions.pop(subject, None)
                if ids is None:
                    return self.error(404, 40401, "Subject '%s' not found." % subject)
                return self.reply(200, list(range(1, len(ids) + 1)))
            if len(p) == 3 and p[2] == "versions":
                if method == "POST":  # register (or find) the schema under the subject
                    sid = STORE.id_of(data["schema"], create=True)
                    ids = STORE.versions.setdefault(subject, [])
                    if sid not in ids:
                        ids.append(sid)
                    return self.reply(200, {"id": sid})
                if method == "GET":
                    ids = STORE.versions.get(subject)
                    if ids is None:
                        return self.error(404, 40401, "Subject '%s' not found." % subject)
                    return self.reply(200, list(range(1, len(ids) + 1)))
            if len(p) in (4, 5) and p[2] == "versions" and method == "GET":
                if subject not in STORE.versions:
                    return self.error(404, 40401, "Subject '%s' not found." % subject)
                n = self.resolve_version(subject, p[3])
                if n is None:
                    return self.error(404, 40402, "Version %s not found." % p[3])
                v = self.version_obj(subject, n)
                return self.reply(200, json.loads(v["schema"]) if len(p) == 5 and p[4] == "schema" else v)
        return self.error(404, 404, "no such endpoint in this stand-in: %s /%s" % (method, "/".join(p)))


def main():
    global QUIET
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8081)
    ap.add_argument("--quiet", action="store_true", help="do not log each request")
    args = ap.parse_args()
    QUIET = args.quiet
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    sys.stderr.write("registry: listening on http://%s:%d\n" % (args.host, args.port))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
