"""Text tables read as R's data() reads them: the real KMsurv and timereg files, and the rules of read.table."""
import gzip
import os
import tempfile
import unittest

from rpkg.datafiles import DataFileError, make_name, read_table_file, table_file
from rpkg.tests.test_packages import UNPACKED

KMSURV = os.path.join(UNPACKED, "r-cran-kmsurv", "usr", "lib", "R", "site-library", "KMsurv", "data")
TIMEREG = os.path.join(UNPACKED, "r-cran-timereg", "usr", "lib", "R", "site-library", "timereg", "data")


def write(text, name="t.txt"):
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, name)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:
        f.write(text)
    return path


class DataFilesTest(unittest.TestCase):
    def test_kmsurv_std(self):
        # ?std: "The std data frame has 877 rows"; race is "W=white, B=black", a factor in R (as.is = FALSE).
        table = read_table_file(table_file(KMSURV, "std"))
        self.assertEqual(table.rows, 877)
        self.assertEqual(list(table.frame.columns[:3]), ["obs", "race", "marital"])
        race = next(c for c in table.columns if c.name == "race")
        self.assertEqual((race.kind, race.levels), ("factor", ["B", "W"]))
        self.assertEqual(int(table.frame["time"].iloc[0]), 984)

    def test_timereg_row_names_and_missing_values(self):
        # TRACE's header has one field fewer than its rows: the first field ("X6440") names the row.
        trace = read_table_file(table_file(TIMEREG, "TRACE"))
        self.assertEqual(list(trace.frame.columns[:3]), ["rowname", "id", "wmi"])
        self.assertEqual((trace.frame["rowname"].iloc[0], int(trace.frame["id"].iloc[0]), float(trace.frame["wmi"].iloc[0])), ("X6440", 6440, 1.9))
        # mypbc: row names "1", "2", ... carry nothing and are dropped; NA cells are missing values.
        pbc = read_table_file(table_file(TIMEREG, "mypbc"))
        self.assertEqual(pbc.frame.columns[0], "id")
        self.assertEqual(pbc.rows, 418)
        self.assertGreater(int(pbc.frame["chol"].isna().sum()), 0)
        sex = next(c for c in pbc.columns if c.name == "sex")
        self.assertEqual((sex.kind, sex.levels), ("factor", ["f", "m"]))

    def test_read_table_rules(self):
        table = read_table_file(write('a "b c" d\n1 "x y" T # a comment\n2.5 z NA\n'))
        self.assertEqual(list(table.frame.columns), ["a", "b.c", "d"])
        self.assertEqual([c.kind for c in table.columns], ["double", "factor", "logical"])
        self.assertEqual(list(table.frame["b.c"].astype(str)), ["x y", "z"])
        self.assertTrue(table.frame["d"].isna().iloc[1])
        ints = read_table_file(write("n\n1\nNA\n3\n", "n.txt.gz"))
        self.assertEqual(ints.columns[0].kind, "integer")
        self.assertEqual(int(ints.frame["n"].isna().sum()), 1)
        semicolons = read_table_file(write("x;y\n1;a b\n2;c\n", "s.csv"))
        self.assertEqual(list(semicolons.frame["y"].astype(str)), ["a b", "c"])

    def test_names_and_errors(self):
        self.assertEqual([make_name(n) for n in ("1st", "a b", ".5", "ok.name")], ["X1st", "a.b", "X.5", "ok.name"])
        with self.assertRaisesRegex(DataFileError, r"t\.txt:3: 1 fields where the first row has 2"):
            read_table_file(write("a b\n1 2\n3\n"))
        with self.assertRaisesRegex(DataFileError, "unterminated quote"):
            read_table_file(write('a\n"x\n'))
        self.assertIsNone(table_file(KMSURV, "no-such-table"))


if __name__ == "__main__":
    unittest.main()
