"""Against the real Debian packages that scripts/setup.sh unpacks into .cache/debian-r."""
import json
import os
import tempfile
import unittest

from rpkg.catalog import OverrideError, PackageDatasets, load_overrides
from rpkg.package import RPackage, find_package_dir
from rpkg.texts import Collection, collection_table

UNPACKED = os.environ.get("RPKG_UNPACKED") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "..", ".cache", "debian-r")


def package(debian):
    return RPackage(find_package_dir(os.path.join(UNPACKED, debian)))


class PackagesTest(unittest.TestCase):
    def test_the_index_comes_from_meta_data_rds(self):
        aer = package("r-cran-aer")
        entry = next(e for e in aer.data_index if e.object == "CPS1985")
        self.assertEqual(entry.title, "Determinants of Wages Data (CPS 1985)")
        self.assertGreater(len(aer.data_index), 100)
        # "object (file)" items: modeldata keeps several objects in one file.
        grants = [e for e in package("r-cran-modeldata").data_index if e.file == "grants"]
        self.assertEqual(sorted(e.object for e in grants), ["grants_2008", "grants_other", "grants_test"])

    def test_help_pages_render_format_items_and_examples(self):
        page = package("r-cran-aer").page("CPS1985")
        items = {i.label: i.text for i in page.items}
        self.assertEqual(items["wage"], "Wage (in dollars per hour).")
        self.assertIn("lm(log(wage) ~ union + education, data = CPS1985)", page.examples)
        # survival documents lung under the alias of the page `lung` (also named `cancer`).
        self.assertEqual(package("r-cran-survival").page("cancer").name, "lung")

    def test_lazy_load_data_and_rda_files(self):
        t = PackageDatasets(package("r-cran-lme4"), {}).table_and_card("sleepstudy")[0]
        self.assertEqual((t.rows, list(t.frame.columns)), (180, ["Reaction", "Days", "Subject"]))
        glass = PackageDatasets(package("r-cran-mlbench"), {}).table_and_card("Glass")[0]
        self.assertEqual((glass.rows, glass.frame.columns[-1]), (214, "Type"))

    def test_catalog_reasons(self):
        mlbench = PackageDatasets(package("r-cran-mlbench"), {})
        self.assertEqual(mlbench.describe("Zoo"), {"object": "Zoo", "usable": False, "reason": "too small: 101 rows (fewer than 150)"})
        self.assertTrue(mlbench.describe("Shuttle")["usable"])
        mass = PackageDatasets(package("r-cran-mass"), {})
        self.assertRegex(mass.describe("deaths")["reason"], r"^not a data frame: ts \(double vector of length 72\)")

    def test_text_collections(self):
        tm = package("r-cran-tm")
        table, labels = collection_table(tm, Collection("reuters", ["crude", "acq"], "paragraph", "topic"))
        self.assertEqual(labels, {"crude": "crude", "acq": "acq"})
        self.assertGreater(table.rows, 150)
        self.assertEqual(list(table.frame.columns), ["id", "topic", "document", "heading", "paragraph", "text"])
        self.assertEqual(table.frame["document"].nunique(), 70)
        books = ["emma", "mansfieldpark", "northangerabbey", "persuasion", "prideprejudice", "sensesensibility"]
        table, labels = collection_table(package("r-cran-janeaustenr"), Collection("books", books, "chapter", "book"))
        self.assertEqual(labels["prideprejudice"], "Pride and Prejudice")
        # The chapter counts of the six novels (janeaustenr's austen_books() finds the same headings).
        self.assertEqual(table.frame.groupby("book").size().to_dict(), {"Emma": 55, "Mansfield Park": 48, "Northanger Abbey": 31, "Persuasion": 24, "Pride and Prejudice": 61, "Sense and Sensibility": 50})

    def test_overrides_are_checked_and_errors_name_the_file_and_field(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "overrides.json")
            with open(path, "w") as f:
                json.dump({"datasets": {"MASS/Boston": {"columns": {"medv": {"role": "outcome"}}}}}, f)
            with self.assertRaisesRegex(OverrideError, r"overrides.json: datasets.MASS/Boston.columns.medv: .*include a reason"):
                load_overrides(path)
            with open(path, "w") as f:
                json.dump({"datasets": {"MASS/Boston": {"columns": {"nope": {"role": "outcome", "reason": "r"}}}}}, f)
            with self.assertRaisesRegex(OverrideError, "MASS/Boston: no column nope"):
                PackageDatasets(package("r-cran-mass"), load_overrides(path)).table_and_card("Boston")


class GroupedDataTest(unittest.TestCase):
    """nlme's data objects state their own formula (`?Oxboys`: "height ~ age | Subject" in its format)."""

    def test_the_formula_attribute_is_deparsed(self):
        from rpkg.robject import attribute, deparse

        nlme = package("r-cran-nlme")
        formulas = {e.object: deparse(attribute(nlme.load(e), "formula")) for e in nlme.data_index if e.object in ("Oxboys", "Alfalfa", "Rail")}
        self.assertEqual(formulas, {"Oxboys": "height ~ age | Subject", "Alfalfa": "Yield ~ Date | Block / Variety", "Rail": "travel ~ 1 | Rail"})

    def test_it_makes_the_documented_target_and_grouping(self):
        _, card = PackageDatasets(package("r-cran-nlme"), {}).table_and_card("MathAchieve")
        (target,) = [t for t in card["targets"] if t["evidence"]["text"].startswith("MathAch ~ SES | School")]
        self.assertEqual((target["column"], target["modelFamily"], target["evidence"]["kind"]), ("MathAch", "mixed", "package-docs"))
        roles = {c["name"]: c["role"] for c in card["columns"]}
        self.assertEqual((roles["MathAch"], roles["School"]), ("outcome", "grouping"))


if __name__ == "__main__":
    unittest.main()
