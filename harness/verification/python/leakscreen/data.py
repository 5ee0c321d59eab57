"""A prepared task's data as the checks read it: train.csv, test.csv joined to answers.csv, column kinds."""
from .history import series_history
from .values import Target, column_kind, read_csv, to_num


class Data:
    def __init__(self, req, frames=None):
        """Reads the request's train, test and answers CSVs, or takes them as `frames` (train, test, answers)."""
        self.req = req
        # How messages name the training rows: train.csv, or the raw table screened in its place.
        self.train_name = req.get("trainName", "train.csv")
        self.opt = req["options"]
        self.id = req["idColumn"]
        self.targets = list(req["targetColumns"])
        self.objective = req["objective"]
        self.modality = req.get("modality")
        self.classes = req.get("classes")
        self.public_dir = req["publicDir"]
        self.train, self.test, self.answers = frames or (read_csv(req["train"]), read_csv(req["test"]), read_csv(req["answers"]))
        # A forecast's lags of its target, with how many test values each gives that training never saw.
        self.lags = series_history(self.objective, self.train, self.test, self.targets)
        # Lags whose every test value was observed in training are the series' past, not screened as leaks.
        history = {c for c, (unseen, _) in self.lags.items() if unseen == 0}
        skip = {self.id, *self.targets, *history}
        self.features = [c for c in self.train.columns if c not in skip]
        self.test_features = [c for c in self.test.columns if c != self.id and c not in history]
        self.kinds = {c: column_kind(self.train[c], self.public_dir) for c in self.features}
        for c in self.test_features:
            if c not in self.kinds:
                self.kinds[c] = column_kind(self.test[c], self.public_dir)
        self.train_targets = {t: Target(t, self.train[t], self.objective, self.classes) for t in self.targets if t in self.train.columns}
        # The test rows joined to their answers, in test.csv order.
        self.test_joined = None
        if len(self.test) and self.id in self.test.columns and self.id in self.answers.columns:
            ans = self.answers[[self.id] + [t for t in self.targets if t in self.answers.columns]]
            ans = ans.rename(columns={t: f"__answer__{t}" for t in self.targets})
            self.test_joined = self.test.merge(ans, on=self.id, how="inner", sort=False).reset_index(drop=True)
        self.test_targets = {}
        if self.test_joined is not None:
            for t in self.targets:
                key = f"__answer__{t}"
                if key in self.test_joined.columns:
                    self.test_targets[t] = Target(t, self.test_joined[key], self.objective, self.classes)
        self.flagged = {}  # column -> the check that already reported it
        # Cross-validated single-feature scores per target, for the hard-target check's comparison.
        self.single_scores = {}
        self.single_majority = {}
        self._numbers = {}

    def number(self, column):
        """train.csv's column as floats (NaN where not a number), parsed once for every check."""
        if column not in self._numbers:
            self._numbers[column] = to_num(self.train[column])
        return self._numbers[column]

    def sides(self):
        """(file name, frame, feature columns, targets) for train.csv and test.csv joined to answers.csv."""
        out = [(self.train_name, self.train, self.features, self.train_targets)]
        if self.test_joined is not None:
            feats = [c for c in self.test_features if c not in self.targets]
            out.append(("test.csv", self.test_joined, feats, self.test_targets))
        return out
