# A one-shot Lambda Runtime API on loopback: serves one event, prints the response the runtime posts, stops.
import http.server, json, sys, threading
event = open(sys.argv[2], 'rb').read()
served = {'n': 0}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if served['n'] > 0:
            return  # hang: only one invocation
        served['n'] += 1
        self.send_response(200)
        for k, v in [('Lambda-Runtime-Aws-Request-Id', 'req-1'), ('Lambda-Runtime-Deadline-Ms', '9999999999999'),
                     ('Lambda-Runtime-Invoked-Function-Arn', 'arn:aws:lambda:ap-northeast-2:123456789012:function:ScalingTunerFunction'),
                     ('Lambda-Runtime-Trace-Id', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'),
                     ('Content-Type', 'application/json')]:
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(event)))
        self.end_headers(); self.wfile.write(event)
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        print(self.path, body.decode(), flush=True)
        self.send_response(202); self.end_headers()
        threading.Thread(target=self.server.shutdown).start()
http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
