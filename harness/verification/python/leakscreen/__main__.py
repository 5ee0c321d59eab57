"""python3 -m leakscreen: reads one request on stdin, prints {"checks": [...]} on stdout (see __init__)."""
import json
import sys

from .run import run

if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout, allow_nan=False, ensure_ascii=False)
