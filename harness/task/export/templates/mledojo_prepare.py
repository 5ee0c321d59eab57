"""utils/prepare.py for MLE-Dojo: runs the arena task's own prepare.py (arena_prepare.py beside
this file), then names the answers as MLE-Dojo expects (private/test_answer.csv)."""
import importlib.util
from pathlib import Path


def prepare(raw: Path, public: Path, private: Path):
    spec = importlib.util.spec_from_file_location("arena_prepare", Path(__file__).with_name("arena_prepare.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    module.prepare(raw, public, private)
    (private / "answers.csv").rename(private / "test_answer.csv")
