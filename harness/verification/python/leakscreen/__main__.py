"""python3 -m leakscreen [--table]: reads one request on stdin, prints {"checks": [...]} on stdout.
Without --table the request names a prepared task (see __init__); with it, one raw table (table.py)."""
import json
import sys

from .run import run
from .table import screen_table

if __name__ == "__main__":
    entry = screen_table if sys.argv[1:] == ["--table"] else run
    json.dump(entry(json.load(sys.stdin)), sys.stdout, allow_nan=False, ensure_ascii=False)
