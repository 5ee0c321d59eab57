"""Runs a task's prepare.py: prepare(raw_dir, public_dir, private_dir) with pathlib.Path arguments."""
import importlib.util
import sys
from pathlib import Path


def main(prepare_path, raw_dir, public_dir, private_dir):
    spec = importlib.util.spec_from_file_location("task_prepare", prepare_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    prepare = getattr(module, "prepare", None)
    if not callable(prepare):
        raise SystemExit(f"{prepare_path}: defines no function prepare(raw_dir, public_dir, private_dir)")
    prepare(Path(raw_dir), Path(public_dir), Path(private_dir))


if __name__ == "__main__":
    main(*sys.argv[1:5])
