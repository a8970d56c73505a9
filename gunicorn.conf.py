"""Production serving: ``gunicorn -c gunicorn.conf.py`` (see README, "Production serving").

Settings come from the environment so one file serves every deployment:
  HOST, PORT            where to listen (default 127.0.0.1:8080: only the proxy in front,
                        deploy/nginx.conf, reaches it; see below for why)
  WEB_CONCURRENCY       worker processes (default: one per CPU core)
  GUNICORN_THREADS      threads per worker (default 2: a request may wait on the store or
                        on Alexa's reminder API, and a second thread keeps the CPU busy
                        meanwhile; more threads only queue CPU-bound requests behind one
                        interpreter lock, which lengthens the latency tail)
The skill itself reads SKILL_* variables (skill/config.py). Request verification is on
unless SKILL_LOCAL_DEV=1, which must never be set here.
"""

import gc
import multiprocessing
import os

wsgi_app = "skill.web.app:create_app()"
# Loopback only: the gthread worker ties a thread to each connection until its request
# has been read, so a handful of slow or idle clients would hold every thread. nginx
# (deploy/nginx.conf) takes the public connections and passes on complete requests.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new
# connections across them. With one shared socket, whichever worker wakes first accepts
# a burst of new keep-alive connections, and a worker left with few or none idles while
# the other queues requests behind one core. The costs: connections still waiting in a
# worker's own queue when that worker restarts are reset, and a stale server bound to the
# same port would share it silently instead of this one failing to start.
reuse_port = True
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Alexa gives up after 8 seconds; a worker stuck far longer than that is restarted.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Alexa's requests are small; refuse oversized request lines and headers early.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# Each handled request logs one structured line (skill/logfmt.py) with a hashed user
# id; gunicorn's own access log would add a second, unstructured one.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("SKILL_LOG_LEVEL", "info").lower()
# Workers open their own SQLite connections after the fork, never inherited ones.
preload_app = False
# Workers touch a heartbeat file on every loop; in memory that never waits on a disk
# (gunicorn's advice for containers, whose temporary directory is often an overlay).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker: object) -> None:
    """The app is built: what it holds lives as long as the worker, out of the collector's way.

    Without this, each full collection walks every module, class and function the app
    imported (some 60,000 objects), stalling the worker's requests for 40 to 60 ms; after
    ``gc.freeze()`` it walks only what requests made since (README, "Benchmark").
    """
    gc.freeze()
