"""Copies or converts user images to PNG. Reads [{"src": ..., "dst": ...}, ...] as JSON on stdin.

A PNG is checked by decoding it and copied byte for byte; other formats are decoded and saved as PNG.
On an unreadable image prints {"file": src, "problem": message} and exits with code 3.
"""
import json
import shutil
import sys

from PIL import Image

SAVEABLE_MODES = {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"}


def convert(src, dst):
    with Image.open(src) as image:
        image.load()
        if image.format == "PNG":
            shutil.copyfile(src, dst)
            return
        if image.mode not in SAVEABLE_MODES:
            image = image.convert("RGBA" if "A" in image.mode else "RGB")
        image.save(dst, format="PNG")


def main():
    for item in json.load(sys.stdin):
        try:
            convert(item["src"], item["dst"])
        except (OSError, SyntaxError, ValueError) as error:
            print(json.dumps({"file": item["src"], "problem": f"not a readable image ({error})"}))
            sys.exit(3)


if __name__ == "__main__":
    main()
