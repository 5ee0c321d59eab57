"""Targets stated in a help page's prose, against the pages of mclust, modeldata, mlmRev, carData, MASS and TH.data."""
import unittest

from rpkg.catalog import PackageDatasets
from rpkg.tests.test_packages import package


def card(debian, obj):
    return PackageDatasets(package(debian), {}, scan_all=False).table_and_card(obj)[1]


def prose(debian, obj):
    return [(t["column"], t["modelFamily"]) for t in card(debian, obj)["targets"] if t["evidence"]["kind"] == "r-prose"]


class ProseTest(unittest.TestCase):
    def test_classes_named_by_their_labels(self):
        # ?wdbc: "For each patient the cancer was diagnosed as malignant or benign"; Diagnosis: "M = malignant, B = benign".
        (target,) = card("r-cran-mclust", "wdbc")["targets"]
        self.assertEqual((target["column"], target["evidence"]), ("Diagnosis", {"kind": "r-prose", "text": "For each patient the cancer was diagnosed as malignant or benign."}))
        # ?thyroid: "... can be classified as euthyroidism (normal ...), hypothyroidism ... or hyperthyroidism"; levels Hypo, Normal, Hyper.
        self.assertEqual(prose("r-cran-mclust", "thyroid"), [("Diagnosis", "classification")])
        # ?hpc_data: "... to classify there completion times as either very fast (..., VF), fast (..., F), moderate (..., M), or long (..., L)".
        self.assertEqual(prose("r-cran-modeldata", "hpc_data"), [("class", "classification")])

    def test_response_and_outcome_variables_named_in_a_sentence(self):
        # ?Gcsemv: "Two components of the exam were chosen as outcome variables: written paper and course work."
        self.assertEqual(prose("r-cran-mlmrev", "Gcsemv"), [("written", "regression"), ("course", "regression")])
        # ?GSSvocab: "with response given by subject's score on a vocabulary test, and factors for age group, ..."
        self.assertEqual(prose("r-cran-cardata", "GSSvocab"), [("vocab", "regression")])

    def test_class_columns_of_pages_about_classes(self):
        # ?GlaucomaM: "The GlaucomaM data has 196 observations in two classes."
        self.assertEqual(prose("r-cran-th.data", "GlaucomaM"), [("Class", "classification")])
        # ?biopsy: "... each of nine attributes has been scored on a scale of 1 to 10, and the outcome is also known."
        self.assertEqual(prose("r-cran-mass", "biopsy"), [("class", "classification")])
        # ?small_fine_foods: "... and a factor column for a class variable." (score, levels great and other)
        self.assertEqual(prose("r-cran-modeldata", "testing_data"), [("score", "classification")])
        # ?stackoverflow: "These data could be used to try to predict who works remotely".
        self.assertEqual(prose("r-cran-modeldata", "stackoverflow"), [("Remote", "classification")])

    def test_no_target_from_a_mere_mention(self):
        # ?Suicide: "suicide rates in West Germany classified by age, sex, and method of suicide": classified
        # by, not as; none of the factors is what the rows are classified into.
        self.assertEqual(prose("r-cran-vcd", "Suicide"), [])
        # ?storms: "status: Storm classification (...)" is a \format entry, not a sentence of the page.
        self.assertEqual(prose("r-cran-dplyr", "storms"), [])


if __name__ == "__main__":
    unittest.main()
