"""gunicorn settings for production and `make run`: `gunicorn -c gunicorn.conf.py wsgi:app`.

Threaded workers (gthread): a client that sends its request slowly holds one thread, not a whole
worker, so a few slow clients cannot starve the others (docs/deployment.md has the figures). Idle
kept-alive connections wait in the worker's poller, costing no thread, and close after `keepalive`.
"""
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 16))
keepalive = 5
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access logs carry method, path and status only: no query strings, no personal data.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
errorlog = "-"
