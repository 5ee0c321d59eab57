"""Writes a data frame from an R .rda file (read with python3-rdata, no R) as data.csv.

export_rdata.py RDA_FILE OBJECT OUT_DIR. Column names are kept as R has them; factors are written as their levels.
"""
import os
import sys

import rdata

from _canonical import write_csv


def main(rda_file, name, out_dir):
    objects = rdata.conversion.convert(rdata.parser.parse_file(rda_file))
    if name not in objects:
        sys.exit(f"{rda_file} has no object {name} (it has: {', '.join(objects)})")
    write_csv(objects[name], os.path.join(out_dir, "data.csv"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
