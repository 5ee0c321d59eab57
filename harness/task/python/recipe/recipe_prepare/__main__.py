"""python3 -m recipe_prepare RECIPE_JSON RAW_DIR PUBLIC_DIR PRIVATE_DIR"""
import json
import sys
from pathlib import Path

from .prepare import prepare
from .table import RecipeError


def main(argv):
    if len(argv) != 4:
        raise SystemExit("usage: python3 -m recipe_prepare RECIPE_JSON RAW_DIR PUBLIC_DIR PRIVATE_DIR")
    recipe = json.loads(Path(argv[0]).read_text())
    try:
        prepare(recipe, Path(argv[1]), Path(argv[2]), Path(argv[3]))
    except RecipeError as err:
        raise SystemExit(f"recipe: {err}")


if __name__ == "__main__":
    main(sys.argv[1:])
